-- The shapley credits of every channel set sum to 1 (absolute difference below 1e-9), and
-- markov has exactly one row per channel, all with channel_set '*'. Fails on (returns)
-- every set or channel where that does not hold.

with

model_weights as (
    select * from {{ ref('int_attribution_model_weights') }}
),

shapley_sums as (
    select
        'shapley' as attribution_model,
        channel_set,
        count(*) as weight_rows,
        sum(weight) as weight_sum
    from model_weights
    where attribution_model = 'shapley'
    group by channel_set
),

markov_channels as (
    select
        'markov' as attribution_model,
        channel as channel_set,
        count(*) as weight_rows,
        cast(null as {{ type_double() }}) as weight_sum
    from model_weights
    where attribution_model = 'markov'
    group by channel
    having count(*) > 1 or min(channel_set) <> '*' or max(channel_set) <> '*'
),

failures as (
    select * from shapley_sums
    where abs(weight_sum - 1) >= 0.000000001
    union all
    select * from markov_channels
)

select * from failures

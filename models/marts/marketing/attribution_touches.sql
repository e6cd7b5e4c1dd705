{#-
    One row per (conversion, marketing touch in its lookback window), with the touch's credit
    under each of the seven attribution models. The window is computed in seconds so that a
    fractional `attribution_lookback_days` works the same on every engine. markov and
    shapley spread the channel weights of int_attribution_model_weights (computed by a
    Python step) over the conversion's touches.
-#}
{%- set lookback_seconds = ((var('attribution_lookback_days') | float) * 86400) | round | int -%}
{#- Its range (0 to 0.5) is checked with the other variables in validate_vars. -#}
{%- set endpoint_share = var('position_based_endpoint_share') -%}

with

conversions as (
    select
        conversion_id,
        user_id,
        converted_at,
        conversion_value
    from {{ ref('int_conversions') }}
),

touches as (
    select
        touch_id,
        person_id,
        touched_at,
        campaign_id,
        channel
    from {{ ref('int_marketing_touches') }}
    where person_id is not null
),

model_weights as (
    select
        attribution_model,
        channel_set,
        channel,
        weight
    from {{ ref('int_attribution_model_weights') }}
),

markov_weights as (
    select
        channel,
        weight as removal_effect
    from model_weights
    where attribution_model = 'markov'
),

shapley_weights as (
    select
        channel_set,
        channel,
        weight as path_credit
    from model_weights
    where attribution_model = 'shapley'
),

window_touches as (
    select
        conversions.conversion_id,
        conversions.user_id,
        conversions.converted_at,
        conversions.conversion_value,
        touches.touch_id,
        touches.touched_at,
        touches.campaign_id,
        touches.channel,
        (
            {{ epoch_seconds('conversions.converted_at') }}
            - {{ epoch_seconds('touches.touched_at') }}
        ) / cast(86400 as {{ type_double() }}) as days_before_conversion
    from conversions
    inner join touches
        on
            conversions.user_id = touches.person_id
            and conversions.converted_at >= touches.touched_at
            and {{ dbt.dateadd('second', -lookback_seconds, 'conversions.converted_at') }} <= touches.touched_at
),

ordered as (
    select
        *,
        row_number() over (
            partition by conversion_id
            order by touched_at, touch_id
        ) as touch_number,
        count(*) over (partition by conversion_id) as touches_in_window,
        count(*) over (partition by conversion_id, channel) as channel_touches_in_window,
        min(days_before_conversion) over (partition by conversion_id) as latest_touch_days_before
    from window_touches
),

conversion_channels as (
    select distinct
        conversion_id,
        channel
    from window_touches
),

{# The conversion's channel set, written as int_attribution_journeys writes it. #}
conversion_channel_sets as (
    select
        conversion_id,
        {{ ordered_string_agg('channel', ['channel'], "','") }} as channel_set
    from conversion_channels
    group by conversion_id
),

data_driven_weights as (
    select
        ordered.*,
        coalesce(markov_weights.removal_effect, 0) as removal_effect,
        shapley_weights.path_credit
    from ordered
    inner join conversion_channel_sets
        on ordered.conversion_id = conversion_channel_sets.conversion_id
    left join markov_weights
        on ordered.channel = markov_weights.channel
    left join shapley_weights
        on
            conversion_channel_sets.channel_set = shapley_weights.channel_set
            and ordered.channel = shapley_weights.channel
),

{# 2^(-d/h), scaled by 2^(d_latest/h) so the latest touch weighs 1: the scale cancels out
   when normalising, and no weight sum can underflow to zero. #}
decay_weights as (
    select
        *,
        power(
            cast(2 as {{ type_double() }}),
            -(days_before_conversion - latest_touch_days_before)
            / cast({{ var('time_decay_half_life_days') }} as {{ type_double() }})
        ) as time_decay_weight,
        sum(removal_effect) over (partition by conversion_id) as removal_effect_sum,
        count(path_credit) over (partition by conversion_id) as touches_with_path_credit
    from data_driven_weights
),

credited as (
    select
        *,
        cast(case when touch_number = 1 then 1 else 0 end as {{ type_double() }}) as credit_first_touch,
        cast(
            case when touch_number = touches_in_window then 1 else 0 end as {{ type_double() }}
        ) as credit_last_touch,
        cast(1 as {{ type_double() }}) / touches_in_window as credit_linear,
        time_decay_weight / sum(time_decay_weight) over (partition by conversion_id) as credit_time_decay,
        case
            when touches_in_window = 1 then cast(1 as {{ type_double() }})
            when touches_in_window = 2 then cast(0.5 as {{ type_double() }})
            when touch_number = 1 or touch_number = touches_in_window
                then cast({{ endpoint_share }} as {{ type_double() }})
            else cast(1 - 2 * {{ endpoint_share }} as {{ type_double() }}) / (touches_in_window - 2)
        end as credit_position_based,
        {# Without any removal effect (no channel of the conversion ever converted), or
           without a path credit for each touch, the conversion falls back to linear. #}
        case
            when removal_effect_sum > 0 then removal_effect / removal_effect_sum
            else cast(1 as {{ type_double() }}) / touches_in_window
        end as credit_markov,
        case
            when touches_with_path_credit = touches_in_window
                then path_credit / channel_touches_in_window
            else cast(1 as {{ type_double() }}) / touches_in_window
        end as credit_shapley
    from decay_weights
),

final as (
    select
        {{ dbt.concat(['conversion_id', "'|'", 'touch_id']) }} as attribution_touch_id,
        conversion_id,
        user_id,
        converted_at,
        conversion_value,
        touch_id,
        touched_at,
        campaign_id,
        channel,
        touch_number,
        touches_in_window,
        days_before_conversion,
        credit_first_touch,
        credit_last_touch,
        credit_linear,
        credit_time_decay,
        credit_position_based,
        credit_markov,
        credit_shapley
    from credited
)

{{ contract_select('final') }}

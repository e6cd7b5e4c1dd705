-- Time to first purchase: how many days after signup accounts buy their first ticket.
--
-- One row per customer segment (dimension = 'customer_segment') and one row per
-- acquisition channel (dimension = 'acquisition_channel'), from dim_customer:
-- accounts in the group, purchasers among them, and the distribution of
-- days_to_first_purchase (UTC date of first purchase minus UTC date of signup) over the
-- purchasers: minimum, 25th, 50th (median), 75th and 90th percentile, maximum, mean, and the
-- share who bought on the day of signup and within 7 days. Segments without purchasers
-- (registered_only, depositor_no_purchase) appear with their account counts and null
-- statistics.
--
-- Percentiles are nearest-rank, without interpolation: the P-th percentile of n values is
-- the value at position ceil(P * n / 100) in ascending order, computed in integer
-- arithmetic (macro integer_divide), so every engine returns the same whole number of
-- days. For an even count the median is the lower of the two middle values.
--
-- Run: `dbt compile -s time_to_first_purchase`, then run the compiled SQL
-- (target/compiled/.../analyses/time_to_first_purchase.sql) against the warehouse.

with

customers as (
    select
        user_id,
        customer_segment,
        acquisition_channel,
        is_purchaser,
        days_to_first_purchase
    from {{ ref('dim_customer') }}
),

grouped as (
    select
        'customer_segment' as dimension,
        customer_segment as group_value,
        is_purchaser,
        days_to_first_purchase
    from customers
    union all
    select
        'acquisition_channel' as dimension,
        acquisition_channel as group_value,
        is_purchaser,
        days_to_first_purchase
    from customers
),

group_accounts as (
    select
        dimension,
        group_value,
        count(*) as account_count
    from grouped
    group by dimension, group_value
),

ordered_purchasers as (
    select
        dimension,
        group_value,
        days_to_first_purchase,
        row_number() over (
            partition by dimension, group_value
            order by days_to_first_purchase
        ) as purchaser_position,
        count(*) over (partition by dimension, group_value) as purchasers
    from grouped
    where is_purchaser
),

percentile_positions as (
    select
        *,
        {{ integer_divide('25 * purchasers + 99', '100') }} as p25_position,
        {{ integer_divide('50 * purchasers + 99', '100') }} as p50_position,
        {{ integer_divide('75 * purchasers + 99', '100') }} as p75_position,
        {{ integer_divide('90 * purchasers + 99', '100') }} as p90_position
    from ordered_purchasers
),

distributions as (
    select
        dimension,
        group_value,
        max(purchasers) as purchasers,
        min(days_to_first_purchase) as min_days,
        max(case when purchaser_position = p25_position then days_to_first_purchase end) as p25_days,
        max(case when purchaser_position = p50_position then days_to_first_purchase end) as median_days,
        max(case when purchaser_position = p75_position then days_to_first_purchase end) as p75_days,
        max(case when purchaser_position = p90_position then days_to_first_purchase end) as p90_days,
        max(days_to_first_purchase) as max_days,
        avg(cast(days_to_first_purchase as {{ type_double() }})) as mean_days,
        sum(case when days_to_first_purchase = 0 then 1 else 0 end) as same_day_purchasers,
        sum(case when days_to_first_purchase <= 7 then 1 else 0 end) as within_7_days_purchasers
    from percentile_positions
    group by dimension, group_value
),

final as (
    select
        group_accounts.dimension,
        group_accounts.group_value,
        group_accounts.account_count,
        coalesce(distributions.purchasers, 0) as purchasers,
        distributions.min_days,
        distributions.p25_days,
        distributions.median_days,
        distributions.p75_days,
        distributions.p90_days,
        distributions.max_days,
        distributions.mean_days,
        cast(distributions.same_day_purchasers as {{ type_double() }})
        / distributions.purchasers as same_day_share,
        cast(distributions.within_7_days_purchasers as {{ type_double() }})
        / distributions.purchasers as within_7_days_share
    from group_accounts
    left join distributions
        on
            group_accounts.dimension = distributions.dimension
            and group_accounts.group_value = distributions.group_value
)

select * from final
order by dimension asc, account_count desc, group_value asc

-- Seed exchange_rates is the list of currencies the warehouse knows, so each currency in it
-- has a rate on every day the seed covers: rows = days x currencies, with no gap in the
-- days. Returns a row when the grid has a hole.
with

grid as (
    select
        count(*) as rate_rows,
        count(distinct rate_date) as rate_days,
        count(distinct currency) as currencies,
        min(rate_date) as first_date,
        max(rate_date) as last_date
    from {{ ref('exchange_rates') }}
),

spans as (
    select
        rate_rows,
        rate_days,
        currencies,
        1 + {{ dbt.datediff('first_date', 'last_date', 'day') }}
            as calendar_days
    from grid
),

final as (
    select *
    from spans
    where rate_rows <> rate_days * currencies or rate_days <> calendar_days
)

select * from final

with

rates as (
    select * from {{ ref('exchange_rates') }}
),

reporting_currency_rates as (
    select
        rate_date,
        usd_per_unit as reporting_usd_per_unit
    from rates
    where currency = '{{ var("reporting_currency") }}'
),

final as (
    select
        rates.rate_date,
        rates.currency as currency_code,
        cast(
            round(rates.usd_per_unit / reporting_currency_rates.reporting_usd_per_unit, 8)
            as decimal(18, 8)
        ) as rate_to_reporting
    from rates
    inner join reporting_currency_rates
        on rates.rate_date = reporting_currency_rates.rate_date
)

select * from final

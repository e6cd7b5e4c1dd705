{#- Money type of the project: decimal, never float (float is 4 bytes on DuckDB and Spark). -#}
{% macro money_type() -%}
    decimal(18, 2)
{%- endmacro %}

{#- An amount converted with a rate (from stg_exchange_rates), rounded half-up to the cent. -#}
{% macro convert_money(amount, rate) -%}
    cast(cast({{ amount }} as decimal(20, 2)) * {{ rate }} as {{ lottery_analytics.money_type() }})
{%- endmacro %}

{#-
    The rows of the CTE `relation` with money converted to the reporting currency at the
    rate of the row's day (`rate_date`, a timestamp or date column): each
    `original_column: converted_name` of `amounts`, plus `fx_rate_to_reporting` and
    `is_known_currency` (the currency has rates at all). The row's currency is in
    `original_currency`; the model has an `exchange_rates` CTE (ref('stg_exchange_rates')).
    A row with no rate for its day keeps null amounts: the validated model rejects it.
-#}
{% macro convert_to_reporting_currency(relation, rate_date, amounts) -%}
    select
        {{ relation }}.*,
        {%- for original, converted in amounts.items() %}
        {{ lottery_analytics.convert_money(relation ~ '.' ~ original, 'exchange_rates.rate_to_reporting') }}
            as {{ converted }},
        {%- endfor %}
        exchange_rates.rate_to_reporting as fx_rate_to_reporting,
        known_currencies.currency_code is not null as is_known_currency
    from {{ relation }}
    left join exchange_rates
        on
            cast({{ relation }}.{{ rate_date }} as date) = exchange_rates.rate_date
            and {{ relation }}.original_currency = exchange_rates.currency_code
    left join (select distinct currency_code from exchange_rates) as known_currencies
        on {{ relation }}.original_currency = known_currencies.currency_code
{%- endmacro %}

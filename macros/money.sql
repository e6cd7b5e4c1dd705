{#- Money type of the project: decimal, never float (float is 4 bytes on DuckDB and Spark). -#}
{% macro money_type() -%}
    decimal(18, 2)
{%- endmacro %}

{#- An amount converted with a rate (from stg_exchange_rates), rounded half-up to the cent. -#}
{% macro convert_money(amount, rate) -%}
    cast(cast({{ amount }} as decimal(20, 2)) * {{ rate }} as {{ lottery_analytics.money_type() }})
{%- endmacro %}

{#
    Cast that yields null instead of failing on a value that does not fit the type.
    (`dbt.safe_cast` is a plain cast on our adapters.)
#}
{% macro safe_cast(expr, data_type) -%}
    {{ return(adapter.dispatch('safe_cast', 'lottery_analytics')(expr, data_type)) }}
{%- endmacro %}

{% macro default__safe_cast(expr, data_type) -%}
    try_cast({{ expr }} as {{ data_type }})
{%- endmacro %}

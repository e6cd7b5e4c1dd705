{#
    Cast that yields null instead of failing on a value that does not fit the type.
    (`dbt.safe_cast` is a plain cast on our adapters.) This project macro also stands in for
    dbt's own `safe_cast` (same name, root project), which dbt uses to type unit-test
    fixtures, so fixtures are cast the same way on every engine.
      DuckDB, Spark: try_cast.
      PostgreSQL 15 has no try_cast: the helper function lottery_try_cast (created by the
      on-run-start hook create_engine_helpers) converts the text in plpgsql and returns null
      when the conversion raises; text types need no guard.
#}
{% macro safe_cast(expr, data_type) -%}
    {{ return(adapter.dispatch('safe_cast', 'lottery_analytics')(expr, data_type)) }}
{%- endmacro %}

{% macro default__safe_cast(expr, data_type) -%}
    try_cast({{ expr }} as {{ data_type }})
{%- endmacro %}

{% macro postgres__safe_cast(expr, data_type) -%}
    {%- set engine_type = lottery_analytics.engine_data_type(data_type) -%}
    {%- if modules.re.fullmatch('(?i) *(text|varchar|character varying) *([(] *[0-9]+ *[)])? *', engine_type) -%}
        cast({{ expr }} as {{ engine_type }})
    {%- else -%}
        cast({{ lottery_analytics.engine_helper('lottery_try_cast') }}(
            cast({{ expr }} as text), cast(null as {{ engine_type }})
        ) as {{ engine_type }})
    {%- endif -%}
{%- endmacro %}

{% macro spark__safe_cast(expr, data_type) -%}
    try_cast({{ expr }} as {{ lottery_analytics.engine_data_type(data_type) }})
{%- endmacro %}

{#-
    The 8-byte floating-point type, for ratios and scores. `dbt.type_float()` is not it:
    it renders `float`, which is 4 bytes on DuckDB and Spark.
-#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'lottery_analytics')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double
{%- endmacro %}

{% macro postgres__type_double() -%}
    double precision
{%- endmacro %}

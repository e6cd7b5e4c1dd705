{#
    Integer quotient of two integer expressions, computed in integer arithmetic so that no
    float rounding can make engines disagree (RFM quintile scores rely on it). The quotient
    is truncated toward zero on every engine (DuckDB `//`, PostgreSQL integer `/`, Spark
    `div`); callers pass non-negative operands, where that equals floor().
#}
{% macro integer_divide(numerator, denominator) -%}
    {{ return(adapter.dispatch('integer_divide', 'lottery_analytics')(numerator, denominator)) }}
{%- endmacro %}

{% macro default__integer_divide(numerator, denominator) -%}
    (cast({{ numerator }} as bigint) // cast({{ denominator }} as bigint))
{%- endmacro %}

{% macro postgres__integer_divide(numerator, denominator) -%}
    (cast({{ numerator }} as bigint) / cast({{ denominator }} as bigint))
{%- endmacro %}

{% macro spark__integer_divide(numerator, denominator) -%}
    (cast({{ numerator }} as bigint) div cast({{ denominator }} as bigint))
{%- endmacro %}

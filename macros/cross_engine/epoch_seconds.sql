{#- Seconds since 1970-01-01 00:00:00 of a timestamp without zone (read as UTC), as a double.
    Every engine gives the double nearest to the exact value (microsecond precision). -#}
{% macro epoch_seconds(ts_expr) -%}
    {{ return(adapter.dispatch('epoch_seconds', 'lottery_analytics')(ts_expr)) }}
{%- endmacro %}

{% macro default__epoch_seconds(ts_expr) -%}
    cast(epoch_us({{ ts_expr }}) as double) / 1000000.0
{%- endmacro %}

{% macro postgres__epoch_seconds(ts_expr) -%}
    cast(extract(epoch from {{ ts_expr }}) as double precision)
{%- endmacro %}

{% macro spark__epoch_seconds(ts_expr) -%}
    cast(unix_micros({{ ts_expr }}) as double) / 1000000.0
{%- endmacro %}

{#- Seconds since 1970-01-01 00:00:00 of a timestamp without zone (read as UTC), as a double. -#}
{% macro epoch_seconds(ts_expr) -%}
    {{ return(adapter.dispatch('epoch_seconds', 'lottery_analytics')(ts_expr)) }}
{%- endmacro %}

{% macro default__epoch_seconds(ts_expr) -%}
    cast(epoch_us({{ ts_expr }}) as double) / 1000000.0
{%- endmacro %}

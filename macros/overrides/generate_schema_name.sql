{#
    A node with a custom schema (staging, intermediate, marts, raw) is built in exactly
    that schema, so that analysts query `marts.dim_customer` on every engine; nodes
    without one use the target's schema.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}

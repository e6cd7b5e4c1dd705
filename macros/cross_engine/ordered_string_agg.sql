{#
    Aggregate: the values of `expression` in a group joined with `delimiter` (a SQL string
    literal), in the order of the expressions in `order_by` (a list; ascending, in turn).
    Text compares by the engine's collation (byte order on DuckDB and Spark; the project's
    PostgreSQL server is initialised with C.UTF-8, byte order too). Null values are left out.
#}
{% macro ordered_string_agg(expression, order_by, delimiter) -%}
    {{ return(adapter.dispatch('ordered_string_agg', 'lottery_analytics')(expression, order_by, delimiter)) }}
{%- endmacro %}

{% macro default__ordered_string_agg(expression, order_by, delimiter) -%}
    string_agg({{ expression }}, {{ delimiter }} order by {{ order_by | join(', ') }})
{%- endmacro %}

{#- Spark has no ordered aggregate: collect (order keys..., value) structs, sort them
    (structs compare field by field), keep the values, join them. -#}
{% macro spark__ordered_string_agg(expression, order_by, delimiter) -%}
    array_join(
        transform(
            array_sort(
                collect_list(
                    named_struct(
                        {%- for key in order_by %}
                            'k{{ loop.index }}', {{ key }},
                        {%- endfor %}
                        'v', {{ expression }}
                    )
                )
            ),
            entry -> entry.v
        ),
        {{ delimiter }}
    )
{%- endmacro %}

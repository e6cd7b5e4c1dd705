{#
    Re-delivered rows: keep the newest `_loaded_at` per key. Rows whose key is null are all
    kept (the validated model rejects them with `missing_key`), never merged into one.
    `relation` is a CTE name; `tie_breakers` order copies loaded at the same instant.
#}
{% macro deduplicate(relation, key_columns, tie_breakers=[]) -%}
    select *
    from (
        select
            *,
            row_number() over (
                partition by {{ key_columns | join(', ') }}
                order by _loaded_at desc
                {%- for column in tie_breakers %}, {{ column }} desc{% endfor %}
            ) as _delivery_rank
        from {{ relation }}
    ) as ranked
    where _delivery_rank = 1
        {%- for column in key_columns %}
        or {{ column }} is null
        {%- endfor %}
{%- endmacro %}

{#
    Re-delivered rows: keep the newest `_loaded_at` per key. Rows whose key is null are all
    kept (the validated model rejects them with `missing_key`), never merged into one.
    `relation` is a CTE name; `tie_breakers` order copies loaded at the same instant.
#}
{% macro deduplicate(relation, key_columns, tie_breakers=[]) -%}
    {{ return(adapter.dispatch('deduplicate', 'lottery_analytics')(relation, key_columns, tie_breakers)) }}
{%- endmacro %}

{% macro delivery_rank(key_columns, tie_breakers) -%}
    row_number() over (
        partition by {{ key_columns | join(', ') }}
        order by _loaded_at desc
        {%- for column in tie_breakers %}, {{ column }} desc{% endfor %}
    )
{%- endmacro %}

{% macro default__deduplicate(relation, key_columns, tie_breakers) -%}
    select *
    from (
        select
            *,
            {{ lottery_analytics.delivery_rank(key_columns, tie_breakers) }} as _delivery_rank
        from {{ relation }}
    ) as ranked
    where _delivery_rank = 1
        {%- for column in key_columns %}
        or {{ column }} is null
        {%- endfor %}
{%- endmacro %}

{#- DuckDB: the window only over the keys delivered more than once (a hash aggregate of the
    key finds them). A window over every row materialises all columns of the whole table
    (28 M web events at 1 M accounts: spilled past the memory limit); the rows delivered
    once, nearly all, stream through an anti-join instead. At 1 M accounts, the web events
    deduplicated into a table: 335 s -> 255 s (on a saturated machine). Same rows as the
    default; `_delivery_rank` is not kept. -#}
{% macro duckdb__deduplicate(relation, key_columns, tie_breakers) -%}
    {%- set keys = key_columns | join(', ') -%}
    {%- set keyed -%}
        {% for column in key_columns %}{{ column }} is not null{% if not loop.last %} and {% endif %}{% endfor %}
    {%- endset -%}
    with redelivered_keys as (
        select {{ keys }}
        from {{ relation }}
        where {{ keyed }}
        group by {{ keys }}
        having count(*) > 1
    )

    select *
    from {{ relation }}
    where not ({{ keyed }}) or not exists (
        select 1 from redelivered_keys
        where {% for column in key_columns %}redelivered_keys.{{ column }} = {{ relation }}.{{ column }}{% if not loop.last %} and {% endif %}{% endfor %}
    )
    union all
    select * exclude (_delivery_rank)
    from (
        select
            *,
            {{ lottery_analytics.delivery_rank(key_columns, tie_breakers) }} as _delivery_rank
        from {{ relation }}
        where exists (
            select 1 from redelivered_keys
            where {% for column in key_columns %}redelivered_keys.{{ column }} = {{ relation }}.{{ column }}{% if not loop.last %} and {% endif %}{% endfor %}
        )
    ) as ranked
    where _delivery_rank = 1
{%- endmacro %}

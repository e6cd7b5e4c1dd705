{#
    The code lists (payment methods, deposit statuses, device types, web event types,
    channels) are seeds in seeds/lookups/, the one place each is written. Staging only
    lower-cases and trims a coded column; the validated model maps it to a code of its seed
    with with_seed_codes, and tests refer to the seed (relationships).
#}

{#- The rows of `relation` plus `<column>_code` for each `column: seed`: the value when the
    seed lists it as a code, else the seed's catch-all code (`other`; also for null). The
    column must already be lower-cased and trimmed (staging does it). -#}
{% macro with_seed_codes(relation, columns) -%}
    select
        {{ relation }}.*
        {%- for column in columns %},
        coalesce(known_{{ column }}.code, catch_all_{{ column }}.code) as {{ column }}_code
        {%- endfor %}
    from {{ relation }}
    {%- for column, seed in columns.items() %}
    left join (
        select {{ column }} as code from {{ ref(seed) }} where not is_catch_all
    ) as known_{{ column }}
        on {{ relation }}.{{ column }} = known_{{ column }}.code
    cross join (
        select {{ column }} as code from {{ ref(seed) }} where is_catch_all
    ) as catch_all_{{ column }}
    {%- endfor %}
{%- endmacro %}

{#- `'a', 'b', 'c'`: a Jinja list as SQL string literals for an `in (...)` list. -#}
{% macro quoted_list(values) -%}
    {%- for value in values -%}
        '{{ value }}'{% if not loop.last %}, {% endif %}
    {%- endfor -%}
{%- endmacro %}

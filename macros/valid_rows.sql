{#
    The usable rows of an entity: `x as ({{ valid_rows('deposits') }})` is
    `select * from int_deposits_validated where reject_reason is null`. Every model and test
    that needs an entity's rows reads them this way, so there is one name per entity; the
    rejected rows are in int_rejected_rows. `reject_reason`, `reject_stage` and `raw_values`
    come along, always null.
#}
{% macro valid_rows(entity) -%}
    {%- set entities = ['signups', 'deposits', 'ticket_purchases', 'games', 'funnel_spend', 'web_events'] -%}
    {%- if entity not in entities -%}
        {{ exceptions.raise_compiler_error(
            "valid_rows('" ~ entity ~ "'): unknown entity; one of " ~ entities | join(', ')
        ) }}
    {%- endif -%}
    select * from {{ ref('int_' ~ entity ~ '_validated') }}
    where reject_reason is null
{%- endmacro %}

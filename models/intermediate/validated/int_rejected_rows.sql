{#- The rejected rows of the six validated models: (raw table, key expression, time expression). -#}
{%- set validated = [
    ('signups', 'user_id', 'signed_up_at'),
    ('deposits', 'deposit_id', 'deposited_at'),
    ('ticket_purchases', 'purchase_id', 'purchased_at'),
    ('games', 'game_id', 'draw_at'),
    ('funnel_spend', 'campaign_day_id', 'cast(spend_date as timestamp)'),
    ('web_events', 'event_id', 'event_at'),
] -%}

with

{% for source_table, key_expr, at_expr in validated %}
    {{ source_table }}_rejected as (
        select
            '{{ source_table }}' as source_table,
            cast({{ key_expr }} as {{ dbt.type_string() }}) as source_key,
            reject_stage,
            reject_reason,
            {{ at_expr }} as occurred_at,
            raw_values,
            _loaded_at
        from {{ ref('int_' ~ source_table ~ '_validated') }}
        where reject_reason is not null
    ),
{% endfor %}

unioned as (
    {% for source_table, _, _ in validated %}
        select * from {{ source_table }}_rejected
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

numbered as (
    select
        *,
        row_number() over (
            partition by source_table, reject_stage, source_key
            order by _loaded_at, raw_values
        ) as copy_number
    from unioned
),

final as (
    select
        {{ dbt.concat([
            'source_table', "':'", 'reject_stage', "':'", "coalesce(source_key, '')",
            "':'", "cast(copy_number as " ~ dbt.type_string() ~ ")"
        ]) }} as rejected_row_id,
        source_table,
        source_key,
        reject_stage,
        reject_reason,
        occurred_at,
        raw_values,
        _loaded_at
    from numbered
)

select * from final

{#- Staging rejects come from the base models, integrity rejects from the *_checked models. -#}
{%- set staging_sources = [
    ('signups', 'base_signups', 'user_id', 'signed_up_at'),
    ('deposits', 'base_deposits', 'deposit_id', 'deposited_at'),
    ('ticket_purchases', 'base_ticket_purchases', 'purchase_id', 'purchased_at'),
    ('games', 'base_games', 'game_id', 'draw_at'),
    ('funnel_spend', 'base_funnel_spend', dbt.concat(["cast(spend_date as " ~ dbt.type_string() ~ ")", "'|'", "campaign_id"]), 'cast(spend_date as timestamp)'),
    ('web_events', 'base_web_events', 'event_id', 'event_at'),
] -%}
{%- set integrity_sources = [
    ('deposits', 'int_deposits_checked', 'deposit_id', 'deposited_at',
        ['deposit_id', 'user_id', 'deposited_at', 'original_amount', 'original_currency', 'status']),
    ('ticket_purchases', 'int_ticket_purchases_checked', 'purchase_id', 'purchased_at',
        ['purchase_id', 'user_id', 'game_id', 'purchased_at', 'ticket_count', 'original_amount', 'original_currency']),
] -%}

with

{% for source_table, model, key_expr, at_expr in staging_sources %}
    {{ source_table }}_staging as (
        select
            '{{ source_table }}' as source_table,
            cast({{ key_expr }} as {{ dbt.type_string() }}) as source_key,
            'staging' as reject_stage,
            reject_reason,
            {{ at_expr }} as occurred_at,
            raw_values,
            _loaded_at
        from {{ ref(model) }}
        where reject_reason is not null
    ),
{% endfor %}

{% for source_table, model, key_expr, at_expr, described in integrity_sources %}
    {{ source_table }}_integrity as (
        select
            '{{ source_table }}' as source_table,
            cast({{ key_expr }} as {{ dbt.type_string() }}) as source_key,
            'integrity' as reject_stage,
            reject_reason,
            {{ at_expr }} as occurred_at,
            {{ describe_raw_values(described) }} as raw_values,
            _loaded_at
        from {{ ref(model) }}
        where reject_reason is not null
    ),
{% endfor %}

unioned as (
    {% for source_table, _, _, _ in staging_sources %}
        select * from {{ source_table }}_staging
        union all
    {% endfor %}
    {% for source_table, _, _, _, _ in integrity_sources %}
        select * from {{ source_table }}_integrity
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

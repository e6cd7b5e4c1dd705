{{ bundled_sample_dependency('ticket_purchases') }}
{#- Incremental by load date (`loaded_date`, the UTC date of `_loaded_at`), like
    stg_web_events: a run parses only the raw rows loaded since the last run (minus
    `incremental_overlap_hours`) and rebuilds their load dates and the load dates of the
    deliveries they replace (deliveries_in_scope); a full refresh parses everything. -#}
{{ config(**incremental_by_date_config('loaded_date')) }}
with

source as {{ inline_cte() }} (
    select * from {{ source('app', 'ticket_purchases') }}
),

{{ deliveries_in_scope('source', 'purchase_id') }}

latest_delivery as (
    {{ deduplicate('in_scope', ['purchase_id'], tie_breakers=['purchased_at']) }}
),

cleaned as (
    select
        purchase_id,
        user_id,
        game_id,
        {{ parse_iso_timestamp('purchased_at') }} as purchased_at,
        ticket_count,
        amount as original_amount,
        upper(trim(currency)) as original_currency,
        _loaded_at,
        {#- the raw text of the columns cleaned above, for int_rejected_rows -#}
        {{ raw_copies(['purchased_at', 'currency']) }}
    from latest_delivery
),

final as (
    select
        purchase_id,
        user_id,
        game_id,
        purchased_at,
        cast(purchased_at as date) as purchased_date,
        ticket_count,
        original_amount,
        original_currency,
        _loaded_at,
        raw__purchased_at,
        raw__currency,
        cast(_loaded_at as date) as loaded_date
    from cleaned
    {{ where_loaded_date_rebuilt() }}
)

select * from final

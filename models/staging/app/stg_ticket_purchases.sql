{{ bundled_sample_dependency('ticket_purchases') }}
with

source as (
    select * from {{ source('app', 'ticket_purchases') }}
),

latest_delivery as (
    {{ deduplicate('source', ['purchase_id'], tie_breakers=['purchased_at']) }}
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
        raw__currency
    from cleaned
)

select * from final

with

purchases as (
    select * from {{ ref('base_ticket_purchases') }}
    where reject_reason is null
),

final as (
    select
        purchase_id,
        user_id,
        game_id,
        purchased_at,
        cast(purchased_at as date) as purchased_date,
        ticket_count,
        amount,
        original_amount,
        original_currency,
        fx_rate_to_reporting,
        _loaded_at
    from purchases
)

select * from final

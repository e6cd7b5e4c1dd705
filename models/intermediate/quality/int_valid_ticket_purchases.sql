with

purchases as (
    select * from {{ ref('int_ticket_purchases_checked') }}
    where reject_reason is null
),

final as (
    select
        purchase_id,
        user_id,
        game_id,
        purchased_at,
        purchased_date,
        ticket_count,
        amount,
        original_amount,
        original_currency,
        fx_rate_to_reporting
    from purchases
)

select * from final

with

deposits as (
    select * from {{ ref('int_deposits_checked') }}
    where reject_reason is null
),

final as (
    select
        deposit_id,
        user_id,
        deposited_at,
        deposited_date,
        amount,
        original_amount,
        original_currency,
        fx_rate_to_reporting,
        payment_method,
        status,
        is_completed
    from deposits
)

select * from final

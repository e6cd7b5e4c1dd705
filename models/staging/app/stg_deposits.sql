with

deposits as (
    select * from {{ ref('base_deposits') }}
    where reject_reason is null
),

final as (
    select
        deposit_id,
        user_id,
        deposited_at,
        cast(deposited_at as date) as deposited_date,
        amount,
        original_amount,
        original_currency,
        fx_rate_to_reporting,
        payment_method,
        status,
        status = 'completed' as is_completed,
        _loaded_at
    from deposits
)

select * from final

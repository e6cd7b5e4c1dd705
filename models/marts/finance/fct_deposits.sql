with

deposits as (
    {{ valid_rows('deposits') }}
),

conversions as (
    select conversion_id from {{ ref('int_conversions') }}
),

as_of as (
    select as_of_end_at from {{ ref('int_as_of_date') }}
),

final as (
    select
        deposits.deposit_id,
        deposits.user_id,
        deposits.deposited_at,
        deposits.deposited_date,
        deposits.amount,
        deposits.original_amount,
        deposits.original_currency,
        deposits.payment_method,
        deposits.status,
        deposits.is_completed,
        conversions.conversion_id is not null as is_first_deposit
    from deposits
    cross join as_of
    left join conversions
        on deposits.deposit_id = conversions.conversion_id
    where deposits.deposited_at < as_of.as_of_end_at
)

{{ contract_select('final') }}

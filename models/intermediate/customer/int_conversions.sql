with

completed_deposits as (
    select * from ({{ valid_rows('deposits') }}) as valid_deposits
    where is_completed
),

as_of as (
    select * from {{ ref('int_as_of_date') }}
),

ranked as (
    select
        completed_deposits.*,
        row_number() over (
            partition by completed_deposits.user_id
            order by completed_deposits.deposited_at, completed_deposits.deposit_id
        ) as deposit_order
    from completed_deposits
    cross join as_of
    where completed_deposits.deposited_at < as_of.as_of_end_at
),

final as (
    select
        deposit_id as conversion_id,
        user_id,
        deposited_at as converted_at,
        deposited_date as converted_date,
        amount as conversion_value,
        original_amount,
        original_currency,
        payment_method
    from ranked
    where deposit_order = 1
)

select * from final

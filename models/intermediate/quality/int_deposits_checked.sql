with

deposits as (
    select * from {{ ref('stg_deposits') }}
),

accounts as (
    select
        user_id,
        signed_up_at
    from {{ ref('stg_signups') }}
),

rejected_accounts as (
    select distinct user_id
    from {{ ref('base_signups') }}
    where reject_reason is not null and user_id is not null
),

checked as (
    select
        deposits.*,
        case
            when accounts.user_id is null and rejected_accounts.user_id is not null
                then 'rejected_account'
            when accounts.user_id is null then 'unknown_account'
            when deposits.deposited_at < accounts.signed_up_at then 'deposit_before_signup'
        end as reject_reason
    from deposits
    left join accounts
        on deposits.user_id = accounts.user_id
    left join rejected_accounts
        on deposits.user_id = rejected_accounts.user_id
),

final as (
    select * from checked
)

select * from final

-- A deposit is money in (`is_completed`) exactly when seed deposit_statuses says its status
-- is (`is_money_in`). Returns the statuses where fct_deposits disagrees with the seed.
with

deposits as (
    select
        status,
        is_completed
    from {{ ref('fct_deposits') }}
),

statuses as (
    select
        status,
        is_money_in
    from {{ ref('deposit_statuses') }}
),

final as (
    select
        deposits.status,
        deposits.is_completed,
        statuses.is_money_in,
        count(*) as deposits
    from deposits
    left join statuses
        on deposits.status = statuses.status
    where statuses.status is null or deposits.is_completed <> statuses.is_money_in
    group by deposits.status, deposits.is_completed, statuses.is_money_in
)

select * from final

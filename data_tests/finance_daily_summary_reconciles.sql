-- The daily summary adds up to the facts it summarises: completed deposit amount and
-- ticket revenue over all days equal those of fct_deposits and fct_ticket_purchases, and
-- first deposits equal the conversions up to the as-of date. Returns rows on a mismatch.
with

summary as (
    select
        sum(deposit_amount) as deposit_amount,
        sum(ticket_amount) as ticket_amount,
        sum(first_deposits) as first_deposits
    from {{ ref('finance_daily_summary') }}
),

deposits as (
    select
        sum(case when is_completed then amount else 0 end) as deposit_amount,
        count(case when is_first_deposit then 1 end) as first_deposits
    from {{ ref('fct_deposits') }}
),

purchases as (
    select sum(amount) as ticket_amount
    from {{ ref('fct_ticket_purchases') }}
),

conversions as (
    select count(*) as first_deposits
    from {{ ref('int_conversions') }}
)

select
    summary.deposit_amount,
    deposits.deposit_amount as fact_deposit_amount,
    summary.ticket_amount,
    purchases.ticket_amount as fact_ticket_amount,
    summary.first_deposits,
    conversions.first_deposits as conversions
from summary
cross join deposits
cross join purchases
cross join conversions
where
    summary.deposit_amount <> deposits.deposit_amount
    or summary.ticket_amount <> purchases.ticket_amount
    or summary.first_deposits <> deposits.first_deposits
    or summary.first_deposits <> conversions.first_deposits

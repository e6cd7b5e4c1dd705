-- dim_customer's lifetime totals are the valid events before the as-of date's end: the sum
-- over all accounts of total_deposit_amount (completed deposits), total_ticket_amount and
-- purchase_count must equal the same sums taken from the quality models, for the accounts
-- dim_customer holds. Returns one row when any total differs.

with

as_of as (
    select as_of_end_at from {{ ref('int_as_of_date') }}
),

customers as (
    select
        user_id,
        total_deposit_amount,
        total_ticket_amount,
        purchase_count
    from {{ ref('dim_customer') }}
),

dim_totals as (
    select
        coalesce(sum(total_deposit_amount), 0) as deposit_amount,
        coalesce(sum(total_ticket_amount), 0) as ticket_amount,
        coalesce(sum(purchase_count), 0) as purchase_count
    from customers
),

deposit_totals as (
    select coalesce(sum(deposits.amount), 0) as deposit_amount
    from ({{ valid_rows('deposits') }}) as deposits
    inner join customers
        on deposits.user_id = customers.user_id
    cross join as_of
    where deposits.is_completed and deposits.deposited_at < as_of.as_of_end_at
),

purchase_totals as (
    select
        coalesce(sum(purchases.amount), 0) as ticket_amount,
        count(purchases.purchase_id) as purchase_count
    from ({{ valid_rows('ticket_purchases') }}) as purchases
    inner join customers
        on purchases.user_id = customers.user_id
    cross join as_of
    where purchases.purchased_at < as_of.as_of_end_at
)

select
    dim_totals.deposit_amount as dim_deposit_amount,
    deposit_totals.deposit_amount as event_deposit_amount,
    dim_totals.ticket_amount as dim_ticket_amount,
    purchase_totals.ticket_amount as event_ticket_amount,
    dim_totals.purchase_count as dim_purchase_count,
    purchase_totals.purchase_count as event_purchase_count
from dim_totals
cross join deposit_totals
cross join purchase_totals
where
    dim_totals.deposit_amount <> deposit_totals.deposit_amount
    or dim_totals.ticket_amount <> purchase_totals.ticket_amount
    or dim_totals.purchase_count <> purchase_totals.purchase_count

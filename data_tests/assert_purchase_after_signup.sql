-- A valid ticket purchase can never be earlier than its account's signup: fails on (returns)
-- every valid ticket purchase (valid_rows('ticket_purchases')) placed before the signed_up_at
-- of its valid account. A purchase at the very signup instant is valid.

with

purchases as (
    {{ valid_rows('ticket_purchases') }}
),

accounts as (
    select
        user_id,
        signed_up_at
    from ({{ valid_rows('signups') }}) as valid_signups
),

purchases_before_signup as (
    select
        purchases.purchase_id,
        purchases.user_id,
        purchases.game_id,
        purchases.purchased_at,
        accounts.signed_up_at
    from purchases
    inner join accounts
        on purchases.user_id = accounts.user_id
    where purchases.purchased_at < accounts.signed_up_at
)

select * from purchases_before_signup

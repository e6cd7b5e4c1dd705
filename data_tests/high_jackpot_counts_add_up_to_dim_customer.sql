-- Every account of dim_customer is counted in exactly one channel of high_jackpot_analysis:
-- fails (returns one row) when the channel totals of accounts, depositors, purchasers or
-- high-jackpot players differ from the same counts taken directly from dim_customer.

with

customers as (
    select
        count(*) as account_count,
        sum(case when is_depositor then 1 else 0 end) as depositors,
        sum(case when is_purchaser then 1 else 0 end) as purchasers,
        sum(case when is_high_jackpot_player then 1 else 0 end) as high_jackpot_players
    from {{ ref('dim_customer') }}
),

channels as (
    select
        sum(accounts_acquired) as account_count,
        sum(depositors) as depositors,
        sum(purchasers) as purchasers,
        sum(high_jackpot_players) as high_jackpot_players
    from {{ ref('high_jackpot_analysis') }}
),

compared as (
    select
        customers.account_count as customer_accounts,
        channels.account_count as channel_accounts,
        customers.depositors as customer_depositors,
        channels.depositors as channel_depositors,
        customers.purchasers as customer_purchasers,
        channels.purchasers as channel_purchasers,
        customers.high_jackpot_players as customer_high_jackpot_players,
        channels.high_jackpot_players as channel_high_jackpot_players
    from customers
    cross join channels
)

select * from compared
where
    customer_accounts <> coalesce(channel_accounts, 0)
    or coalesce(customer_depositors, 0) <> coalesce(channel_depositors, 0)
    or coalesce(customer_purchasers, 0) <> coalesce(channel_purchasers, 0)
    or coalesce(customer_high_jackpot_players, 0) <> coalesce(channel_high_jackpot_players, 0)

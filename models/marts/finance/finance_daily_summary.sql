with

deposits as (
    select * from {{ ref('fct_deposits') }}
),

purchases as (
    select * from {{ ref('fct_ticket_purchases') }}
),

signups as (
    select
        user_id,
        signed_up_date
    from ({{ valid_rows('signups') }}) as valid_signups
),

spend as (
    select
        spend_date,
        spend
    from ({{ valid_rows('funnel_spend') }}) as valid_funnel_spend
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

deposit_days as (
    select
        deposited_date as summary_date,
        sum(case when is_completed then amount else 0 end) as deposit_amount,
        count(case when is_completed then 1 end) as completed_deposits,
        count(case when is_first_deposit then 1 end) as first_deposits,
        sum(case when is_first_deposit then amount else 0 end) as first_deposit_amount
    from deposits
    group by deposited_date
),

purchase_days as (
    select
        purchased_date as summary_date,
        sum(amount) as ticket_amount,
        sum(ticket_count) as ticket_lines,
        count(*) as orders,
        count(distinct user_id) as purchasers,
        count(case when is_first_purchase then 1 end) as first_purchases,
        sum(case when is_high_jackpot_draw then amount else 0 end) as high_jackpot_ticket_amount
    from purchases
    group by purchased_date
),

signup_days as (
    select
        signups.signed_up_date as summary_date,
        count(*) as signups
    from signups
    cross join as_of
    where signups.signed_up_date <= as_of.as_of_date
    group by signups.signed_up_date
),

spend_days as (
    select
        spend.spend_date as summary_date,
        sum(spend.spend) as marketing_spend
    from spend
    cross join as_of
    where spend.spend_date <= as_of.as_of_date
    group by spend.spend_date
),

summary_dates as (
    select summary_date from deposit_days
    union
    select summary_date from purchase_days
    union
    select summary_date from signup_days
    union
    select summary_date from spend_days
),

final as (
    {#- Money coalesced with 0 keeps its cast: on PostgreSQL the result has no scale (0,
        not 0.00), and unit tests run without the contract (contract_select). #}
    select
        summary_dates.summary_date,
        coalesce(signup_days.signups, 0) as signups,
        coalesce(deposit_days.completed_deposits, 0) as completed_deposits,
        cast(coalesce(deposit_days.deposit_amount, 0) as {{ money_type() }}) as deposit_amount,
        coalesce(deposit_days.first_deposits, 0) as first_deposits,
        cast(coalesce(deposit_days.first_deposit_amount, 0) as {{ money_type() }})
            as first_deposit_amount,
        coalesce(purchase_days.orders, 0) as orders,
        coalesce(purchase_days.ticket_lines, 0) as ticket_lines,
        coalesce(purchase_days.purchasers, 0) as purchasers,
        coalesce(purchase_days.first_purchases, 0) as first_purchases,
        cast(coalesce(purchase_days.ticket_amount, 0) as {{ money_type() }}) as ticket_amount,
        cast(coalesce(purchase_days.high_jackpot_ticket_amount, 0) as {{ money_type() }})
            as high_jackpot_ticket_amount,
        cast(coalesce(spend_days.marketing_spend, 0) as {{ money_type() }}) as marketing_spend
    from summary_dates
    left join deposit_days
        on summary_dates.summary_date = deposit_days.summary_date
    left join purchase_days
        on summary_dates.summary_date = purchase_days.summary_date
    left join signup_days
        on summary_dates.summary_date = signup_days.summary_date
    left join spend_days
        on summary_dates.summary_date = spend_days.summary_date
)

{{ contract_select('final') }}

{#- Segment thresholds (days), read only here: vars `customer_new_days` (30),
    `customer_active_days` (30) and `customer_lapsed_days` (90). -#}
{%- set new_days = var('customer_new_days') -%}
{%- set active_days = var('customer_active_days') -%}
{%- set lapsed_days = var('customer_lapsed_days') -%}

with

accounts as (
    select
        user_id,
        signed_up_at,
        country_code,
        device_type,
        is_web_signup
    from ({{ valid_rows('signups') }}) as valid_signups
),

as_of as (
    select
        as_of_date,
        as_of_end_at
    from {{ ref('int_as_of_date') }}
),

acquisition as (
    select * from {{ ref('int_customer_acquisition') }}
),

conversions as (
    select
        user_id,
        conversion_id,
        converted_at,
        conversion_value
    from {{ ref('int_conversions') }}
),

completed_deposits as (
    select
        user_id,
        deposited_at,
        amount
    from ({{ valid_rows('deposits') }}) as valid_deposits
    where is_completed
),

purchases as (
    select * from {{ ref('int_customer_purchases') }}
),

accounts_to_as_of as (
    select
        accounts.*,
        cast(accounts.signed_up_at as date) as signed_up_date,
        as_of.as_of_date
    from accounts
    cross join as_of
    where accounts.signed_up_at < as_of.as_of_end_at
),

deposit_totals as (
    select
        completed_deposits.user_id,
        count(*) as completed_deposit_count,
        sum(completed_deposits.amount) as total_deposit_amount
    from completed_deposits
    cross join as_of
    where completed_deposits.deposited_at < as_of.as_of_end_at
    group by completed_deposits.user_id
),

joined as (
    select
        accounts_to_as_of.user_id,
        accounts_to_as_of.signed_up_at,
        accounts_to_as_of.signed_up_date,
        accounts_to_as_of.country_code,
        accounts_to_as_of.device_type as signup_device_type,
        accounts_to_as_of.is_web_signup,
        coalesce(acquisition.acquisition_channel, 'direct') as acquisition_channel,
        acquisition.acquisition_campaign_id,
        acquisition.acquisition_touch_id,
        acquisition.acquisition_touched_at,
        acquisition.acquisition_channel_source,
        coalesce(acquisition.is_paid_acquisition, false) as is_paid_acquisition,
        conversions.conversion_id is not null as is_depositor,
        conversions.conversion_id as first_deposit_id,
        conversions.converted_at as first_deposit_at,
        cast(conversions.converted_at as date) as first_deposit_date,
        conversions.conversion_value as first_deposit_amount,
        coalesce(deposit_totals.completed_deposit_count, 0) as completed_deposit_count,
        coalesce(deposit_totals.total_deposit_amount, 0) as total_deposit_amount,
        purchases.user_id is not null as is_purchaser,
        purchases.first_purchase_at,
        cast(purchases.first_purchase_at as date) as first_purchase_date,
        purchases.first_purchase_game_id,
        coalesce(purchases.is_high_jackpot_player, false) as is_high_jackpot_player,
        purchases.last_purchase_at,
        purchases.days_since_first_purchase,
        purchases.days_since_last_purchase,
        coalesce(purchases.purchase_count, 0) as purchase_count,
        coalesce(purchases.total_ticket_amount, 0) as total_ticket_amount,
        coalesce(purchases.is_repeat_window_observable, false) as is_repeat_window_observable,
        coalesce(purchases.has_repeat_purchase_in_window, false) as has_repeat_purchase_in_window,
        accounts_to_as_of.as_of_date
    from accounts_to_as_of
    left join acquisition
        on accounts_to_as_of.user_id = acquisition.user_id
    left join conversions
        on accounts_to_as_of.user_id = conversions.user_id
    left join deposit_totals
        on accounts_to_as_of.user_id = deposit_totals.user_id
    left join purchases
        on accounts_to_as_of.user_id = purchases.user_id
),

segmented as (
    select
        *,
        case
            when not is_purchaser and not is_depositor then 'registered_only'
            when not is_purchaser then 'depositor_no_purchase'
            when days_since_first_purchase <= {{ new_days }} then 'new'
            when days_since_last_purchase <= {{ active_days }} then 'active'
            when days_since_last_purchase <= {{ lapsed_days }} then 'lapsed'
            else 'churned'
        end as customer_segment
    from joined
),

day_counts as (
    select
        *,
        {{ dbt.datediff('signed_up_date', 'first_deposit_date', 'day') }}
            as days_to_first_deposit,
        {{ dbt.datediff('signed_up_date', 'first_purchase_date', 'day') }}
            as days_to_first_purchase,
        {{ dbt.datediff('signed_up_date', 'as_of_date', 'day') }}
            as tenure_days
    from segmented
),

final as (
    {#- Money coalesced with 0 keeps its cast: on PostgreSQL the result has no scale (0,
        not 0.00), and unit tests run without the contract (contract_select). #}
    select
        user_id,
        signed_up_at,
        signed_up_date,
        country_code,
        signup_device_type,
        is_web_signup,
        acquisition_channel,
        acquisition_campaign_id,
        acquisition_touch_id,
        acquisition_touched_at,
        acquisition_channel_source,
        is_paid_acquisition,
        is_depositor,
        first_deposit_id,
        first_deposit_at,
        first_deposit_amount,
        days_to_first_deposit,
        completed_deposit_count,
        cast(total_deposit_amount as {{ money_type() }}) as total_deposit_amount,
        is_purchaser,
        first_purchase_at,
        first_purchase_game_id,
        is_high_jackpot_player,
        days_to_first_purchase,
        last_purchase_at,
        days_since_last_purchase,
        purchase_count,
        cast(total_ticket_amount as {{ money_type() }}) as total_ticket_amount,
        is_repeat_window_observable,
        has_repeat_purchase_in_window,
        tenure_days,
        customer_segment,
        as_of_date
    from day_counts
)

{{ contract_select('final') }}

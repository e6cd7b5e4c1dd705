{#- Rule numbers: var `repeat_purchase_window_days` and var `trailing_spend_window_days`
    (dbt_project.yml); high-jackpot draws come from int_draws. -#}
{%- set trailing_window_days = var('trailing_spend_window_days') | int -%}

with

purchases as (
    select
        purchase_id,
        user_id,
        game_id,
        purchased_at,
        ticket_count,
        amount
    from ({{ valid_rows('ticket_purchases') }}) as valid_ticket_purchases
),

draws as (
    select
        game_id,
        is_high_jackpot_draw
    from {{ ref('int_draws') }}
),

as_of as (
    select
        as_of_date,
        as_of_end_at
    from {{ ref('int_as_of_date') }}
),

purchases_to_as_of as (
    select
        purchases.*,
        cast(purchases.purchased_at as date) as purchased_date,
        as_of.as_of_date,
        as_of.as_of_end_at
    from purchases
    cross join as_of
    where purchases.purchased_at < as_of.as_of_end_at
),

purchases_with_draws as (
    select
        purchases_to_as_of.*,
        coalesce(draws.is_high_jackpot_draw, false) as is_high_jackpot_draw,
        case
            when
                purchases_to_as_of.purchased_at
                >= {{ dbt.dateadd('day', -1 * trailing_window_days, 'purchases_to_as_of.as_of_end_at') }}
                then purchases_to_as_of.amount
            else 0
        end as trailing_amount
    from purchases_to_as_of
    left join draws
        on purchases_to_as_of.game_id = draws.game_id
),

sequenced as (
    select
        *,
        row_number() over (
            partition by user_id
            order by purchased_at, purchase_id
        ) as purchase_sequence
    from purchases_with_draws
),

first_purchases as (
    select
        user_id,
        purchase_id as first_purchase_id,
        purchased_at as first_purchase_at,
        purchased_date as first_purchase_date,
        game_id as first_purchase_game_id,
        is_high_jackpot_draw as is_high_jackpot_player,
        as_of_date
    from sequenced
    where purchase_sequence = 1
),

later_purchases as (
    select
        sequenced.user_id,
        sequenced.purchased_at,
        {{ dbt.datediff('first_purchases.first_purchase_date', 'sequenced.purchased_date', 'day') }}
            as days_after_first_purchase
    from sequenced
    inner join first_purchases
        on sequenced.user_id = first_purchases.user_id
    where sequenced.purchase_sequence > 1
),

repeat_purchases as (
    select
        user_id,
        min(purchased_at) as second_purchase_at,
        max(
            case
                when days_after_first_purchase <= {{ var('repeat_purchase_window_days') }} then 1
                else 0
            end
        ) as has_repeat_in_window
    from later_purchases
    group by user_id
),

totals as (
    select
        user_id,
        max(purchased_at) as last_purchase_at,
        count(*) as purchase_count,
        sum(ticket_count) as total_ticket_lines,
        sum(amount) as total_ticket_amount,
        sum(trailing_amount) as trailing_ticket_amount,
        sum(case when is_high_jackpot_draw then 1 else 0 end) as high_jackpot_purchase_count
    from sequenced
    group by user_id
),

combined as (
    select
        first_purchases.*,
        repeat_purchases.second_purchase_at,
        repeat_purchases.has_repeat_in_window,
        totals.last_purchase_at,
        totals.purchase_count,
        totals.high_jackpot_purchase_count,
        totals.total_ticket_lines,
        totals.total_ticket_amount,
        totals.trailing_ticket_amount,
        {{ dbt.datediff('first_purchases.first_purchase_date', 'first_purchases.as_of_date', 'day') }}
            as days_since_first_purchase,
        {{ dbt.datediff('cast(totals.last_purchase_at as date)', 'first_purchases.as_of_date', 'day') }}
            as days_since_last_purchase
    from first_purchases
    inner join totals
        on first_purchases.user_id = totals.user_id
    left join repeat_purchases
        on first_purchases.user_id = repeat_purchases.user_id
),

final as (
    select
        user_id,
        first_purchase_id,
        first_purchase_at,
        first_purchase_date,
        first_purchase_game_id,
        is_high_jackpot_player,
        second_purchase_at,
        last_purchase_at,
        cast(last_purchase_at as date) as last_purchase_date,
        cast(purchase_count as bigint) as purchase_count,
        cast(high_jackpot_purchase_count as bigint) as high_jackpot_purchase_count,
        cast(purchase_count - high_jackpot_purchase_count as bigint) as regular_draw_purchase_count,
        cast(total_ticket_lines as bigint) as total_ticket_lines,
        cast(total_ticket_amount as {{ money_type() }}) as total_ticket_amount,
        cast(trailing_ticket_amount as {{ money_type() }}) as trailing_ticket_amount,
        cast(
            case
                when days_since_first_purchase + 1 < {{ trailing_window_days }}
                    then days_since_first_purchase + 1
                else {{ trailing_window_days }}
            end as integer
        ) as trailing_observed_days,
        cast(days_since_first_purchase as integer) as days_since_first_purchase,
        cast(days_since_last_purchase as integer) as days_since_last_purchase,
        days_since_first_purchase >= {{ var('repeat_purchase_window_days') }} as is_repeat_window_observable,
        coalesce(has_repeat_in_window, 0) = 1 as has_repeat_purchase_in_window
    from combined
)

select * from final

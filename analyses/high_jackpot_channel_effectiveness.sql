-- Which channels buy players who last, and what high-jackpot draws do to that.
--
-- One row per acquisition channel of high_jackpot_analysis, plus one row 'all_channels'
-- whose ratios are recomputed from the summed counts (never averaged over channels):
-- conversion rates down the funnel, the share of players who started on a high-jackpot
-- draw, the 90-day repeat rates of high-jackpot and other players and their gap in
-- percentage points (positive = high-jackpot players come back more often), and cost
-- ratios: spend per depositor (cpa), per purchaser, per high-jackpot player and per
-- repeater. Repeat rates, as in high_jackpot_analysis, are over players whose 90-day window
-- has closed by the as-of date (`high_jackpot_players_observable` and
-- `other_purchasers_observable`: read a rate with its count); cost per repeater divides
-- all spend by the repeaters among those players only, so it overstates the cost for
-- channels with many recent players (compare `observable_players` with `purchasers`).
-- Ratios are null when their denominator is 0, and cost ratios are null for channels
-- without spend rows. The all_channels row is blended: its roas and cost ratios include
-- the first deposits and accounts of unpaid channels (direct, organic, CRM).
--
-- Run: `dbt compile -s high_jackpot_channel_effectiveness`, then run the compiled SQL
-- (target/compiled/.../analyses/high_jackpot_channel_effectiveness.sql) against the
-- warehouse.

with

channels as (
    select
        acquisition_channel,
        accounts_acquired,
        depositors,
        purchasers,
        high_jackpot_players,
        spend,
        has_spend,
        first_deposit_value,
        high_jackpot_players_observable,
        high_jackpot_repeaters,
        other_purchasers_observable,
        other_repeaters
    from {{ ref('high_jackpot_analysis') }}
),

all_channels as (
    select
        'all_channels' as acquisition_channel,
        sum(accounts_acquired) as accounts_acquired,
        sum(depositors) as depositors,
        sum(purchasers) as purchasers,
        sum(high_jackpot_players) as high_jackpot_players,
        sum(spend) as spend,
        max(case when has_spend then 1 else 0 end) = 1 as has_spend,
        sum(first_deposit_value) as first_deposit_value,
        sum(high_jackpot_players_observable) as high_jackpot_players_observable,
        sum(high_jackpot_repeaters) as high_jackpot_repeaters,
        sum(other_purchasers_observable) as other_purchasers_observable,
        sum(other_repeaters) as other_repeaters
    from channels
),

combined as (
    select * from channels
    union all
    select * from all_channels
),

ratios as (
    select
        acquisition_channel,
        accounts_acquired,
        depositors,
        purchasers,
        high_jackpot_players,
        spend,
        first_deposit_value,
        high_jackpot_players_observable,
        other_purchasers_observable,
        high_jackpot_players_observable + other_purchasers_observable as observable_players,
        high_jackpot_repeaters + other_repeaters as repeaters,
        case
            when accounts_acquired > 0
                then cast(depositors as {{ type_double() }}) / accounts_acquired
        end as deposit_rate,
        case
            when depositors > 0
                then cast(purchasers as {{ type_double() }}) / depositors
        end as purchase_rate_of_depositors,
        case
            when purchasers > 0
                then cast(high_jackpot_players as {{ type_double() }}) / purchasers
        end as high_jackpot_share,
        case
            when high_jackpot_players_observable > 0
                then cast(high_jackpot_repeaters as {{ type_double() }}) / high_jackpot_players_observable
        end as repeat_rate_high_jackpot,
        case
            when other_purchasers_observable > 0
                then cast(other_repeaters as {{ type_double() }}) / other_purchasers_observable
        end as repeat_rate_other,
        case
            when spend > 0 then cast(first_deposit_value as {{ type_double() }}) / spend
        end as roas,
        case when has_spend and depositors > 0 then spend / depositors end as cost_per_depositor,
        case when has_spend and purchasers > 0 then spend / purchasers end as cost_per_purchaser,
        case
            when has_spend and high_jackpot_players > 0 then spend / high_jackpot_players
        end as cost_per_high_jackpot_player,
        case
            when has_spend and high_jackpot_repeaters + other_repeaters > 0
                then spend / (high_jackpot_repeaters + other_repeaters)
        end as cost_per_repeater
    from combined
),

final as (
    select
        *,
        100 * (repeat_rate_high_jackpot - repeat_rate_other) as repeat_rate_gap_points
    from ratios
)

select * from final
order by
    case when acquisition_channel = 'all_channels' then 1 else 0 end asc,
    spend desc,
    acquisition_channel asc

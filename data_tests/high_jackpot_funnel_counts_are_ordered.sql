-- Within each channel the funnel narrows: high_jackpot_players <= purchasers <= accounts,
-- depositors <= accounts, and the repeat-rate counts are subsets of the players they
-- describe. Returns every channel that breaks one of these.

with

channels as (
    select * from {{ ref('high_jackpot_analysis') }}
)

select
    acquisition_channel,
    accounts_acquired,
    depositors,
    purchasers,
    high_jackpot_players,
    high_jackpot_players_observable,
    high_jackpot_repeaters,
    other_purchasers_observable,
    other_repeaters
from channels
where
    high_jackpot_players > purchasers
    or purchasers > accounts_acquired
    or depositors > accounts_acquired
    or high_jackpot_players_observable > high_jackpot_players
    or high_jackpot_repeaters > high_jackpot_players_observable
    or other_purchasers_observable > purchasers - high_jackpot_players
    or other_repeaters > other_purchasers_observable

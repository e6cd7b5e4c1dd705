-- The channels' spend adds up to all funnel_spend rows dated up to the as-of date: no spend
-- is lost or counted twice when campaigns are mapped to channels. Returns one row when not.

with

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

funnel as (
    select coalesce(sum(spend_rows.spend), 0) as spend
    from ({{ valid_rows('funnel_spend') }}) as spend_rows
    cross join as_of
    where spend_rows.spend_date <= as_of.as_of_date
),

channels as (
    select coalesce(sum(spend), 0) as spend
    from {{ ref('high_jackpot_analysis') }}
)

select
    funnel.spend as funnel_spend,
    channels.spend as channel_spend
from funnel
cross join channels
where funnel.spend <> channels.spend

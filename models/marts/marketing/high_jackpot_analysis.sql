with

customers as (
    select
        acquisition_channel,
        is_depositor,
        is_purchaser,
        is_high_jackpot_player,
        is_repeat_window_observable,
        has_repeat_purchase_in_window,
        first_deposit_amount
    from {{ ref('dim_customer') }}
),

spend_rows as (
    select
        campaign_id,
        spend_date,
        spend
    from ({{ valid_rows('funnel_spend') }}) as valid_funnel_spend
),

campaigns as (
    select
        campaign_id,
        channel
    from {{ ref('int_campaigns') }}
),

as_of as (
    select as_of_date from {{ ref('int_as_of_date') }}
),

-- A campaign's spend goes to the campaign's channel, the channel its touches carry.
channel_spend as (
    select
        campaigns.channel as acquisition_channel,
        sum(spend_rows.spend) as spend
    from spend_rows
    inner join campaigns
        on spend_rows.campaign_id = campaigns.campaign_id
    cross join as_of
    where spend_rows.spend_date <= as_of.as_of_date
    group by campaigns.channel
),

channel_customers as (
    select
        acquisition_channel,
        count(*) as accounts_acquired,
        sum(case when is_depositor then 1 else 0 end) as depositors,
        sum(case when is_purchaser then 1 else 0 end) as purchasers,
        sum(case when is_high_jackpot_player then 1 else 0 end) as high_jackpot_players,
        sum(coalesce(first_deposit_amount, 0)) as first_deposit_value,
        sum(
            case when is_high_jackpot_player and is_repeat_window_observable then 1 else 0 end
        ) as high_jackpot_players_observable,
        sum(
            case
                when is_high_jackpot_player and is_repeat_window_observable and has_repeat_purchase_in_window
                    then 1
                else 0
            end
        ) as high_jackpot_repeaters,
        sum(
            case
                when is_purchaser and not is_high_jackpot_player and is_repeat_window_observable
                    then 1
                else 0
            end
        ) as other_purchasers_observable,
        sum(
            case
                when
                    is_purchaser and not is_high_jackpot_player and is_repeat_window_observable
                    and has_repeat_purchase_in_window
                    then 1
                else 0
            end
        ) as other_repeaters
    from customers
    group by acquisition_channel
),

channels as (
    select acquisition_channel from channel_customers
    union
    select acquisition_channel from channel_spend
),

joined as (
    select
        channels.acquisition_channel,
        coalesce(channel_customers.accounts_acquired, 0) as accounts_acquired,
        coalesce(channel_customers.depositors, 0) as depositors,
        coalesce(channel_customers.purchasers, 0) as purchasers,
        coalesce(channel_customers.high_jackpot_players, 0) as high_jackpot_players,
        coalesce(channel_customers.first_deposit_value, 0) as first_deposit_value,
        coalesce(channel_spend.spend, 0) as spend,
        channel_spend.acquisition_channel is not null as has_spend,
        coalesce(channel_customers.high_jackpot_players_observable, 0) as high_jackpot_players_observable,
        coalesce(channel_customers.high_jackpot_repeaters, 0) as high_jackpot_repeaters,
        coalesce(channel_customers.other_purchasers_observable, 0) as other_purchasers_observable,
        coalesce(channel_customers.other_repeaters, 0) as other_repeaters
    from channels
    left join channel_customers
        on channels.acquisition_channel = channel_customers.acquisition_channel
    left join channel_spend
        on channels.acquisition_channel = channel_spend.acquisition_channel
),

final as (
    {#- Money coalesced with 0 keeps its cast: on PostgreSQL the result has no scale (0,
        not 0.00), and unit tests run without the contract (contract_select). #}
    select
        joined.acquisition_channel,
        joined.accounts_acquired,
        joined.depositors,
        joined.purchasers,
        joined.high_jackpot_players,
        joined.purchasers - joined.high_jackpot_players as other_purchasers,
        case
            when joined.purchasers > 0
                then cast(joined.high_jackpot_players as {{ type_double() }}) / joined.purchasers
        end as high_jackpot_share,
        cast(joined.spend as {{ money_type() }}) as spend,
        joined.has_spend,
        cast(joined.first_deposit_value as {{ money_type() }}) as first_deposit_value,
        cast(
            case
                when joined.has_spend and joined.depositors > 0 then joined.spend / joined.depositors
            end
            as {{ money_type() }}
        ) as cpa,
        case
            when joined.spend > 0
                then cast(joined.first_deposit_value as {{ type_double() }}) / joined.spend
        end as roas,
        joined.high_jackpot_players_observable,
        joined.high_jackpot_repeaters,
        case
            when joined.high_jackpot_players_observable > 0
                then
                    cast(joined.high_jackpot_repeaters as {{ type_double() }})
                    / joined.high_jackpot_players_observable
        end as repeat_rate_90d_high_jackpot,
        joined.other_purchasers_observable,
        joined.other_repeaters,
        case
            when joined.other_purchasers_observable > 0
                then
                    cast(joined.other_repeaters as {{ type_double() }})
                    / joined.other_purchasers_observable
        end as repeat_rate_90d_other,
        as_of.as_of_date
    from joined
    cross join as_of
)

{{ contract_select('final') }}

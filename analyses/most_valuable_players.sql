-- Who the most valuable players are and what they will be worth.
--
-- One row per VIP tier (the tiers and their thresholds are the rows of seed vip_tiers) of
-- customer_ltv_scoring: players in the tier, their share of scored players, their trailing
-- 365-day and lifetime ticket spend and its share of all players' spend, the mean RFM
-- scores, and the predicted ticket spend over the next 12 months (sum and mean; the
-- heuristic is documented on customer_ltv_scoring), plus the number of players the tier
-- sends to each promotion target.
--
-- Run: `dbt compile -s most_valuable_players`, then run the compiled SQL
-- (target/compiled/.../analyses/most_valuable_players.sql) against the warehouse.

with

players as (
    select
        user_id,
        vip_tier,
        vip_tier_rank,
        monetary,
        trailing_ticket_amount,
        recency_score,
        frequency_score,
        monetary_score,
        predicted_ltv_12m,
        promotion_target
    from {{ ref('customer_ltv_scoring') }}
),

totals as (
    select
        count(*) as all_players,
        sum(monetary) as all_ticket_amount
    from players
),

tiers as (
    select
        vip_tier,
        max(vip_tier_rank) as vip_tier_rank,
        count(*) as players,
        sum(trailing_ticket_amount) as trailing_ticket_amount,
        sum(monetary) as lifetime_ticket_amount,
        avg(cast(recency_score as {{ type_double() }})) as mean_recency_score,
        avg(cast(frequency_score as {{ type_double() }})) as mean_frequency_score,
        avg(cast(monetary_score as {{ type_double() }})) as mean_monetary_score,
        sum(predicted_ltv_12m) as predicted_ltv_12m,
        avg(predicted_ltv_12m) as mean_predicted_ltv_12m,
        sum(case when promotion_target = 'retain_vip' then 1 else 0 end) as retain_vip,
        sum(case when promotion_target = 'win_back_vip' then 1 else 0 end) as win_back_vip,
        sum(case when promotion_target = 'nurture_new' then 1 else 0 end) as nurture_new,
        sum(case when promotion_target = 'grow_regular' then 1 else 0 end) as grow_regular,
        sum(case when promotion_target = 'reactivate_lapsed' then 1 else 0 end) as reactivate_lapsed,
        sum(case when promotion_target = 'win_back_churned' then 1 else 0 end) as win_back_churned
    from players
    group by vip_tier
),

final as (
    select
        tiers.vip_tier,
        tiers.players,
        cast(tiers.players as {{ type_double() }}) / totals.all_players as player_share,
        tiers.trailing_ticket_amount,
        tiers.lifetime_ticket_amount,
        case
            when totals.all_ticket_amount > 0
                then cast(tiers.lifetime_ticket_amount as {{ type_double() }})
                    / cast(totals.all_ticket_amount as {{ type_double() }})
        end as ticket_amount_share,
        tiers.mean_recency_score,
        tiers.mean_frequency_score,
        tiers.mean_monetary_score,
        tiers.predicted_ltv_12m,
        tiers.mean_predicted_ltv_12m,
        tiers.retain_vip,
        tiers.win_back_vip,
        tiers.nurture_new,
        tiers.grow_regular,
        tiers.reactivate_lapsed,
        tiers.win_back_churned,
        tiers.vip_tier_rank
    from tiers
    cross join totals
)

select * from final
order by vip_tier_rank desc

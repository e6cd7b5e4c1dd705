{#- Numbers, read only here (defaults in dbt_project.yml; see the model's YAML):
    `behavioural_score_weights`, `ltv_min_observed_days`, `ltv_base_retention`,
    `ltv_recency_half_life_days`. VIP thresholds: seed `vip_tiers`. -#}
{%- set weights = var('behavioural_score_weights') -%}
{%- set weight_total = weights['recency'] + weights['frequency'] + weights['monetary']
    + weights['regular_play'] -%}
{%- set min_observed_days = var('ltv_min_observed_days') -%}
{%- set base_retention = var('ltv_base_retention') -%}
{%- set half_life_days = var('ltv_recency_half_life_days') -%}

with

customers as (
    select
        user_id,
        as_of_date,
        customer_segment,
        first_purchase_at,
        last_purchase_at,
        days_since_last_purchase,
        purchase_count,
        total_ticket_amount
    from {{ ref('dim_customer') }}
    where is_purchaser
),

purchase_profiles as (
    select
        user_id,
        regular_draw_purchase_count,
        trailing_ticket_amount,
        trailing_observed_days
    from {{ ref('int_customer_purchases') }}
),

ltv_scores as (
    select
        user_id,
        p_alive,
        expected_purchases_12m,
        expected_value_per_purchase,
        predicted_ltv_12m
    from {{ ref('int_ltv_scores') }}
),

vip_tiers as (
    select
        vip_tier,
        tier_rank,
        min_trailing_ticket_amount,
        is_vip
    from {{ ref('vip_tiers') }}
),

rfm_inputs as (
    select
        customers.user_id,
        customers.as_of_date,
        customers.customer_segment,
        customers.first_purchase_at,
        customers.last_purchase_at,
        customers.days_since_last_purchase as recency_days,
        customers.purchase_count as frequency,
        customers.total_ticket_amount as monetary,
        purchase_profiles.regular_draw_purchase_count,
        purchase_profiles.trailing_ticket_amount,
        purchase_profiles.trailing_observed_days
    from customers
    inner join purchase_profiles
        on customers.user_id = purchase_profiles.user_id
),

-- Rank from worst to best: ties share the lowest rank, so they share a score.
rfm_ranks as (
    select
        *,
        count(*) over () as scored_accounts,
        rank() over (order by recency_days desc) as recency_rank,
        rank() over (order by frequency asc) as frequency_rank,
        rank() over (order by monetary asc) as monetary_rank
    from rfm_inputs
),

-- score = 1 + floor(5 * (rank - 1) / scored_accounts), in integer arithmetic.
rfm_scores as (
    select
        *,
        1 + {{ integer_divide('5 * (recency_rank - 1)', 'scored_accounts') }} as recency_score,
        1 + {{ integer_divide('5 * (frequency_rank - 1)', 'scored_accounts') }} as frequency_score,
        1 + {{ integer_divide('5 * (monetary_rank - 1)', 'scored_accounts') }} as monetary_score
    from rfm_ranks
),

vip_matches as (
    select
        rfm_scores.user_id,
        vip_tiers.vip_tier,
        vip_tiers.tier_rank,
        vip_tiers.is_vip,
        row_number() over (
            partition by rfm_scores.user_id
            order by vip_tiers.tier_rank desc
        ) as match_order
    from rfm_scores
    inner join vip_tiers
        on rfm_scores.trailing_ticket_amount >= vip_tiers.min_trailing_ticket_amount
),

best_vip_tiers as (
    select * from vip_matches
    where match_order = 1
),

behaviour as (
    select
        rfm_scores.*,
        best_vip_tiers.vip_tier,
        best_vip_tiers.tier_rank as vip_tier_rank,
        coalesce(best_vip_tiers.is_vip, false) as is_vip,
        cast(rfm_scores.regular_draw_purchase_count as {{ type_double() }})
        / rfm_scores.frequency as regular_draw_purchase_share,
        cast(rfm_scores.trailing_ticket_amount as {{ type_double() }})
        / case
            when rfm_scores.trailing_observed_days > {{ min_observed_days }}
                then rfm_scores.trailing_observed_days
            else {{ min_observed_days }}
        end as daily_spend_rate,
        {{ base_retention }} * power(
            0.5, cast(rfm_scores.recency_days as {{ type_double() }}) / {{ half_life_days }}
        ) as survival_factor
    from rfm_scores
    left join best_vip_tiers
        on rfm_scores.user_id = best_vip_tiers.user_id
),

scored as (
    select
        *,
        -- Rounded by a cast to decimal (half away from zero), not round(double, n),
        -- which PostgreSQL lacks.
        cast(
            cast(
                100.0 * (
                    {{ weights['recency'] }} * (recency_score - 1) / 4.0
                    + {{ weights['frequency'] }} * (frequency_score - 1) / 4.0
                    + {{ weights['monetary'] }} * (monetary_score - 1) / 4.0
                    + {{ weights['regular_play'] }} * regular_draw_purchase_share
                ) / {{ weight_total }}
                as decimal(18, 2)
            ) as {{ type_double() }}
        ) as behavioural_score,
        cast(daily_spend_rate * 365 * survival_factor as {{ money_type() }}) as heuristic_ltv_12m,
        case
            when is_vip and customer_segment in ('new', 'active') then 'retain_vip'
            when is_vip then 'win_back_vip'
            when customer_segment = 'new' then 'nurture_new'
            when customer_segment = 'active' then 'grow_regular'
            when customer_segment = 'lapsed' then 'reactivate_lapsed'
            when customer_segment = 'churned' then 'win_back_churned'
        end as promotion_target
    from behaviour
),

with_ltv as (
    select
        scored.*,
        ltv_scores.p_alive,
        ltv_scores.expected_purchases_12m,
        ltv_scores.expected_value_per_purchase,
        ltv_scores.predicted_ltv_12m
    from scored
    left join ltv_scores
        on scored.user_id = ltv_scores.user_id
),

final as (
    select
        user_id,
        as_of_date,
        customer_segment,
        first_purchase_at,
        last_purchase_at,
        recency_days,
        frequency,
        monetary,
        recency_score,
        frequency_score,
        monetary_score,
        {{ dbt.concat([
            'cast(recency_score as ' ~ dbt.type_string() ~ ')',
            'cast(frequency_score as ' ~ dbt.type_string() ~ ')',
            'cast(monetary_score as ' ~ dbt.type_string() ~ ')'
        ]) }} as rfm_score,
        scored_accounts,
        regular_draw_purchase_share,
        behavioural_score,
        trailing_ticket_amount,
        vip_tier,
        vip_tier_rank,
        daily_spend_rate,
        survival_factor,
        heuristic_ltv_12m,
        p_alive,
        expected_purchases_12m,
        expected_value_per_purchase,
        predicted_ltv_12m,
        promotion_target
    from with_ltv
)

{{ contract_select('final') }}

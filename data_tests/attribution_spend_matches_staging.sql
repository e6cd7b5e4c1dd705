-- Per attribution model, the spend of marketing_attribution summed over its campaigns
-- equals the total spend of stg_funnel_spend (credits included), to the cent: every
-- campaign with spend is listed once under every model. Fails on (returns) every model
-- where the sums differ (a model without rows counts as 0 spend).

with

funnel_spend as (
    select spend from ({{ valid_rows('funnel_spend') }}) as valid_funnel_spend
),

campaign_rows as (
    select * from {{ ref('marketing_attribution') }}
),

attribution_models as (
    {{ attribution_model_rows() }}
),

staging_total as (
    select coalesce(sum(spend), 0) as total_spend
    from funnel_spend
),

mart_totals as (
    select
        attribution_model,
        sum(spend) as total_spend
    from campaign_rows
    group by attribution_model
),

failures as (
    select
        attribution_models.attribution_model,
        staging_total.total_spend as staging_spend,
        mart_totals.total_spend as mart_spend
    from attribution_models
    cross join staging_total
    left join mart_totals
        on attribution_models.attribution_model = mart_totals.attribution_model
    where coalesce(mart_totals.total_spend, 0) <> staging_total.total_spend
)

select * from failures

-- Per attribution model, first-deposit value reconciles:
--   * totals: attributed_revenue + unattributed_revenue = total_conversion_value
--     = the sum of int_conversions.conversion_value, to the cent;
--   * totals: attributed_revenue = the value of the conversions that have a touch in
--     attribution_touches (credits sum to 1), to the cent;
--   * marketing_attribution: the campaigns' attributed_revenue, each rounded to the cent,
--     add up to the totals' attributed_revenue within half a cent per row.
-- Fails on (returns) every model where one of these does not hold, or that is missing.

with

conversions as (
    select * from {{ ref('int_conversions') }}
),

attributed_conversion_ids as (
    select distinct conversion_id from {{ ref('attribution_touches') }}
),

totals as (
    select * from {{ ref('marketing_attribution_totals') }}
),

campaign_rows as (
    select * from {{ ref('marketing_attribution') }}
),

attribution_models as (
    {{ attribution_model_rows() }}
),

conversion_value as (
    select
        sum(conversions.conversion_value) as total_value,
        sum(
            case when attributed_conversion_ids.conversion_id is not null then conversions.conversion_value end
        ) as attributed_value
    from conversions
    left join attributed_conversion_ids
        on conversions.conversion_id = attributed_conversion_ids.conversion_id
),

campaign_sums as (
    select
        attribution_model,
        sum(attributed_revenue) as campaign_revenue,
        count(*) as campaign_rows
    from campaign_rows
    group by attribution_model
),

compared as (
    select
        attribution_models.attribution_model,
        coalesce(conversion_value.total_value, 0) as expected_total_value,
        coalesce(conversion_value.attributed_value, 0) as expected_attributed_value,
        totals.total_conversion_value,
        totals.attributed_revenue,
        totals.unattributed_revenue,
        coalesce(campaign_sums.campaign_revenue, 0) as campaign_revenue,
        coalesce(campaign_sums.campaign_rows, 0) as campaign_rows
    from attribution_models
    cross join conversion_value
    left join totals
        on attribution_models.attribution_model = totals.attribution_model
    left join campaign_sums
        on attribution_models.attribution_model = campaign_sums.attribution_model
),

failures as (
    select * from compared
    where
        total_conversion_value is null
        or total_conversion_value <> expected_total_value
        or attributed_revenue + unattributed_revenue <> expected_total_value
        or attributed_revenue <> expected_attributed_value
        or abs(campaign_revenue - attributed_revenue) > 0.005 * campaign_rows
)

select * from failures

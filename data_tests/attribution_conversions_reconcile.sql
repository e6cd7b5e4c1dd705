-- Conversions are neither lost nor double-counted:
--   * attribution_conversions has every conversion of int_conversions once, with
--     touches_in_window = its rows in attribution_touches and is_attributed = (that > 0);
--   * per model, marketing_attribution_totals counts all conversions, attributed +
--     unattributed = total, and the credits (totals.credited_conversions and
--     marketing_attribution.attributed_conversions summed over campaigns) add up to the
--     attributed conversions, within 1e-6.
-- Fails on (returns) one row per problem, with its kind.

with

conversions as (
    select conversion_id from {{ ref('int_conversions') }}
),

attribution_conversions as (
    select * from {{ ref('attribution_conversions') }}
),

touch_counts as (
    select
        conversion_id,
        count(*) as touch_rows
    from {{ ref('attribution_touches') }}
    group by conversion_id
),

totals as (
    select * from {{ ref('marketing_attribution_totals') }}
),

campaign_credits as (
    select
        attribution_model,
        sum(attributed_conversions) as campaign_credit
    from {{ ref('marketing_attribution') }}
    group by attribution_model
),

attribution_models as (
    {{ attribution_model_rows() }}
),

conversion_rows as (
    select
        conversions.conversion_id,
        count(attribution_conversions.conversion_id) as mart_rows,
        max(attribution_conversions.touches_in_window) as touches_in_window,
        max(case when attribution_conversions.is_attributed then 1 else 0 end) as is_attributed_flag,
        max(coalesce(touch_counts.touch_rows, 0)) as touch_rows
    from conversions
    left join attribution_conversions
        on conversions.conversion_id = attribution_conversions.conversion_id
    left join touch_counts
        on conversions.conversion_id = touch_counts.conversion_id
    group by conversions.conversion_id
),

conversion_failures as (
    select
        'conversion' as failing_kind,
        conversion_id as failing_key,
        'not exactly once in attribution_conversions, or touch count / is_attributed wrong' as problem
    from conversion_rows
    where
        mart_rows <> 1
        or touches_in_window <> touch_rows
        or is_attributed_flag <> case when touch_rows > 0 then 1 else 0 end
),

extra_conversions as (
    select
        'conversion' as failing_kind,
        attribution_conversions.conversion_id as failing_key,
        'in attribution_conversions but not in int_conversions' as problem
    from attribution_conversions
    left join conversions
        on attribution_conversions.conversion_id = conversions.conversion_id
    where conversions.conversion_id is null
),

conversion_count as (
    select count(*) as total_conversions from conversions
),

model_failures as (
    select
        'attribution_model' as failing_kind,
        attribution_models.attribution_model as failing_key,
        'totals counts or credits do not reconcile' as problem
    from attribution_models
    cross join conversion_count
    left join totals
        on attribution_models.attribution_model = totals.attribution_model
    left join campaign_credits
        on attribution_models.attribution_model = campaign_credits.attribution_model
    where
        totals.total_conversions is null
        or totals.total_conversions <> conversion_count.total_conversions
        or totals.attributed_conversions + totals.unattributed_conversions <> totals.total_conversions
        or abs(totals.credited_conversions - totals.attributed_conversions) > 0.000001
        or abs(coalesce(campaign_credits.campaign_credit, 0) - totals.attributed_conversions) > 0.000001
),

failures as (
    select * from conversion_failures
    union all
    select * from extra_conversions
    union all
    select * from model_failures
)

select * from failures

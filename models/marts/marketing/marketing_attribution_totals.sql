{#-
    One row per attribution model: all conversions, split into attributed (credited to
    campaigns) and unattributed (no touch in the window), with total spend. This is where
    unattributed conversions are counted.
-#}

with

attribution_conversions as (
    select * from {{ ref('attribution_conversions') }}
),

attribution_touches as (
    select * from {{ ref('attribution_touches') }}
),

funnel_spend as (
    select spend from ({{ valid_rows('funnel_spend') }}) as valid_funnel_spend
),

attribution_models as (
    {{ attribution_model_rows() }}
),

credits as (
    {{ attribution_credit_rows('attribution_touches') }}
),

model_credits as (
    select
        attribution_model,
        sum(credit) as credited_conversions,
        sum(credited_value) as credited_value,
        count(distinct case when credit > 0 then campaign_id end) as credited_campaigns
    from credits
    group by attribution_model
),

conversion_totals as (
    select
        count(*) as total_conversions,
        count(case when is_attributed then 1 end) as attributed_conversions,
        count(case when not is_attributed then 1 end) as unattributed_conversions,
        sum(conversion_value) as total_conversion_value,
        sum(case when not is_attributed then conversion_value else 0 end) as unattributed_revenue
    from attribution_conversions
),

spend_totals as (
    select sum(spend) as total_spend
    from funnel_spend
),

measured as (
    select
        attribution_models.attribution_model,
        conversion_totals.total_conversions,
        conversion_totals.attributed_conversions,
        conversion_totals.unattributed_conversions,
        coalesce(model_credits.credited_conversions, 0) as credited_conversions,
        coalesce(model_credits.credited_campaigns, 0) as credited_campaigns,
        cast(coalesce(conversion_totals.total_conversion_value, 0) as {{ money_type() }})
            as total_conversion_value,
        cast(coalesce(model_credits.credited_value, 0) as {{ money_type() }}) as attributed_revenue,
        cast(coalesce(conversion_totals.unattributed_revenue, 0) as {{ money_type() }})
            as unattributed_revenue,
        cast(coalesce(spend_totals.total_spend, 0) as {{ money_type() }}) as total_spend
    from attribution_models
    cross join conversion_totals
    cross join spend_totals
    left join model_credits
        on attribution_models.attribution_model = model_credits.attribution_model
),

final as (
    select
        attribution_model,
        total_conversions,
        attributed_conversions,
        unattributed_conversions,
        case
            when total_conversions > 0
                then cast(attributed_conversions as {{ type_double() }}) / total_conversions
        end as attribution_rate,
        credited_conversions,
        credited_campaigns,
        total_conversion_value,
        attributed_revenue,
        unattributed_revenue,
        total_spend,
        case
            when total_spend > 0
                then cast(total_conversion_value as {{ type_double() }}) / cast(total_spend as {{ type_double() }})
        end as blended_roas,
        case
            when total_spend > 0
                then cast(attributed_revenue as {{ type_double() }}) / cast(total_spend as {{ type_double() }})
        end as attributed_roas
    from measured
)

{{ contract_select('final') }}

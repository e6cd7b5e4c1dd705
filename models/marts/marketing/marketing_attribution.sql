{#-
    One row per campaign per attribution model: the credit each campaign earned over all
    conversions, its spend, ROAS, CPA and performance category. Campaigns are those with
    spend rows plus those whose touches fall in a conversion's window; each appears under
    all five models. Unattributed conversions have no touch and never reach this model.
-#}

with

attribution_touches as (
    select * from {{ ref('attribution_touches') }}
),

campaigns as (
    select
        campaign_id,
        campaign_name,
        channel,
        total_spend
    from {{ ref('int_campaigns') }}
),

attribution_models as (
    {{ attribution_model_rows() }}
),

credits as (
    {{ attribution_credit_rows('attribution_touches') }}
),

campaign_credits as (
    select
        campaign_id,
        attribution_model,
        sum(credit) as attributed_conversions,
        sum(credited_value) as attributed_value
    from credits
    group by campaign_id, attribution_model
),

{# A campaign without spend rows takes the channel most of its credited touches were
   mapped to (ties: first channel in alphabetical order). #}
touch_channel_counts as (
    select
        campaign_id,
        channel,
        count(*) as touch_count
    from attribution_touches
    group by campaign_id, channel
),

touch_channels as (
    select
        campaign_id,
        channel,
        row_number() over (
            partition by campaign_id
            order by touch_count desc, channel asc
        ) as channel_rank
    from touch_channel_counts
),

campaign_list as (
    select campaign_id from campaigns
    union
    select campaign_id from attribution_touches
),

campaign_grid as (
    select
        campaign_list.campaign_id,
        attribution_models.attribution_model
    from campaign_list
    cross join attribution_models
),

measured as (
    select
        campaign_grid.campaign_id,
        campaigns.campaign_name,
        coalesce(campaigns.channel, touch_channels.channel) as channel,
        campaigns.campaign_id is not null as has_spend,
        campaign_grid.attribution_model,
        cast(coalesce(campaigns.total_spend, 0) as {{ money_type() }}) as spend,
        coalesce(campaign_credits.attributed_conversions, 0) as attributed_conversions,
        cast(coalesce(campaign_credits.attributed_value, 0) as {{ money_type() }}) as attributed_revenue
    from campaign_grid
    left join campaigns
        on campaign_grid.campaign_id = campaigns.campaign_id
    left join touch_channels
        on
            campaign_grid.campaign_id = touch_channels.campaign_id
            and touch_channels.channel_rank = 1
    left join campaign_credits
        on
            campaign_grid.campaign_id = campaign_credits.campaign_id
            and campaign_grid.attribution_model = campaign_credits.attribution_model
),

{# Net spend <= 0 (no spend rows, or credits outweighing spend) is treated as no spend. #}
ratios as (
    select
        *,
        case
            when spend > 0
                then cast(attributed_revenue as {{ type_double() }}) / cast(spend as {{ type_double() }})
        end as roas,
        case
            when attributed_conversions > 0 and spend >= 0
                then cast(spend as {{ type_double() }}) / attributed_conversions
        end as cpa
    from measured
),

final as (
    select
        campaign_id,
        campaign_name,
        channel,
        has_spend,
        attribution_model,
        spend,
        attributed_conversions,
        attributed_revenue,
        roas,
        cpa,
        case
            when spend <= 0 then 'No spend'
            when roas >= cast({{ var('roas_high_threshold') }} as {{ type_double() }}) then 'High'
            when roas >= cast({{ var('roas_medium_threshold') }} as {{ type_double() }}) then 'Medium'
            else 'Low'
        end as performance_category
    from ratios
)

{{ contract_select('final') }}

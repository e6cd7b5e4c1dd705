-- ROAS by campaign and by channel, under each attribution model.
--
-- One row per attribution model and campaign (row_level = 'campaign'), plus one row per
-- attribution model and channel (row_level = 'channel', campaign_id null) that rolls the
-- channel's campaigns up: spend, attributed conversions and revenue are summed, and ROAS
-- and CPA are recomputed from the sums (never averaged). As in marketing_attribution,
-- ROAS is null when spend <= 0 and CPA is null without attributed conversions or with net
-- negative spend. Unattributed conversions are in marketing_attribution_totals.
--
-- Run: `dbt compile -s roas_by_campaign_and_channel`, then run the compiled SQL
-- (target/compiled/.../analyses/roas_by_campaign_and_channel.sql) against the warehouse.

with

campaign_rows as (
    select
        attribution_model,
        channel,
        campaign_id,
        campaign_name,
        spend,
        attributed_conversions,
        attributed_revenue,
        roas,
        cpa,
        performance_category
    from {{ ref('marketing_attribution') }}
),

channel_sums as (
    select
        attribution_model,
        channel,
        sum(spend) as spend,
        sum(attributed_conversions) as attributed_conversions,
        sum(attributed_revenue) as attributed_revenue,
        count(*) as campaign_count
    from campaign_rows
    group by attribution_model, channel
),

channel_rows as (
    select
        attribution_model,
        channel,
        'channel' as row_level,
        cast(null as {{ dbt.type_string() }}) as campaign_id,
        cast(null as {{ dbt.type_string() }}) as campaign_name,
        campaign_count,
        spend,
        attributed_conversions,
        attributed_revenue,
        case
            when spend > 0
                then cast(attributed_revenue as {{ type_double() }}) / cast(spend as {{ type_double() }})
        end as roas,
        case
            when attributed_conversions > 0 and spend >= 0
                then cast(spend as {{ type_double() }}) / attributed_conversions
        end as cpa,
        cast(null as {{ dbt.type_string() }}) as performance_category
    from channel_sums
),

campaign_level as (
    select
        attribution_model,
        channel,
        'campaign' as row_level,
        campaign_id,
        campaign_name,
        1 as campaign_count,
        spend,
        attributed_conversions,
        attributed_revenue,
        roas,
        cpa,
        performance_category
    from campaign_rows
),

final as (
    select * from campaign_level
    union all
    select * from channel_rows
)

select * from final
order by attribution_model asc, channel asc, row_level desc, roas desc nulls last, campaign_id asc

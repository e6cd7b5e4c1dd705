with

spend as (
    {{ valid_rows('funnel_spend') }}
),

latest_channel as (
    select
        campaign_id,
        channel,
        campaign_name,
        row_number() over (
            partition by campaign_id
            order by spend_date desc, _loaded_at desc
        ) as recency_rank
    from spend
),

totals as (
    select
        campaign_id,
        min(spend_date) as first_spend_date,
        max(spend_date) as last_spend_date,
        count(*) as spend_days,
        sum(spend) as total_spend,
        sum(impressions) as total_impressions,
        sum(clicks) as total_clicks
    from spend
    group by campaign_id
),

final as (
    select
        totals.campaign_id,
        latest_channel.campaign_name,
        latest_channel.channel,
        totals.first_spend_date,
        totals.last_spend_date,
        totals.spend_days,
        cast(totals.total_spend as {{ money_type() }}) as total_spend,
        totals.total_impressions,
        totals.total_clicks
    from totals
    inner join latest_channel
        on
            totals.campaign_id = latest_channel.campaign_id
            and latest_channel.recency_rank = 1
)

select * from final

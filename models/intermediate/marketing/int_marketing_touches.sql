with

touch_sessions as (
    select * from {{ ref('int_sessions') }}
    where is_marketing_touch
),

campaigns as (
    select
        campaign_id,
        channel
    from {{ ref('int_campaigns') }}
),

utm_mapping as (
    select
        utm_source,
        utm_medium,
        channel
    from {{ ref('utm_channel_mapping') }}
),

exact_mapping as (
    select * from utm_mapping
    where utm_source <> '*'
),

medium_mapping as (
    select * from utm_mapping
    where utm_source = '*'
),

final as (
    select
        touch_sessions.session_id as touch_id,
        touch_sessions.person_id,
        touch_sessions.anonymous_id,
        touch_sessions.session_start_at as touched_at,
        touch_sessions.session_date as touch_date,
        touch_sessions.utm_campaign as campaign_id,
        touch_sessions.utm_source,
        touch_sessions.utm_medium,
        touch_sessions.utm_content,
        touch_sessions.utm_term,
        coalesce(
            campaigns.channel, exact_mapping.channel, medium_mapping.channel, 'unmapped'
        ) as channel,
        case
            when campaigns.channel is not null then 'funnel_spend'
            when exact_mapping.channel is not null then 'utm_source_medium'
            when medium_mapping.channel is not null then 'utm_medium'
            else 'unmapped'
        end as channel_source,
        campaigns.campaign_id is not null as has_spend,
        touch_sessions.device_type,
        touch_sessions.landing_page_url
    from touch_sessions
    left join campaigns
        on touch_sessions.utm_campaign = campaigns.campaign_id
    left join exact_mapping
        on
            touch_sessions.utm_source = exact_mapping.utm_source
            and touch_sessions.utm_medium = exact_mapping.utm_medium
    left join medium_mapping
        on touch_sessions.utm_medium = medium_mapping.utm_medium
)

select * from final

{#- A table rebuilt on every run, on purpose: it is the one place the person is attached
    (the landing event's logged-in account, else the cookie's stitched account, as of this
    run), so a cookie identified late gives all its earlier touches the person at once, and a
    campaign that gets funnel spend later changes its old touches' channel. Its cost is one
    pass over the marketing sessions joined to three small tables (docs/engines.md). -#}
with

touch_sessions as (
    select * from {{ ref('int_sessions') }}
    where is_marketing_touch
),

stitching as (
    select
        anonymous_id,
        user_id as stitched_user_id,
        stitch_source
    from {{ ref('int_identity_stitching') }}
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
        coalesce(touch_sessions.landing_user_id, stitching.stitched_user_id) as person_id,
        case
            when touch_sessions.landing_user_id is not null then 'logged_in'
            when stitching.stitch_source = 'signup' then 'cookie_signup'
            when stitching.stitch_source = 'login' then 'cookie_login'
            else 'anonymous'
        end as identity_source,
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
    left join stitching
        on touch_sessions.anonymous_id = stitching.anonymous_id
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

with

human_events as (
    select * from ({{ valid_rows('web_events') }}) as valid_web_events
    where not is_bot
),

stitching as (
    select
        anonymous_id,
        user_id as stitched_user_id,
        stitch_source
    from {{ ref('int_identity_stitching') }}
),

final as (
    select
        human_events.event_id,
        human_events.anonymous_id,
        human_events.user_id,
        coalesce(human_events.user_id, stitching.stitched_user_id) as person_id,
        case
            when human_events.user_id is not null then 'logged_in'
            when stitching.stitch_source = 'signup' then 'cookie_signup'
            when stitching.stitch_source = 'login' then 'cookie_login'
            else 'anonymous'
        end as identity_source,
        human_events.event_at,
        human_events.event_date,
        human_events.event_type,
        human_events.page_url,
        human_events.referrer,
        human_events.utm_source,
        human_events.utm_medium,
        human_events.utm_campaign,
        human_events.utm_content,
        human_events.utm_term,
        human_events.device_type
    from human_events
    left join stitching
        on human_events.anonymous_id = stitching.anonymous_id
)

select * from final

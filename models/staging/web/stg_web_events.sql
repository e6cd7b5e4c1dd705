with

events as (
    select * from {{ ref('base_web_events') }}
    where reject_reason is null
),

final as (
    select
        event_id,
        anonymous_id,
        user_id,
        event_at,
        cast(event_at as date) as event_date,
        event_type,
        page_url,
        referrer,
        utm_source,
        utm_medium,
        utm_campaign,
        utm_content,
        utm_term,
        device_type,
        user_agent,
        is_bot,
        user_id is not null as is_logged_in,
        _loaded_at
    from events
)

select * from final

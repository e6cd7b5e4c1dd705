with

events as (
    select * from {{ ref('int_web_events_identified') }}
),

gaps as (
    select
        *,
        {{ epoch_seconds('event_at') }} - {{ epoch_seconds(
            'lag(event_at) over (partition by anonymous_id order by event_at, event_id)'
        ) }} as seconds_since_previous_event
    from events
),

session_starts as (
    select
        *,
        case
            when seconds_since_previous_event is null then 1
            when seconds_since_previous_event > {{ var('session_timeout_minutes') }} * 60 then 1
            else 0
        end as is_session_start
    from gaps
),

numbered as (
    select
        *,
        sum(is_session_start) over (
            partition by anonymous_id
            order by event_at, event_id
            rows between unbounded preceding and current row
        ) as session_number
    from session_starts
),

landings as (
    select
        anonymous_id,
        session_number,
        event_id as session_id,
        person_id,
        identity_source,
        event_at as session_start_at,
        page_url as landing_page_url,
        referrer,
        utm_source,
        utm_medium,
        utm_campaign,
        utm_content,
        utm_term,
        device_type
    from numbered
    where is_session_start = 1
),

session_activity as (
    select
        anonymous_id,
        session_number,
        max(event_at) as session_end_at,
        count(*) as event_count,
        max(case when event_type = 'signup' then 1 else 0 end) = 1 as has_signup,
        max(case when event_type = 'login' then 1 else 0 end) = 1 as has_login,
        max(case when event_type = 'deposit' then 1 else 0 end) = 1 as has_deposit,
        max(case when event_type = 'purchase' then 1 else 0 end) = 1 as has_purchase
    from numbered
    group by anonymous_id, session_number
),

final as (
    select
        landings.session_id,
        landings.anonymous_id,
        landings.session_number,
        landings.person_id,
        landings.identity_source,
        landings.session_start_at,
        session_activity.session_end_at,
        cast(landings.session_start_at as date) as session_date,
        {{ epoch_seconds('session_activity.session_end_at') }}
        - {{ epoch_seconds('landings.session_start_at') }} as duration_seconds,
        session_activity.event_count,
        landings.landing_page_url,
        landings.referrer,
        landings.utm_source,
        landings.utm_medium,
        landings.utm_campaign,
        landings.utm_content,
        landings.utm_term,
        landings.utm_campaign is not null as is_marketing_touch,
        landings.device_type,
        session_activity.has_signup,
        session_activity.has_login,
        session_activity.has_deposit,
        session_activity.has_purchase
    from landings
    inner join session_activity
        on
            landings.anonymous_id = session_activity.anonymous_id
            and landings.session_number = session_activity.session_number
)

select * from final

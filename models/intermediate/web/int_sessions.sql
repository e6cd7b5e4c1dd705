{#- Incremental by `session_date` (Spark: its date partitions). Sessions depend only on
    their cookie's own events, not on the person (int_marketing_touches attaches that), so a
    run rebuilds the session dates around every event date int_web_events_identified rebuilt
    (its `_rebuilt_at` stamp is newer than ours), d: sessions starting from
    d - 1 - `session_max_span_days` (a session that ran into d, or ended just before an
    event at d's start that now joins it) to d + 1 (a session just after midnight that an
    event late on d absorbs). It reads the events of one day more before (the previous
    event of the first event of a rebuilt date is at most `session_timeout_minutes`
    earlier) and `session_max_span_days` more after (the rest of a session that runs past
    midnight). The data test on `days_spanned` fails when a session runs longer than that
    window assumes. -#}
{{ config(**incremental_by_date_config('session_date', [])) }}
{%- set span = var('session_max_span_days') | int -%}
with

events as (
    select * from {{ ref('int_web_events_identified') }}
),

{% if is_incremental() %}
    {{ rebuilt_dates('events', 'event_date') }}

    dates_to_rebuild as (
        {{ shifted_dates('changed_dates', 'changed_date', -1 - span, 1, 'session_date') }}
    ),

    dates_to_read as (
        {{ shifted_dates('changed_dates', 'changed_date', -2 - span, 1 + span, 'event_date') }}
    ),
{% endif %}

scoped_events as (
    select * from events
    {% if is_incremental() %}
        where events.event_date in (select dates_to_read.event_date from dates_to_read)
    {% endif %}
),

gaps as (
    select
        *,
        {{ epoch_seconds('event_at') }} - {{ epoch_seconds(
            'lag(event_at) over (partition by anonymous_id order by event_at, event_id)'
        ) }} as seconds_since_previous_event
    from scoped_events
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
        user_id as landing_user_id,
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

sessions as (
    select
        landings.session_id,
        landings.anonymous_id,
        landings.landing_user_id,
        landings.session_start_at,
        session_activity.session_end_at,
        cast(landings.session_start_at as date) as session_date,
        cast(session_activity.session_end_at as date) as session_end_date,
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
),

final as (
    select
        session_id,
        anonymous_id,
        landing_user_id,
        session_start_at,
        session_end_at,
        duration_seconds,
        event_count,
        landing_page_url,
        referrer,
        utm_source,
        utm_medium,
        utm_campaign,
        utm_content,
        utm_term,
        is_marketing_touch,
        device_type,
        has_signup,
        has_login,
        has_deposit,
        has_purchase,
        {{ dbt.datediff('session_date', 'session_end_date', 'day') }}
            as days_spanned,
        {{ run_started_timestamp() }} as _rebuilt_at,
        session_date
    from sessions
    {% if is_incremental() %}
        where sessions.session_date in (select dates_to_rebuild.session_date from dates_to_rebuild)
    {% endif %}
)

select * from final

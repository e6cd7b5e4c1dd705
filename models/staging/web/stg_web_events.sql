{#- Incremental: each run rebuilds every UTC date touched by rows loaded since the last
    run (minus `incremental_overlap_hours`), and the dates those events had before, from
    the deduplicated base model; a full refresh rebuilds all. -#}
{{ config(**incremental_by_date_config('event_date')) }}

with

events as {{ inline_cte() }} (
    select * from {{ ref('base_web_events') }}
    where reject_reason is null
),

{% if is_incremental() %}
    {{ incremental_dates_to_rebuild('events', 'event_id', 'event_date', 'cast(events.event_at as date)') }}
{% endif %}

final as (
    select
        events.event_id,
        events.anonymous_id,
        events.user_id,
        events.event_at,
        events.event_type,
        events.page_url,
        events.referrer,
        events.utm_source,
        events.utm_medium,
        events.utm_campaign,
        events.utm_content,
        events.utm_term,
        events.device_type,
        events.user_agent,
        events.is_bot,
        events.user_id is not null as is_logged_in,
        events._loaded_at,
        cast(events.event_at as date) as event_date
    from events
    {% if is_incremental() %}
        where cast(events.event_at as date) in (select dates_to_rebuild.event_date from dates_to_rebuild)
    {% endif %}
)

select * from final

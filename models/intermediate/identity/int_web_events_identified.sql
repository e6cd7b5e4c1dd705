{#- Incremental by `event_date`: a run rebuilds every date touched by validated rows loaded
    since its last run (minus `incremental_overlap_hours`), including the dates a
    re-delivered event had before, and stamps the rows it writes with `_rebuilt_at`, the
    run's start, so int_sessions finds exactly the dates rebuilt here. The person is not
    attached here: a cookie identified late would otherwise change months of event dates;
    int_marketing_touches attaches it per session landing (docs/engines.md). -#}
{{ config(**incremental_by_date_config('event_date', ['_loaded_at', '_rebuilt_at'])) }}
with

human_events as (
    select * from ({{ valid_rows('web_events') }}) as valid_web_events
    where not is_bot
),

{% if is_incremental() %}
    delivered as (
        select
            event_id,
            partition_date,
            _loaded_at
        from {{ ref('int_web_events_validated') }}
    ),

    {{ incremental_dates_to_rebuild('delivered', 'event_id', 'event_date', 'delivered.partition_date') }}
{% endif %}

scoped as (
    select * from human_events
    {% if is_incremental() %}
        where human_events.event_date in (select dates_to_rebuild.event_date from dates_to_rebuild)
    {% endif %}
),

final as (
    select
        event_id,
        anonymous_id,
        user_id,
        event_at,
        event_type,
        page_url,
        referrer,
        utm_source,
        utm_medium,
        utm_campaign,
        utm_content,
        utm_term,
        device_type,
        _loaded_at,
        {{ run_started_timestamp() }} as _rebuilt_at,
        event_date
    from scoped
)

select * from final

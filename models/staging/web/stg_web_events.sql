{{ bundled_sample_dependency('web_events') }}
{#- Incremental by load date (`loaded_date`, the UTC date of `_loaded_at`): a run parses only
    the raw rows loaded since the last run (minus `incremental_overlap_hours`), and rebuilds
    their load dates and the load dates of the deliveries they replace. Each event is
    deduplicated against every delivery of it in the raw table, wherever loaded, so the
    newest still wins; a full refresh parses everything. -#}
{{ config(**incremental_by_date_config('loaded_date')) }}
with

source as {{ inline_cte() }} (
    select * from {{ source('web', 'web_events') }}
),

{{ deliveries_in_scope('source', 'event_id') }}

latest_delivery as (
    {{ deduplicate('in_scope', ['event_id'], tie_breakers=['event_at']) }}
),

cleaned as (
    select
        event_id,
        nullif(trim(anonymous_id), '') as anonymous_id,
        nullif(trim(user_id), '') as user_id,
        {{ parse_iso_timestamp('event_at') }} as event_at,
        lower(trim(event_type)) as event_type,
        page_url,
        nullif(trim(referrer), '') as referrer,
        {%- for utm in ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'] %}
            nullif(lower(trim({{ utm }})), '') as {{ utm }},
        {%- endfor %}
        lower(trim(device_type)) as device_type,
        user_agent,
        _loaded_at,
        {#- the raw text of the columns cleaned above, for int_rejected_rows -#}
        {{ raw_copies(['anonymous_id', 'user_id', 'event_at', 'event_type', 'utm_campaign', 'device_type']) }}
    from latest_delivery
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
        user_id is not null as is_logged_in,
        _loaded_at,
        raw__anonymous_id,
        raw__user_id,
        raw__event_at,
        raw__event_type,
        raw__utm_campaign,
        raw__device_type,
        cast(_loaded_at as date) as loaded_date
    from cleaned
    {{ where_loaded_date_rebuilt() }}
)

select * from final

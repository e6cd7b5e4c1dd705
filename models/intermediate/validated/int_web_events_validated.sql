{#- Incremental by `partition_date` (the UTC event date; the load date when the event time
    is unparseable): each run rebuilds every date touched by rows staged since the last run
    (minus `incremental_overlap_hours`), and the dates those events had before; a full
    refresh rebuilds all. -#}
{{ config(**incremental_by_date_config('partition_date')) }}
with

events as {{ inline_cte() }} (
    select
        *,
        coalesce(event_date, loaded_date) as partition_date
    from {{ ref('stg_web_events') }}
),

{% if is_incremental() %}
    {{ incremental_dates_to_rebuild('events', 'event_id', 'partition_date', 'events.partition_date') }}
{% endif %}

scoped as (
    select events.* from events
    {% if is_incremental() %}
        where events.partition_date in (select dates_to_rebuild.partition_date from dates_to_rebuild)
    {% endif %}
),

in_scope as (
    {{ with_seed_codes('scoped', {'event_type': 'web_event_types', 'device_type': 'device_types'}) }}
),

{# The bot pattern once per distinct user agent (19 in 2.8 M generated events; a real site
   has thousands, still far fewer than events), not once per event: a case-insensitive
   alternation over millions of ~110-character strings was the largest cost of staging the
   web events on PostgreSQL. The agents come from the whole staging table, not from
   in_scope: Spark inlines a CTE at every reference, and a second reference of in_scope's
   tree doubles the planning of an incremental run. #}
user_agents as (
    select
        user_agent as agent,
        coalesce(
            {{ regex_matches_ci('user_agent', "'" ~ var('bot_user_agent_pattern') ~ "'") }},
            false
        ) as is_bot
    from (select distinct user_agent from {{ ref('stg_web_events') }}) as distinct_agents
    where user_agent is not null
),

flagged as (
    select
        in_scope.*,
        coalesce(user_agents.is_bot, false) as is_bot
    from in_scope
    left join user_agents
        on in_scope.user_agent = user_agents.agent
),

checked as (
    select
        *,
        case
            when event_id is null then 'missing_key'
            when anonymous_id is null then 'missing_anonymous_id'
            when event_at is null then 'unparseable_timestamp'
        end as reject_reason
    from flagged
),

final as (
    select
        event_id,
        anonymous_id,
        user_id,
        event_at,
        event_date,
        event_type_code as event_type,
        page_url,
        referrer,
        utm_source,
        utm_medium,
        utm_campaign,
        utm_content,
        utm_term,
        device_type_code as device_type,
        user_agent,
        is_bot,
        is_logged_in,
        _loaded_at,
        reject_reason,
        {{ reject_stage('reject_reason') }} as reject_stage,
        {{ describe_rejected_row([
            'event_id', ('anonymous_id', 'raw__anonymous_id'), ('user_id', 'raw__user_id'),
            ('event_at', 'raw__event_at'), ('event_type', 'raw__event_type'), 'page_url',
            ('utm_campaign', 'raw__utm_campaign'), ('device_type', 'raw__device_type'), 'user_agent',
            '_loaded_at'
        ]) }} as raw_values,
        partition_date
    from checked
)

select * from final

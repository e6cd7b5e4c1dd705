{#-
    One row per person with at least one marketing touch in their lookback window: an
    account (touch person_id) or, for touches never identified to an account, the cookie
    (anonymous_id). A converting account's window ends at its conversion (the window of
    attribution_touches); anyone else's ends at their last touch. The ordered channel path
    and the channel set feed the data-driven attribution models (int_attribution_paths).
-#}
{%- set lookback_seconds = ((var('attribution_lookback_days') | float) * 86400) | round | int -%}

with

conversions as (
    select
        conversion_id,
        user_id,
        converted_at
    from {{ ref('int_conversions') }}
),

touches as (
    select
        touch_id,
        person_id,
        anonymous_id,
        touched_at,
        channel
    from {{ ref('int_marketing_touches') }}
),

person_touches as (
    select
        touch_id,
        touched_at,
        channel,
        case when person_id is not null then 'account' else 'cookie' end as person_kind,
        coalesce(person_id, anonymous_id) as person_id
    from touches
),

people as (
    select
        person_kind,
        person_id,
        max(touched_at) as last_touched_at
    from person_touches
    group by person_kind, person_id
),

windows as (
    select
        people.person_kind,
        people.person_id,
        conversions.conversion_id,
        conversions.converted_at,
        conversions.conversion_id is not null as converted,
        coalesce(conversions.converted_at, people.last_touched_at) as window_end_at
    from people
    left join conversions
        on
            people.person_kind = 'account'
            and people.person_id = conversions.user_id
),

window_touches as (
    select
        windows.person_kind,
        windows.person_id,
        person_touches.touch_id,
        person_touches.touched_at,
        person_touches.channel
    from windows
    inner join person_touches
        on
            windows.person_kind = person_touches.person_kind
            and windows.person_id = person_touches.person_id
            and windows.window_end_at >= person_touches.touched_at
            and {{ dbt.dateadd('second', -lookback_seconds, 'windows.window_end_at') }} <= person_touches.touched_at
),

paths as (
    select
        person_kind,
        person_id,
        {{ ordered_string_agg('channel', ['touched_at', 'touch_id'], "' > '") }} as channel_path,
        count(*) as touches_in_window
    from window_touches
    group by person_kind, person_id
),

distinct_channels as (
    select distinct
        person_kind,
        person_id,
        channel
    from window_touches
),

channel_sets as (
    select
        person_kind,
        person_id,
        {{ ordered_string_agg('channel', ['channel'], "','") }} as channel_set
    from distinct_channels
    group by person_kind, person_id
),

final as (
    select
        {{ dbt.concat(['windows.person_kind', "':'", 'windows.person_id']) }} as journey_id,
        windows.person_kind,
        windows.person_id,
        windows.converted,
        windows.converted_at,
        windows.conversion_id,
        windows.window_end_at,
        paths.channel_path,
        channel_sets.channel_set,
        paths.touches_in_window
    from windows
    inner join paths
        on
            windows.person_kind = paths.person_kind
            and windows.person_id = paths.person_id
    inner join channel_sets
        on
            windows.person_kind = channel_sets.person_kind
            and windows.person_id = channel_sets.person_id
)

select * from final

{#- One row per conversion, attributed or not, with its first and last touch in the window. -#}
{%- set lookback_seconds = ((var('attribution_lookback_days') | float) * 86400) | round | int -%}

with

conversions as (
    select
        conversion_id,
        user_id,
        converted_at,
        converted_date,
        conversion_value
    from {{ ref('int_conversions') }}
),

attribution_touches as (
    select * from {{ ref('attribution_touches') }}
),

touch_counts as (
    select
        conversion_id,
        count(*) as touches_in_window,
        count(distinct campaign_id) as campaigns_in_window
    from attribution_touches
    group by conversion_id
),

first_touches as (
    select
        conversion_id,
        touch_id,
        touched_at,
        campaign_id,
        channel
    from attribution_touches
    where touch_number = 1
),

last_touches as (
    select
        conversion_id,
        touch_id,
        touched_at,
        campaign_id,
        channel
    from attribution_touches
    where touch_number = touches_in_window
),

final as (
    select
        conversions.conversion_id,
        conversions.user_id,
        conversions.converted_at,
        conversions.converted_date,
        conversions.conversion_value,
        {{ dbt.dateadd('second', -lookback_seconds, 'conversions.converted_at') }} as lookback_start_at,
        coalesce(touch_counts.touches_in_window, 0) as touches_in_window,
        coalesce(touch_counts.campaigns_in_window, 0) as campaigns_in_window,
        touch_counts.conversion_id is not null as is_attributed,
        first_touches.touch_id as first_touch_id,
        first_touches.touched_at as first_touched_at,
        first_touches.campaign_id as first_touch_campaign_id,
        first_touches.channel as first_touch_channel,
        last_touches.touch_id as last_touch_id,
        last_touches.touched_at as last_touched_at,
        last_touches.campaign_id as last_touch_campaign_id,
        last_touches.channel as last_touch_channel
    from conversions
    left join touch_counts
        on conversions.conversion_id = touch_counts.conversion_id
    left join first_touches
        on conversions.conversion_id = first_touches.conversion_id
    left join last_touches
        on conversions.conversion_id = last_touches.conversion_id
)

{{ contract_select('final') }}

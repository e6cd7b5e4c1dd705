-- No attributed touch lies after its conversion or before its lookback window, and each
-- belongs to the converting account: fails on (returns) every attribution_touches row whose
-- touch, looked up again in int_marketing_touches, is missing, has another person, or
-- happened more than `attribution_lookback_days` x 86,400 seconds before the conversion
-- or after it.
{%- set lookback_seconds = (var('attribution_lookback_days') | float) * 86400 %}

with

attribution_touches as (
    select * from {{ ref('attribution_touches') }}
),

touches as (
    select
        touch_id,
        person_id,
        touched_at
    from {{ ref('int_marketing_touches') }}
),

conversions as (
    select
        conversion_id,
        user_id,
        converted_at
    from {{ ref('int_conversions') }}
),

checked as (
    select
        attribution_touches.attribution_touch_id,
        attribution_touches.conversion_id,
        attribution_touches.touch_id,
        touches.person_id,
        conversions.user_id,
        touches.touched_at,
        conversions.converted_at,
        {{ epoch_seconds('conversions.converted_at') }}
        - {{ epoch_seconds('touches.touched_at') }} as seconds_before_conversion
    from attribution_touches
    left join touches
        on attribution_touches.touch_id = touches.touch_id
    left join conversions
        on attribution_touches.conversion_id = conversions.conversion_id
),

failures as (
    select * from checked
    where
        person_id is null
        or user_id is null
        or person_id <> user_id
        or seconds_before_conversion < 0
        or seconds_before_conversion > {{ lookback_seconds }}
)

select * from failures

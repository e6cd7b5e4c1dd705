-- Every marketing touch of a converted account in its lookback window (0 to
-- `attribution_lookback_days` x 86,400 seconds before the conversion, both included) is
-- in attribution_touches: fails on (returns) every such (conversion, touch) pair missing.
{%- set lookback_seconds = (var('attribution_lookback_days') | float) * 86400 %}

with

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

attribution_touches as (
    select
        conversion_id,
        touch_id
    from {{ ref('attribution_touches') }}
),

account_touches as (
    select
        conversions.conversion_id,
        touches.touch_id,
        {{ epoch_seconds('conversions.converted_at') }}
        - {{ epoch_seconds('touches.touched_at') }} as seconds_before_conversion
    from conversions
    inner join touches
        on conversions.user_id = touches.person_id
),

expected as (
    select * from account_touches
    where seconds_before_conversion between 0 and {{ lookback_seconds }}
),

missing as (
    select expected.*
    from expected
    left join attribution_touches
        on
            expected.conversion_id = attribution_touches.conversion_id
            and expected.touch_id = attribution_touches.touch_id
    where attribution_touches.touch_id is null
)

select * from missing

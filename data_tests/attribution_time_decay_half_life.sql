-- time_decay credits halve every `time_decay_half_life_days`: for two consecutive touches
-- of one conversion, credit(earlier) = credit(later) x 2^(-(days between them) / half-life),
-- to a relative precision of 1e-9. Checks fractional days that unit tests cannot compare
-- exactly. Fails on (returns) every pair where it does not hold.

with

attribution_touches as (
    select * from {{ ref('attribution_touches') }}
),

pairs as (
    select
        earlier.conversion_id,
        earlier.touch_id as earlier_touch_id,
        later.touch_id as later_touch_id,
        earlier.credit_time_decay as earlier_credit,
        later.credit_time_decay as later_credit,
        later.credit_time_decay * power(
            cast(2 as {{ type_double() }}),
            -(earlier.days_before_conversion - later.days_before_conversion)
            / cast({{ var('time_decay_half_life_days') }} as {{ type_double() }})
        ) as expected_earlier_credit
    from attribution_touches as earlier
    inner join attribution_touches as later
        on
            earlier.conversion_id = later.conversion_id
            and earlier.touch_number + 1 = later.touch_number
),

failures as (
    select * from pairs
    where abs(earlier_credit - expected_earlier_credit) > 0.000000001 * later_credit
)

select * from failures

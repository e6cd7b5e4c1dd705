{#-
    One row per (conversion, marketing touch in its lookback window), with the touch's credit
    under each of the five attribution models. The window is computed in seconds so that a
    fractional `attribution_lookback_days` works the same on every engine.
-#}
{%- set lookback_seconds = ((var('attribution_lookback_days') | float) * 86400) | round | int -%}
{#- Its range (0 to 0.5) is checked with the other variables in validate_vars. -#}
{%- set endpoint_share = var('position_based_endpoint_share') -%}

with

conversions as (
    select
        conversion_id,
        user_id,
        converted_at,
        conversion_value
    from {{ ref('int_conversions') }}
),

touches as (
    select
        touch_id,
        person_id,
        touched_at,
        campaign_id,
        channel
    from {{ ref('int_marketing_touches') }}
    where person_id is not null
),

window_touches as (
    select
        conversions.conversion_id,
        conversions.user_id,
        conversions.converted_at,
        conversions.conversion_value,
        touches.touch_id,
        touches.touched_at,
        touches.campaign_id,
        touches.channel,
        (
            {{ epoch_seconds('conversions.converted_at') }}
            - {{ epoch_seconds('touches.touched_at') }}
        ) / cast(86400 as {{ type_double() }}) as days_before_conversion
    from conversions
    inner join touches
        on
            conversions.user_id = touches.person_id
            and conversions.converted_at >= touches.touched_at
            and {{ dbt.dateadd('second', -lookback_seconds, 'conversions.converted_at') }} <= touches.touched_at
),

ordered as (
    select
        *,
        row_number() over (
            partition by conversion_id
            order by touched_at, touch_id
        ) as touch_number,
        count(*) over (partition by conversion_id) as touches_in_window,
        min(days_before_conversion) over (partition by conversion_id) as latest_touch_days_before
    from window_touches
),

{# 2^(-d/h), scaled by 2^(d_latest/h) so the latest touch weighs 1: the scale cancels out
   when normalising, and no weight sum can underflow to zero. #}
decay_weights as (
    select
        *,
        power(
            cast(2 as {{ type_double() }}),
            -(days_before_conversion - latest_touch_days_before)
            / cast({{ var('time_decay_half_life_days') }} as {{ type_double() }})
        ) as time_decay_weight
    from ordered
),

credited as (
    select
        *,
        cast(case when touch_number = 1 then 1 else 0 end as {{ type_double() }}) as credit_first_touch,
        cast(
            case when touch_number = touches_in_window then 1 else 0 end as {{ type_double() }}
        ) as credit_last_touch,
        cast(1 as {{ type_double() }}) / touches_in_window as credit_linear,
        time_decay_weight / sum(time_decay_weight) over (partition by conversion_id) as credit_time_decay,
        case
            when touches_in_window = 1 then cast(1 as {{ type_double() }})
            when touches_in_window = 2 then cast(0.5 as {{ type_double() }})
            when touch_number = 1 or touch_number = touches_in_window
                then cast({{ endpoint_share }} as {{ type_double() }})
            else cast(1 - 2 * {{ endpoint_share }} as {{ type_double() }}) / (touches_in_window - 2)
        end as credit_position_based
    from decay_weights
),

final as (
    select
        {{ dbt.concat(['conversion_id', "'|'", 'touch_id']) }} as attribution_touch_id,
        conversion_id,
        user_id,
        converted_at,
        conversion_value,
        touch_id,
        touched_at,
        campaign_id,
        channel,
        cast(touch_number as bigint) as touch_number,
        touches_in_window,
        days_before_conversion,
        credit_first_touch,
        credit_last_touch,
        credit_linear,
        credit_time_decay,
        credit_position_based
    from credited
)

select * from final

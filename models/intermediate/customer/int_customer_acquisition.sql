with

accounts as (
    select user_id from ({{ valid_rows('signups') }}) as valid_signups
),

conversions as (
    select
        user_id,
        converted_at
    from {{ ref('int_conversions') }}
),

touches as (
    select
        touch_id,
        person_id,
        touched_at,
        campaign_id,
        channel,
        channel_source,
        has_spend
    from {{ ref('int_marketing_touches') }}
    where person_id is not null
),

as_of as (
    select as_of_end_at from {{ ref('int_as_of_date') }}
),

eligible_touches as (
    select
        touches.*,
        row_number() over (
            partition by touches.person_id
            order by touches.touched_at, touches.touch_id
        ) as touch_order
    from touches
    inner join accounts
        on touches.person_id = accounts.user_id
    left join conversions
        on touches.person_id = conversions.user_id
    cross join as_of
    where
        (conversions.converted_at is not null and touches.touched_at <= conversions.converted_at)
        or (conversions.converted_at is null and touches.touched_at < as_of.as_of_end_at)
),

first_touches as (
    select * from eligible_touches
    where touch_order = 1
),

final as (
    select
        accounts.user_id,
        coalesce(first_touches.channel, 'direct') as acquisition_channel,
        first_touches.campaign_id as acquisition_campaign_id,
        first_touches.touch_id as acquisition_touch_id,
        first_touches.touched_at as acquisition_touched_at,
        first_touches.channel_source as acquisition_channel_source,
        coalesce(first_touches.has_spend, false) as is_paid_acquisition
    from accounts
    left join first_touches
        on accounts.user_id = first_touches.person_id
)

select * from final

with

accounts as (
    select
        user_id,
        anonymous_id,
        signed_up_at
    from ({{ valid_rows('signups') }}) as valid_signups
),

human_events as (
    select
        event_id,
        anonymous_id,
        user_id,
        event_at
    from ({{ valid_rows('web_events') }}) as valid_web_events
    where not is_bot
),

signup_cookies as (
    select
        anonymous_id,
        user_id,
        row_number() over (
            partition by anonymous_id
            order by signed_up_at, user_id
        ) as signup_order
    from accounts
    where anonymous_id is not null
),

login_sightings as (
    select
        human_events.anonymous_id,
        human_events.user_id,
        human_events.event_at,
        row_number() over (
            partition by human_events.anonymous_id
            order by human_events.event_at, human_events.event_id
        ) as sighting_order
    from human_events
    inner join accounts
        on human_events.user_id = accounts.user_id
),

accounts_seen as (
    select
        anonymous_id,
        user_id
    from signup_cookies
    union
    select
        anonymous_id,
        user_id
    from login_sightings
),

accounts_per_cookie as (
    select
        anonymous_id,
        count(distinct user_id) as accounts_seen
    from accounts_seen
    group by anonymous_id
),

cookie_activity as (
    select
        anonymous_id,
        min(event_at) as first_event_at,
        max(event_at) as last_event_at
    from human_events
    group by anonymous_id
),

first_signup as (
    select * from signup_cookies
    where signup_order = 1
),

first_login as (
    select * from login_sightings
    where sighting_order = 1
),

signup_times as (
    select
        anonymous_id,
        min(signed_up_at) as first_signup_at,
        max(signed_up_at) as last_signup_at
    from accounts
    where anonymous_id is not null
    group by anonymous_id
),

final as (
    select
        accounts_per_cookie.anonymous_id,
        coalesce(first_signup.user_id, first_login.user_id) as user_id,
        case when first_signup.user_id is not null then 'signup' else 'login' end
            as stitch_source,
        accounts_per_cookie.accounts_seen > 1 as is_shared_device,
        accounts_per_cookie.accounts_seen,
        coalesce(cookie_activity.first_event_at, signup_times.first_signup_at) as first_seen_at,
        coalesce(cookie_activity.last_event_at, signup_times.last_signup_at) as last_seen_at
    from accounts_per_cookie
    left join first_signup
        on accounts_per_cookie.anonymous_id = first_signup.anonymous_id
    left join first_login
        on accounts_per_cookie.anonymous_id = first_login.anonymous_id
    left join cookie_activity
        on accounts_per_cookie.anonymous_id = cookie_activity.anonymous_id
    left join signup_times
        on accounts_per_cookie.anonymous_id = signup_times.anonymous_id
)

select * from final

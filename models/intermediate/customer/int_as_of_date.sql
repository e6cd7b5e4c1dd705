{#- One row: the date "now" means. Variable `as_of_date` (YYYY-MM-DD) if set, else the UTC
    date of the latest valid event in the data, so a rebuild gives the same answer any day. -#}
with

latest_event_dates as (
    select max(signed_up_date) as latest_date from ({{ valid_rows('signups') }}) as valid_signups
    union all
    select max(deposited_date) as latest_date from ({{ valid_rows('deposits') }}) as valid_deposits
    union all
    select max(purchased_date) as latest_date from ({{ valid_rows('ticket_purchases') }}) as valid_ticket_purchases
    union all
    select max(event_date) as latest_date from ({{ valid_rows('web_events') }}) as valid_web_events
    where not is_bot
),

latest_valid_event as (
    select max(latest_date) as latest_date from latest_event_dates
),

chosen as (
    select
        {% if var('as_of_date') -%}
            cast('{{ var("as_of_date") }}' as date)
        {%- else -%}
            latest_date
        {%- endif %} as as_of_date,
        latest_date as latest_event_date
    from latest_valid_event
),

final as (
    select
        as_of_date,
        cast({{ dbt.dateadd('day', 1, 'as_of_date') }} as timestamp) as as_of_end_at,
        latest_event_date
    from chosen
)

select * from final

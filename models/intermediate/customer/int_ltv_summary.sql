{#- The papers' summary (docs: ltv_model): purchase occasions are UTC days with a valid
    ticket purchase up to the as-of date (valid purchases have a positive amount). Times are
    whole days, the Python steps divide them by 7 (weeks). -#}

with

purchases as (
    select
        user_id,
        purchased_at,
        amount
    from ({{ valid_rows('ticket_purchases') }}) as valid_ticket_purchases
),

as_of as (
    select
        as_of_date,
        as_of_end_at
    from {{ ref('int_as_of_date') }}
),

occasions as (
    select
        purchases.user_id,
        cast(purchases.purchased_at as date) as occasion_date,
        sum(purchases.amount) as occasion_amount
    from purchases
    cross join as_of
    where purchases.purchased_at < as_of.as_of_end_at
    group by purchases.user_id, cast(purchases.purchased_at as date)
),

sequenced as (
    select
        *,
        row_number() over (partition by user_id order by occasion_date) as occasion_number
    from occasions
),

per_account as (
    select
        user_id,
        count(*) as occasions,
        min(occasion_date) as first_occasion_date,
        max(occasion_date) as last_occasion_date,
        sum(case when occasion_number > 1 then occasion_amount else 0 end) as repeat_amount
    from sequenced
    group by user_id
),

final as (
    select
        cast(per_account.user_id as {{ dbt.type_string() }}) as user_id,
        cast(as_of.as_of_date as date) as as_of_date,
        cast(per_account.first_occasion_date as date) as first_occasion_date,
        cast(per_account.last_occasion_date as date) as last_occasion_date,
        cast(per_account.occasions - 1 as bigint) as frequency,
        cast(
            {{ dbt.datediff('per_account.first_occasion_date', 'per_account.last_occasion_date', 'day') }}
            as bigint
        ) as recency_days,
        cast(
            {{ dbt.datediff('per_account.first_occasion_date', 'as_of.as_of_date', 'day') }}
            as bigint
        ) as age_days,
        cast(per_account.repeat_amount as {{ money_type() }}) as repeat_amount,
        case
            when per_account.occasions > 1
                then cast(per_account.repeat_amount as {{ type_double() }}) / (per_account.occasions - 1)
            else cast(0 as {{ type_double() }})
        end as repeat_occasion_value
    from per_account
    cross join as_of
)

select * from final

{#- Distinct (frequency, recency_days, age_days) of the scored accounts, each with the
    fitted parameters: the input of the predictions step. The horizon, 365 days, is the
    "12m" of the column names. -#}

with

summary as (
    select distinct
        frequency,
        recency_days,
        age_days
    from {{ ref('int_ltv_summary') }}
),

fit as (
    select
        bg_nbd_r,
        bg_nbd_alpha,
        bg_nbd_a,
        bg_nbd_b,
        pareto_nbd_r,
        pareto_nbd_alpha,
        pareto_nbd_s,
        pareto_nbd_beta
    from {{ ref('int_ltv_fit') }}
),

final as (
    select
        summary.frequency,
        summary.recency_days,
        summary.age_days,
        cast(365 as bigint) as horizon_days,
        fit.*
    from summary
    cross join fit
)

select * from final

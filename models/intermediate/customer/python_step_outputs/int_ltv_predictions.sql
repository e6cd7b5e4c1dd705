{#- PostgreSQL and Spark: the rows the Python step wrote (see int_ltv_predictions.py, which
    DuckDB runs instead). -#}
-- depends_on: {{ ref('int_ltv_prediction_inputs') }}

with

predictions as (
    select * from {{ python_step_output() }}
),

final as (
    select
        cast(frequency as bigint) as frequency,
        cast(recency_days as bigint) as recency_days,
        cast(age_days as bigint) as age_days,
        cast(p_alive_bg_nbd as {{ type_double() }}) as p_alive_bg_nbd,
        cast(expected_purchases_bg_nbd as {{ type_double() }}) as expected_purchases_bg_nbd,
        cast(p_alive_pareto_nbd as {{ type_double() }}) as p_alive_pareto_nbd,
        cast(expected_purchases_pareto_nbd as {{ type_double() }}) as expected_purchases_pareto_nbd
    from predictions
)

select * from final

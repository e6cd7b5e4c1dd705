{#- PostgreSQL and Spark: the rows the Python step wrote (see int_ltv_predictions.py, which
    DuckDB runs instead). -#}
-- depends_on: {{ ref('int_ltv_prediction_inputs') }}

with

predictions as (
    select * from {{ python_step_output() }}
),

{#- The step wrote text, double and bigint columns already; ltv_model_parameters and
    int_ltv_scores type what they publish. -#}
final as (
    select * from predictions
)

select * from final

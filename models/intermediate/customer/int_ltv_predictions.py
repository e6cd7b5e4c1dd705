"""One row per distinct (frequency, recency_days, age_days): P(alive) and expected purchase
occasions in the next 365 days under BG/NBD and Pareto/NBD.

A Python step (lottery_analytics.python_steps, lottery_analytics.ltv_steps). This dbt Python
model runs it on DuckDB; on PostgreSQL and Spark the same-named SQL model in
python_step_outputs/ reads the table `lottery-analytics build` writes with the same function.
"""

from lottery_analytics.step_registry import run_step


def model(dbt, session):
    dbt.config(materialized="table")
    inputs = dbt.ref("int_ltv_prediction_inputs").arrow()
    return run_step("int_ltv_predictions", inputs)

"""One row: BG/NBD, Pareto/NBD and Gamma-Gamma fitted on int_ltv_summary.

A Python step (lottery_analytics.python_steps, lottery_analytics.ltv_steps). This dbt Python
model runs it on DuckDB; on PostgreSQL and Spark the same-named SQL model in
python_step_outputs/ reads the table `lottery-analytics build` writes with the same function.
"""

from lottery_analytics.step_registry import run_step


def model(dbt, session):
    dbt.config(materialized="table")
    summary = dbt.ref("int_ltv_summary").arrow()
    return run_step("int_ltv_fit", summary)

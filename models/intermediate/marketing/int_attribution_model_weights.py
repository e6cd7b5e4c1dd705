"""One row per (attribution_model, channel_set, channel): the markov and shapley weights.

A Python step (lottery_analytics.python_steps). This dbt Python model runs it on DuckDB;
on PostgreSQL and Spark the same-named SQL model in python_step_outputs/ reads the table
`lottery-analytics build` writes with the same function.
"""

from lottery_analytics.step_registry import run_step


def model(dbt, session):
    dbt.config(materialized="table")
    paths = dbt.ref("int_attribution_paths").arrow()
    return run_step("int_attribution_model_weights", paths)

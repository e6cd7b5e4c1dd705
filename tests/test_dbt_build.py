"""The whole project builds on the bundled sample: every model, data test and unit test."""

from __future__ import annotations

from conftest import BuiltWarehouse


def test_build_passes_every_node(sample_warehouse: BuiltWarehouse) -> None:
    run = sample_warehouse.run
    failed = [f"{n.resource_type} {n.name}: {n.status} {n.message}" for n in run.failed()]
    assert run.success and not failed, "\n".join(failed + run.errors)


def test_build_runs_data_and_unit_tests(sample_warehouse: BuiltWarehouse) -> None:
    run = sample_warehouse.run
    assert run.count("seed") >= 6 + 3
    assert run.count("test", "pass") >= 100
    assert run.count("unit_test", "pass") >= 10


def test_marts_report_the_python_list_of_attribution_models(
    sample_warehouse: BuiltWarehouse,
) -> None:
    """The SQL list (macro attribution_model_names) and the Python one (report, scoring)
    name the same models."""
    import duckdb

    from lottery_analytics.attribution import ATTRIBUTION_MODELS

    con = duckdb.connect(str(sample_warehouse.database), read_only=True)
    try:
        rows = con.execute(
            "select distinct attribution_model from marts.marketing_attribution"
        ).fetchall()
    finally:
        con.close()
    assert {r[0] for r in rows} == set(ATTRIBUTION_MODELS)

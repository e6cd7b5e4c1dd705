"""The same warehouse on PostgreSQL and Spark: every node of `dbt build` passes on the
bundled sample, and every public mart equals DuckDB's - same keys, same counts, money equal
to the cent, ratios within 1e-9 relative, everything else equal. A difference names the
model, the column and the key."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from collections.abc import Callable

import pytest
from conftest import BuiltWarehouse, EngineBuild
from engine_support import (
    OTHER_ENGINES,
    DuckDBWarehouse,
    MartSpec,
    PostgresWarehouse,
    compare_mart,
    export_mart,
    failures,
    public_marts,
)

from lottery_analytics import python_steps


def _engine_build(request: pytest.FixtureRequest, engine: str) -> EngineBuild:
    return request.getfixturevalue(f"{engine}_sample_build")


@pytest.mark.slow
@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_build_passes_every_node(
    request: pytest.FixtureRequest, engine: str, report_figure: Callable[[str], None]
) -> None:
    build = _engine_build(request, engine)
    failed = failures(build.run)
    assert build.run.success and not failed, "\n".join(failed + build.run.errors)
    assert build.run.count("seed") >= 6 + 3
    assert build.run.count("test", "pass") >= 100
    assert build.run.count("unit_test", "pass") >= 10
    report_figure(
        f"{engine}: {build.run.count('model')} models, {build.run.count('seed')} seeds, "
        f"{build.run.count('test', 'pass')} data tests and "
        f"{build.run.count('unit_test', 'pass')} unit tests passed"
    )


@pytest.mark.slow
@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_public_marts_equal_duckdb(
    request: pytest.FixtureRequest,
    engine: str,
    sample_warehouse: BuiltWarehouse,
    repo_root,
    report_figure: Callable[[str], None],
) -> None:
    build = _engine_build(request, engine)
    assert build.run.success, f"dbt build failed on {engine}"
    manifest = json.loads((sample_warehouse.target_path / "manifest.json").read_text())
    specs = public_marts(manifest)
    assert len(specs) >= 10, [s.name for s in specs]
    duckdb_warehouse = DuckDBWarehouse(
        repo_root, sample_warehouse.database, sample_warehouse.target_path
    )
    differences: list[str] = []
    for spec in specs:
        reference = export_mart(duckdb_warehouse, spec)
        assert reference, f"{spec.name} is empty on DuckDB"
        assert spec.name in build.marts, f"{spec.name} was not exported from {engine}"
        differences += compare_mart(spec, reference, build.marts[spec.name], ("duckdb", engine))
    assert not differences, "\n".join(differences[:60])
    report_figure(f"{engine}: {len(specs)} public marts equal to DuckDB's")


@pytest.mark.slow
@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_python_steps_run_between_dbt_invocations(
    request: pytest.FixtureRequest, engine: str
) -> None:
    """The build ran every Python step outside dbt; a plain dbt run of a step's model is
    refused with the step's name and the command that builds it."""
    build = _engine_build(request, engine)
    assert build.run.success, f"dbt build failed on {engine}"
    ran = [n.name for n in build.run.nodes if n.resource_type == "python_step"]
    assert ran == [step.model for step in python_steps.STEPS]
    run = build.warehouse.dbt(["run", "-s", "int_attribution_model_weights"])
    assert not run.success
    message = " ".join([n.message for n in run.failed()] + run.errors)
    assert "int_attribution_model_weights is a Python step" in message, message
    assert f"lottery-analytics build --target {engine}" in message, message


def test_a_difference_names_model_column_and_key() -> None:
    spec = MartSpec(
        "fct_example",
        ("example_id",),
        {
            "example_id": "varchar",
            "amount": "decimal(18,2)",
            "ratio": "double",
            "day": "date",
            "flag": "boolean",
        },
    )
    row = {
        "example_id": "e1",
        "amount": decimal.Decimal("10.00"),
        "ratio": 0.1,
        "day": dt.date(2026, 1, 1),
        "flag": True,
    }
    same = {**row, "ratio": 0.1 * (1 + 5e-10)}
    assert compare_mart(spec, [row], [same]) == []
    changed = {**row, "amount": decimal.Decimal("10.01"), "ratio": 0.1 * (1 + 2e-9)}
    found = compare_mart(spec, [row], [changed], ("duckdb", "spark"))
    assert found == [
        "fct_example: column amount, key ('e1',): duckdb=Decimal('10.00'), spark=Decimal('10.01')",
        f"fct_example: column ratio, key ('e1',): duckdb=0.1, spark={0.1 * (1 + 2e-9)!r}",
    ]
    extra = {**row, "example_id": "e2"}
    found = compare_mart(spec, [row], [row, extra], ("duckdb", "postgres"))
    assert found == [
        "fct_example: 1 rows on duckdb, 2 on postgres",
        "fct_example: key ('e2',) only on postgres",
    ]


@pytest.mark.slow
def test_postgres_try_cast_helper(postgres_sample_build: EngineBuild, repo_root, tmp_path) -> None:
    """PostgreSQL's stand-in for try_cast: null for what does not convert, and parallel
    unsafe (its exception block is a subtransaction, refused inside a parallel query).
    The production target's is in `public`; a development target has its own in its schema."""
    assert postgres_sample_build.run.success
    warehouse = PostgresWarehouse(repo_root, "lottery_sample", tmp_path)
    rows = warehouse.query(
        "select public.lottery_try_cast('2026-02-30T10:00:00Z', null::timestamptz), "
        "public.lottery_try_cast('2026-03-14T18:22:05+0530', null::timestamptz) "
        "at time zone 'UTC', "
        "public.lottery_try_cast('12.50', null::numeric), "
        "public.lottery_try_cast('twelve', null::bigint), "
        "(select proparallel from pg_proc where proname = 'lottery_try_cast' "
        "and pronamespace = 'public'::regnamespace)"
    )
    assert rows == [
        (None, dt.datetime(2026, 3, 14, 12, 52, 5), decimal.Decimal("12.50"), None, "u")
    ]

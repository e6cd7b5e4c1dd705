"""The incremental web events models can neither duplicate nor lose a row, on every engine.

Raw web events arrive in two loads. The first is built; the second adds new events, late
events for dates already built and re-deliveries (one with changed content, one moved two
days earlier). The second run is incremental for both models: stg_web_events parses only
the newly loaded rows and rebuilds the load dates they touch, int_web_events_validated the
event dates.
Both must then equal what a full refresh of the same raw data gives, row for row, and keep
one row per event_id with the newest delivery winning.

DuckDB and PostgreSQL use delete+insert on the date; Spark (Parquet, no merge) overwrites
the date partitions the run rebuilds (macros/cross_engine/incremental_by_date.sql). On
PostgreSQL both models also carry their index on `_loaded_at`, and their import CTE is
inlined (`not materialized`, macros/cross_engine/inline_cte.sql).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from engine_support import ENGINES, DuckDBWarehouse, Warehouse

from lottery_analytics.contract import RAW_TABLES
from lottery_analytics.generator import generate
from lottery_analytics.generator.config import GenerationConfig

#: what each model's rows are compared on (rejected rows and their raw values included)
COMPARED = {
    "stg_web_events": "event_id, anonymous_id, user_id, event_at, event_type, utm_campaign, "
    "_loaded_at, raw__event_at, raw__event_type, loaded_date",
    "int_web_events_validated": "event_id, anonymous_id, user_id, event_at, event_type, "
    "utm_campaign, is_bot, _loaded_at, raw_values, reject_reason, event_date, partition_date",
}
#: each model's schema and incremental date (a Spark partition)
BUILT_IN = {
    "stg_web_events": ("staging", "loaded_date"),
    "int_web_events_validated": ("intermediate", "partition_date"),
}


SECOND_LOAD_SQL = """
select * from events where _loaded_at > $cutoff
union all
select * replace ('login' as event_type, $later as _loaded_at)
from events where event_id = $changed
union all
select * replace (
    strftime(cast(left(event_at, 19) as timestamp) - interval 2 day, '%Y-%m-%dT%H:%M:%SZ')
        as event_at,
    $later as _loaded_at
)
from events where event_id = $moved
"""


def _write_loads(raw: Path, first: Path, both: Path) -> dict[str, object]:
    """Split generated raw data into a first load and the state after a second load."""
    con = duckdb.connect()
    con.execute(f"create table events as select * from read_parquet('{raw}/web_events/*.parquet')")
    cutoff = con.execute("select quantile_disc(_loaded_at, 0.7) from events").fetchone()[0]
    changed, moved = (
        row[0]
        for row in con.execute(
            "select event_id from events where _loaded_at <= $cutoff "
            "and user_agent not ilike '%bot%' order by event_id limit 2",
            {"cutoff": cutoff},
        ).fetchall()
    )
    params = {
        "cutoff": cutoff,
        "later": cutoff + dt.timedelta(days=3),
        "changed": changed,
        "moved": moved,
    }
    con.execute(f"create table later as {SECOND_LOAD_SQL}", params)
    late = con.execute(
        "select count(*) from later where cast(left(event_at, 10) as date) < cast($cutoff as date)",
        {"cutoff": cutoff},
    ).fetchone()[0]
    for directory in (first, both):
        directory.mkdir()
        for name in RAW_TABLES:
            if name != "web_events":
                shutil.copytree(raw / name, directory / name)
    con.execute(
        f"copy (select * from events where _loaded_at <= $cutoff) to '{first}/web_events.parquet'",
        {"cutoff": cutoff},
    )
    con.execute(
        f"copy (select * from events where _loaded_at <= $cutoff union all select * from later) "
        f"to '{both}/web_events.parquet'",
        {"cutoff": cutoff},
    )
    con.close()
    return {"late_rows": late, "changed": changed, "moved": moved}


@pytest.fixture(scope="module")
def loads(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    work = tmp_path_factory.mktemp("incremental")
    raw = work / "raw"
    generate(GenerationConfig(accounts=600, start=dt.date(2026, 1, 1), days=60, seed=5, out=raw))
    facts = _write_loads(raw, work / "first", work / "both")
    return work, facts


@pytest.fixture(params=ENGINES)
def warehouse(
    request: pytest.FixtureRequest, repo_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> Warehouse:
    """An empty warehouse on each engine."""
    work = tmp_path_factory.mktemp(f"incremental_{request.param}")
    target = work / "target"
    if request.param == "postgres":
        return request.getfixturevalue("postgres_server").warehouse("lottery_incremental", target)
    if request.param == "spark":
        return request.getfixturevalue("spark_engine").warehouse(target)
    return DuckDBWarehouse(repo_root, work / "lottery.duckdb", target)


def _rows(warehouse: Warehouse) -> dict[str, Counter]:
    return {
        model: Counter(warehouse.query(f"select {columns} from {BUILT_IN[model][0]}.{model}"))
        for model, columns in COMPARED.items()
    }


def _compiled_sql(warehouse: Warehouse, model: str) -> str:
    """The SQL the last dbt command compiled for ``model`` (not a unit test's fixture of it,
    which dbt writes under the properties file's name)."""
    compiled = warehouse.target_path.glob(f"compiled/**/{model}.sql")
    return next(
        p for p in compiled if not any(d.name.endswith(".yml") for d in p.parents)
    ).read_text()


def _difference(incremental: Counter, full: Counter) -> str:
    extra, missing = incremental - full, full - incremental
    if not extra and not missing:
        return ""
    return (
        f"{sum(extra.values())} row(s) only after the incremental run, e.g. {list(extra)[:2]}; "
        f"{sum(missing.values())} only after the full refresh, e.g. {list(missing)[:2]}"
    )


def test_incremental_run_equals_full_rebuild(
    loads: tuple[Path, dict[str, object]], warehouse: Warehouse
) -> None:
    work, facts = loads
    assert facts["late_rows"], "the second load must hold late events for dates already built"
    no_sample = ["--vars", "{use_bundled_sample: false}"]

    warehouse.load(work / "first")
    first = warehouse.dbt(
        ["build", "-s", "+int_web_events_validated", "--exclude", "test_type:data", *no_sample]
    )
    assert first.success, first.errors
    warehouse.load(work / "both")
    second = warehouse.dbt(["run", "-s", "+int_web_events_validated", *no_sample])
    assert second.success, second.errors
    for model in COMPARED:
        compiled = _compiled_sql(warehouse, model)
        assert "loaded_since" in compiled, f"the second run of {model} was not incremental"

    incremental = _rows(warehouse)
    rows, ids = warehouse.query(
        "select count(*), count(distinct event_id) from intermediate.int_web_events_validated"
        " where event_id is not null"
    )[0]
    changed_type = warehouse.query(
        "select event_type from intermediate.int_web_events_validated"
        f" where event_id = '{facts['changed']}'"
    )[0][0]
    moved_copies = warehouse.query(
        f"select count(*) from staging.stg_web_events where event_id = '{facts['moved']}'"
    )[0][0]
    assert rows == ids, "an event_id appears twice"
    assert changed_type == "login", "the newest delivery must win"
    assert moved_copies == 1, "a re-delivered event must leave the load date of its old copy"

    refresh = warehouse.dbt(
        ["run", "-s", "+int_web_events_validated", "--full-refresh", *no_sample]
    )
    assert refresh.success, refresh.errors
    full = _rows(warehouse)
    for model in COMPARED:
        assert full[model], f"{model} is empty after the full refresh"
        difference = _difference(incremental[model], full[model])
        assert not difference, f"{model}: incremental run != full refresh: {difference}"
    if warehouse.engine == "postgres":
        indexed = warehouse.query(
            "select tablename from pg_indexes where schemaname in ('staging', 'intermediate') "
            "and indexdef like '%(_loaded_at)'"
        )
        assert sorted(t for (t,) in indexed) == sorted(COMPARED), indexed
        for model in COMPARED:
            compiled = _compiled_sql(warehouse, model)
            assert "as not materialized (" in compiled, f"{model}: import CTE not inlined"
    if warehouse.engine == "spark":
        for model, (schema, partition) in BUILT_IN.items():
            ddl = warehouse.query(f"show create table {schema}.{model}")[0][0].lower()
            assert "using parquet" in ddl and f"partitioned by ({partition})" in ddl, ddl

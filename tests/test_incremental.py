"""The incremental staging and validated models can neither duplicate nor lose a row, on
every engine.

Raw web events, ticket purchases, deposits and signups arrive in two loads. The first is
built; the second adds new rows, late rows for dates already built and re-deliveries (one
with changed content, one moved two days earlier, per table), and the signup of an account
whose purchases and deposits came in the first load (rejected `unknown_account` until then).
The second run is incremental for the six models: each stg_<t> parses only the newly loaded
rows and rebuilds the load dates they touch, each int_<t>_validated the event dates, and
the purchases and deposits validation also the dates of the rows of the arrived account.
All must then equal what a full refresh of the same raw data gives, row for row, and keep
one row per key with the newest delivery winning.

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
    "stg_ticket_purchases": "purchase_id, user_id, game_id, purchased_at, ticket_count, "
    "original_amount, original_currency, _loaded_at, raw__purchased_at, loaded_date",
    "int_ticket_purchases_validated": "purchase_id, user_id, game_id, purchased_at, ticket_count, "
    "amount, _loaded_at, reject_reason, reject_stage, raw_values, partition_date",
    "stg_deposits": "deposit_id, user_id, deposited_at, original_amount, status, _loaded_at, "
    "raw__deposited_at, loaded_date",
    "int_deposits_validated": "deposit_id, user_id, deposited_at, amount, is_completed, "
    "_loaded_at, reject_reason, reject_stage, raw_values, partition_date",
}
#: each model's schema and incremental date (a Spark partition)
BUILT_IN = {
    model: ("staging", "loaded_date")
    if model.startswith("stg_")
    else ("intermediate", "partition_date")
    for model in COMPARED
}
#: the raw tables loaded twice: (key, time column, a column the re-delivery changes, new value)
SPLIT = {
    "web_events": ("event_id", "event_at", "event_type", "'login'"),
    "ticket_purchases": ("purchase_id", "purchased_at", "ticket_count", "ticket_count + 10"),
    "deposits": ("deposit_id", "deposited_at", "status", "'failed'"),
}
SELECTED = [f"+int_{name}_validated" for name in SPLIT]


SECOND_LOAD_SQL = """
select * from {table} where _loaded_at > $cutoff
union all
select * replace ({new_value} as {changed_column}, $later as _loaded_at)
from {table} where {key} = $changed
union all
select * replace (
    strftime(cast(left({at}, 19) as timestamp) - interval 2 day, '%Y-%m-%dT%H:%M:%SZ') as {at},
    $later as _loaded_at
)
from {table} where {key} = $moved
"""

#: a clean ISO time ending in Z (the moved copy is rewritten in that form)
CLEAN_TIME = "regexp_full_match({at}, '\\d{{4}}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ')"


def _write_loads(raw: Path, first: Path, both: Path) -> dict[str, object]:
    """Split generated raw data into a first load and the state after a second load.

    Web events, purchases and deposits: the rows loaded after a cutoff, one re-delivered
    row with changed content and one moved two days earlier arrive in the second load.
    Signups: also split at the cutoff, and one account whose purchases and deposits are in
    the first load arrives only in the second (its rows are `unknown_account` until then).
    """
    con = duckdb.connect()
    for name in RAW_TABLES:
        con.execute(
            f"create table {name} as select * from read_parquet('{raw}/{name}/**/*.parquet')"
        )
    cutoff = con.execute("select quantile_disc(_loaded_at, 0.7) from web_events").fetchone()[0]
    later = cutoff + dt.timedelta(days=3)
    late_account = con.execute(
        "select s.user_id from signups s where s._loaded_at <= $cutoff"
        " and exists (select 1 from ticket_purchases p where p.user_id = s.user_id"
        "   and p._loaded_at <= $cutoff)"
        " and exists (select 1 from deposits d where d.user_id = s.user_id"
        "   and d._loaded_at <= $cutoff)"
        " and (select count(*) from signups s2 where s2.user_id = s.user_id) = 1"
        " order by s.user_id limit 1",
        {"cutoff": cutoff},
    ).fetchone()[0]
    facts: dict[str, object] = {"late_account": late_account, "late_rows": {}}
    for name, (key, at, changed_column, new_value) in SPLIT.items():
        changed, moved = (
            row[0]
            for row in con.execute(
                f"select {key} from {name} where _loaded_at <= $cutoff"
                f" and {CLEAN_TIME.format(at=at)}"
                f" and {key} in (select {key} from {name} group by {key} having count(*) = 1)"
                + (" and user_agent not ilike '%bot%'" if name == "web_events" else "")
                + (" and user_id <> $account" if name != "web_events" else "")
                + f" order by {key} limit 2",
                {"cutoff": cutoff, "account": late_account}
                if name != "web_events"
                else {"cutoff": cutoff},
            ).fetchall()
        )
        sql = SECOND_LOAD_SQL.format(
            table=name, key=key, at=at, changed_column=changed_column, new_value=new_value
        )
        params = {"cutoff": cutoff, "later": later, "changed": changed, "moved": moved}
        con.execute(f"create table later_{name} as {sql}", params)
        facts["late_rows"][name] = con.execute(
            f"select count(*) from later_{name}"
            f" where cast(left({at}, 10) as date) < cast($cutoff as date)",
            {"cutoff": cutoff},
        ).fetchone()[0]
        facts[name] = {"changed": changed, "moved": moved}
    con.execute(
        "create table later_signups as select * from signups where _loaded_at > $cutoff"
        " union all select * replace ($later as _loaded_at) from signups where user_id = $account",
        {"cutoff": cutoff, "later": later, "account": late_account},
    )
    for directory in (first, both):
        directory.mkdir()
        for name in RAW_TABLES:
            if name not in SPLIT and name != "signups":
                shutil.copytree(raw / name, directory / name)
    account_filter = f"and user_id <> '{late_account}'"
    for name in [*SPLIT, "signups"]:
        kept = account_filter if name == "signups" else ""
        con.execute(
            f"copy (select * from {name} where _loaded_at <= $cutoff {kept})"
            f" to '{first}/{name}.parquet'",
            {"cutoff": cutoff},
        )
        con.execute(
            f"copy (select * from {name} where _loaded_at <= $cutoff {kept}"
            f" union all select * from later_{name}) to '{both}/{name}.parquet'",
            {"cutoff": cutoff},
        )
    con.close()
    return facts


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
    assert all(facts["late_rows"].values()), f"each table needs late rows: {facts['late_rows']}"
    no_sample = ["--vars", "{use_bundled_sample: false}"]
    account = facts["late_account"]

    warehouse.load(work / "first")
    first = warehouse.dbt(["build", "-s", *SELECTED, "--exclude", "test_type:data", *no_sample])
    assert first.success, first.errors
    orphans = warehouse.query(
        "select distinct reject_reason from intermediate.int_ticket_purchases_validated"
        f" where user_id = '{account}'"
    )
    assert orphans == [("unknown_account",)], "the late account's purchases start as orphans"
    warehouse.load(work / "both")
    second = warehouse.dbt(["run", "-s", *SELECTED, *no_sample])
    assert second.success, second.errors
    for model in COMPARED:
        compiled = _compiled_sql(warehouse, model)
        assert "loaded_since" in compiled, f"the second run of {model} was not incremental"

    incremental = _rows(warehouse)
    for name, (key, *_) in SPLIT.items():
        model = f"int_{name}_validated"
        rows, ids = warehouse.query(
            f"select count(*), count(distinct {key}) from intermediate.{model}"
            f" where {key} is not null"
        )[0]
        assert rows == ids, f"{model}: a {key} appears twice"
        moved_copies = warehouse.query(
            f"select count(*) from staging.stg_{name} where {key} = '{facts[name]['moved']}'"
        )[0][0]
        assert moved_copies == 1, f"stg_{name}: a re-delivered row must leave its old load date"
    changed = {
        name: warehouse.query(
            f"select {column} from intermediate.int_{name}_validated"
            f" where {key} = '{facts[name]['changed']}'"
        )[0][0]
        for name, (key, _, column, _) in SPLIT.items()
    }
    assert changed["web_events"] == "login", "the newest delivery must win"
    assert changed["deposits"] == "failed", "the newest deposit delivery must win"
    assert changed["ticket_purchases"] >= 11, "the newest purchase delivery must win"
    for name in ("ticket_purchases", "deposits"):
        verdicts = warehouse.query(
            f"select count(*), count(reject_reason) from intermediate.int_{name}_validated"
            f" where user_id = '{account}'"
        )[0]
        assert verdicts[0] and not verdicts[1], f"{name} of the late account must become valid"

    refresh = warehouse.dbt(["run", "-s", *SELECTED, "--full-refresh", *no_sample])
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

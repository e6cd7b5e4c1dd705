"""The incremental web events model can neither duplicate nor lose a row.

Raw web events arrive in two loads. The first is built; the second adds new events, late
events for dates already built and re-deliveries (one with changed content, one moved two
days earlier). After an incremental run, stg_web_events must equal what a full rebuild
gives: the usable rows of the deduplicated base model, one per event_id.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from lottery_analytics.contract import RAW_TABLES
from lottery_analytics.dbt_runner import run_dbt
from lottery_analytics.generator import generate
from lottery_analytics.generator.config import GenerationConfig
from lottery_analytics.loader import load_directory

COLUMNS = "event_id, anonymous_id, user_id, event_at, event_type, utm_campaign, is_bot, _loaded_at"

DIFF_SQL = f"""
with

expected as (
    select {COLUMNS} from staging.base_web_events where reject_reason is null
),

built as (
    select {COLUMNS} from staging.stg_web_events
)

select count(*) from (
    (select * from expected except select * from built)
    union all
    (select * from built except select * from expected)
) as differences
"""

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
    con.execute(f"create table events as select * from read_parquet('{raw}/web_events.parquet')")
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
                shutil.copy(raw / f"{name}.parquet", directory / f"{name}.parquet")
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


def test_incremental_run_equals_full_rebuild(
    loads: tuple[Path, dict[str, object]], repo_root: Path
) -> None:
    work, facts = loads
    assert facts["late_rows"], "the second load must hold late events for dates already built"
    database = work / "lottery.duckdb"
    common = {"duckdb_path": database, "target_path": work / "target"}
    no_sample = ["--vars", "{use_bundled_sample: false}"]

    load_directory(work / "first", database)
    first = run_dbt(
        ["build", "-s", "+stg_web_events", "--exclude", "test_type:data", *no_sample],
        repo_root,
        **common,
    )
    assert first.success, first.errors
    load_directory(work / "both", database)
    second = run_dbt(["run", "-s", "stg_web_events", *no_sample], repo_root, **common)
    assert second.success, second.errors

    con = duckdb.connect(str(database), read_only=True)
    try:
        rows, ids = con.execute(
            "select count(*), count(distinct event_id) from staging.stg_web_events"
        ).fetchone()
        differences = con.execute(DIFF_SQL).fetchone()[0]
        changed_type = con.execute(
            "select event_type from staging.stg_web_events where event_id = ?", [facts["changed"]]
        ).fetchone()[0]
        moved_copies = con.execute(
            "select count(*) from staging.stg_web_events where event_id = ?", [facts["moved"]]
        ).fetchone()[0]
    finally:
        con.close()
    assert rows == ids, "an event_id appears twice"
    assert differences == 0, "the incremental result differs from a full rebuild"
    assert changed_type == "login", "the newest delivery must win"
    assert moved_copies == 1, "an event moved to another date must leave its old date"

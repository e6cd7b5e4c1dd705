"""A daily (incremental) build gives every public mart exactly what a full refresh gives.

Generated raw data arrive in two loads. The first (every table as it stood at a cutoff) is
built in full; the second holds everything, and on top of it: a web event re-delivered
with changed content, one re-delivered two days earlier, a login after the cutoff on a
cookie that had a marketing touch before it and had never met an account (a cookie
identified late), and a ticket purchase loaded late but dated before all its account's
other purchases. After the second, incremental `dbt build` every public mart
(models/marts/**, access public) is compared, as a multiset keyed by its primary key, with
the same build run with `--full-refresh`.

The second run must really be incremental for the web models made incremental
(int_web_events_identified, int_sessions: their compiled SQL holds the incremental
branch), and the late cookie's earlier touch must now carry the account, on every engine.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from engine_support import (
    ENGINES,
    DuckDBWarehouse,
    Warehouse,
    compare_mart,
    export_mart,
    public_marts,
)

from lottery_analytics.contract import RAW_TABLES
from lottery_analytics.generator import generate
from lottery_analytics.generator.config import GenerationConfig

#: model -> text only its incremental branch compiles to
INCREMENTAL = {
    "int_web_events_identified": "loaded_since",
    "int_sessions": "previous_build",
}
NO_SAMPLE = {"use_bundled_sample": False}

#: a cookie with a marketing touch before the cutoff and no account anywhere in the data
LATE_COOKIE_SQL = """
select events.anonymous_id, min(events.event_id)
from events
where events._loaded_at <= $cutoff
  and events.utm_campaign is not null
  and events.user_agent not ilike '%bot%'
  and events.anonymous_id not in (
      select anonymous_id from events where user_id is not null and anonymous_id is not null
  )
  and events.anonymous_id not in (
      select anonymous_id from signups where anonymous_id is not null
  )
group by events.anonymous_id
order by events.anonymous_id
limit 1
"""


#: an account with two or more purchases whose first came over two hours after its signup,
#: and a time between the two (ISO text, UTC): a late purchase there is its new first one
BUYER_SQL = """
with

signed as (
    select user_id, max(try_cast(signed_up_at as timestamptz)) as signed_up
    from signups group by user_id
),

bought as (
    select user_id, min(try_cast(purchased_at as timestamptz)) as first_bought, count(*) as n
    from ticket_purchases where _loaded_at <= $cutoff group by user_id
)

select
    bought.user_id,
    strftime(signed.signed_up + interval 1 hour, '%Y-%m-%dT%H:%M:%SZ')
from bought
inner join signed on bought.user_id = signed.user_id
where bought.n > 1 and bought.first_bought > signed.signed_up + interval 2 hour
order by bought.user_id
limit 1
"""


def _copy(con: duckdb.DuckDBPyConnection, sql: str, path: Path, params: dict) -> None:
    con.execute(f"copy ({sql}) to '{path}'", params)


def _write_loads(raw: Path, first: Path, both: Path) -> dict[str, object]:
    """Split generated raw data into a first load and the state after a second load."""
    con = duckdb.connect()
    for name in RAW_TABLES:
        con.execute(f"create table {name} as select * from read_parquet('{raw}/{name}/*.parquet')")
    cutoff = con.execute("select quantile_disc(_loaded_at, 0.95) from web_events").fetchone()[0]
    later = cutoff + dt.timedelta(days=2)
    changed, moved = (
        row[0]
        for row in con.execute(
            "select event_id from web_events where _loaded_at <= $cutoff "
            "and user_agent not ilike '%bot%' order by event_id limit 2",
            {"cutoff": cutoff},
        ).fetchall()
    )
    cookie, touch = con.execute(
        LATE_COOKIE_SQL.replace("events", "web_events"), {"cutoff": cutoff}
    ).fetchone()
    user = con.execute(
        "select user_id from signups where _loaded_at <= $cutoff order by user_id limit 1",
        {"cutoff": cutoff},
    ).fetchone()[0]
    con.execute("set timezone = 'UTC'")
    buyer, late_bought = con.execute(BUYER_SQL, {"cutoff": cutoff}).fetchone()
    params = {
        "cutoff": cutoff,
        "later": later,
        "changed": changed,
        "moved": moved,
        "cookie": cookie,
        "user": user,
        "buyer": buyer,
        "bought": late_bought,
    }
    extra = {
        "web_events": """
            select * replace ('login' as event_type, $later as _loaded_at)
            from web_events where event_id = $changed
            union all
            select * replace (
                strftime(cast(left(event_at, 19) as timestamp) - interval 2 day,
                    '%Y-%m-%dT%H:%M:%SZ') as event_at,
                $later as _loaded_at
            )
            from web_events where event_id = $moved
            union all
            select * replace (
                'late-login-1' as event_id, $user as user_id, 'login' as event_type,
                strftime($later - interval 1 hour, '%Y-%m-%dT%H:%M:%SZ') as event_at,
                null as utm_source, null as utm_medium, null as utm_campaign,
                null as utm_content, null as utm_term, $later as _loaded_at
            )
            from web_events where event_id = (
                select min(event_id) from web_events where anonymous_id = $cookie
            )""",
        "ticket_purchases": """
            select * replace (
                'late-purchase-1' as purchase_id,
                $bought as purchased_at,
                $later as _loaded_at
            )
            from ticket_purchases
            where user_id = $buyer and _loaded_at <= $cutoff
            order by purchased_at, purchase_id
            limit 1""",
    }
    first.mkdir()
    both.mkdir()
    for name in RAW_TABLES:
        old = f"select * from {name} where _loaded_at <= $cutoff"
        _copy(con, old, first / f"{name}.parquet", {"cutoff": cutoff})
        everything = f"select * from {name}"
        if name in extra:
            everything = f"{everything} union all ({extra[name]})"
            used = {k: v for k, v in params.items() if f"${k}" in extra[name]}
        else:
            used = {}
        _copy(con, everything, both / f"{name}.parquet", used)
    late = con.execute(
        "select count(*) from web_events where _loaded_at > $cutoff "
        "and cast(left(event_at, 10) as date) < cast($cutoff as date)",
        {"cutoff": cutoff},
    ).fetchone()[0]
    con.close()
    return {**params, "touch": touch, "late_rows": late}


@pytest.fixture(scope="module")
def loads(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    work = tmp_path_factory.mktemp("incremental_marts")
    raw = work / "raw"
    generate(GenerationConfig(accounts=600, start=dt.date(2026, 1, 1), days=170, seed=8, out=raw))
    facts = _write_loads(raw, work / "first", work / "both")
    shutil.rmtree(raw)
    return work, facts


@pytest.fixture(params=ENGINES)
def warehouse(
    request: pytest.FixtureRequest, repo_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> Warehouse:
    """An empty warehouse on each engine."""
    work = tmp_path_factory.mktemp(f"incremental_marts_{request.param}")
    target = work / "target"
    if request.param == "postgres":
        return request.getfixturevalue("postgres_server").warehouse("lottery_inc_marts", target)
    if request.param == "spark":
        return request.getfixturevalue("spark_engine").warehouse(target)
    return DuckDBWarehouse(repo_root, work / "lottery.duckdb", target)


def _compiled_sql(warehouse: Warehouse, model: str) -> str:
    """The SQL the last dbt command compiled for ``model`` (not a unit test's fixture)."""
    compiled = warehouse.target_path.glob(f"compiled/**/{model}.sql")
    return next(
        p for p in compiled if not any(d.name.endswith(".yml") for d in p.parents)
    ).read_text()


def _snapshot(warehouse: Warehouse) -> dict[str, list[dict]]:
    manifest = json.loads((warehouse.target_path / "manifest.json").read_text())
    specs = public_marts(manifest)
    assert specs, "no public mart in the manifest"
    return {spec.name: (spec, export_mart(warehouse, spec)) for spec in specs}


def test_daily_build_equals_full_refresh(
    loads: tuple[Path, dict[str, object]], warehouse: Warehouse
) -> None:
    work, facts = loads
    assert facts["late_rows"], "the second load must hold late events for dates already built"

    warehouse.load(work / "first")
    first = warehouse.build(variables=NO_SAMPLE)
    assert first.success, first.errors
    touch_before = warehouse.query(
        "select person_id from intermediate.int_marketing_touches"
        f" where touch_id = '{facts['touch']}'"
    )
    assert touch_before == [(None,)], "the planted cookie must be anonymous before the cutoff"

    warehouse.load(work / "both")
    daily = warehouse.build(variables=NO_SAMPLE)
    assert daily.success, daily.errors
    for model, marker in INCREMENTAL.items():
        assert marker in _compiled_sql(warehouse, model), f"{model}: second run not incremental"
    incremental = _snapshot(warehouse)

    touch_after = warehouse.query(
        "select person_id, identity_source from intermediate.int_marketing_touches"
        f" where touch_id = '{facts['touch']}'"
    )
    assert touch_after == [(facts["user"], "cookie_login")], touch_after
    session = warehouse.query(
        f"select anonymous_id from intermediate.int_sessions where session_id = '{facts['touch']}'"
    )
    assert session == [(facts["cookie"],)], "the late cookie's earlier session must be kept"
    first_purchase = warehouse.query(
        "select purchase_id from marts.fct_ticket_purchases"
        f" where user_id = '{facts['buyer']}' and purchase_sequence = 1"
    )
    assert first_purchase == [("late-purchase-1",)], first_purchase

    refresh = warehouse.build(["--full-refresh"], NO_SAMPLE)
    assert refresh.success, refresh.errors
    full = _snapshot(warehouse)
    assert sorted(full) == sorted(incremental)
    differences = []
    for name, (spec, rows) in full.items():
        assert rows or name in ("high_jackpot_analysis",), f"{name} is empty after the refresh"
        differences += compare_mart(spec, incremental[name][1], rows, ("incremental", "full"))
    assert not differences, "\n".join(differences[:30])

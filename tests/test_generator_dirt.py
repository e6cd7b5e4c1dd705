"""Planted dirt: each kind near its rate, present and dirty the way its kind says."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import duckdb
import pytest

from lottery_analytics.contract import TABLE_NAMES
from lottery_analytics.generator import GenerationConfig, generate
from lottery_analytics.generator.accounts import DEVICE_TYPES
from lottery_analytics.generator.config import DIRT_KINDS, resolve_dirt_rates
from lottery_analytics.generator.params import USD_PER

RATE = 0.04
KEYS = {
    "signups": "user_id",
    "deposits": "deposit_id",
    "ticket_purchases": "purchase_id",
    "games": "game_id",
    "funnel_spend": "cast(spend_date as varchar) || '|' || campaign_id",
    "web_events": "event_id",
}
ISO_COUNTRIES = ("US", "GB", "DE", "FR", "ES", "IT", "NL", "IE", "AT", "BE", "PT", "FI", "SE")
#: the generator's code lists as SQL `in` lists (tests/test_enumerations.py: = the seeds)
DEVICES = tuple(DEVICE_TYPES)
CURRENCIES = tuple(USD_PER)


def _connect(out: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("set timezone = 'UTC'")
    for name in TABLE_NAMES:
        con.execute(f"create view {name} as select * from read_parquet('{out / name}/*.parquet')")
    con.execute(
        f"create view dirty as select * from read_parquet('{out}/truth/dirty_rows.parquet')"
    )
    return con


@pytest.fixture(scope="module")
def dirty_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen_dirt") / "raw"
    generate(
        GenerationConfig(
            accounts=2500,
            start=dt.date(2026, 2, 2),
            days=60,
            seed=77,
            out=out,
            dirt_rate=RATE,
            chunk_accounts=1000,
        )
    )
    return out


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen_clean") / "raw"
    generate(
        GenerationConfig(
            accounts=1200, start=dt.date(2026, 2, 2), days=60, seed=78, out=out, dirt_rate=0.0
        )
    )
    return out


def _count(con: duckdb.DuckDBPyConnection, table: str, kind: str) -> int:
    return con.execute(
        'select count(*) from dirty where "table" = ? and kind = ?', [table, kind]
    ).fetchone()[0]


def _eligible(con: duckdb.DuckDBPyConnection, table: str, kind: str) -> int:
    """Rows a kind is drawn from (see DirtKind.eligible/mode)."""
    mode = next(d.mode for d in DIRT_KINDS if d.table == table and d.kind == kind)
    total = con.execute(f"select count(*) from {table}").fetchone()[0]
    copies = _count(con, table, "redelivered")
    originals = total - copies
    if mode == "extra":
        extras = sum(
            _count(con, table, d.kind) for d in DIRT_KINDS if d.table == table and d.mode == "extra"
        )
        return originals - extras
    if kind == "utm_case_spaces":
        return con.execute(
            "select count(distinct event_id) from web_events where utm_campaign is not null"
        ).fetchone()[0]
    return originals


@pytest.mark.parametrize("kind", DIRT_KINDS, ids=lambda d: d.qualified)
def test_each_kind_is_planted_near_its_rate(dirty_run: Path, kind) -> None:
    con = _connect(dirty_run)
    n = _eligible(con, kind.table, kind.kind)
    k = _count(con, kind.table, kind.kind)
    expected = n * RATE
    sigma = math.sqrt(n * RATE * (1 - RATE))
    assert abs(k - expected) <= 4 * sigma + 3, (kind.qualified, k, expected, n)


def test_outcomes_are_the_documented_ones(dirty_run: Path) -> None:
    con = _connect(dirty_run)
    rows = con.execute('select distinct "table", kind, outcome from dirty').fetchall()
    documented = {(d.table, d.kind): d.outcome for d in DIRT_KINDS}
    assert rows
    for table, kind, outcome in rows:
        assert documented[(table, kind)] == outcome


# every planted row, checked against the data: the SQL returns the logged keys that are
# NOT dirty the way their kind says (must be none)
CHECKS: dict[str, str] = {
    "signups.unparseable_timestamp": "try_cast(signed_up_at as timestamptz) is not null",
    "signups.email_case_spaces": "email = lower(trim(email))",
    "signups.country_case_spaces": "country_code = upper(trim(country_code))",
    "signups.unknown_country": f"upper(trim(country_code)) in {ISO_COUNTRIES}",
    "signups.under_age": (
        "date_of_birth is null or date_of_birth <= "
        "cast(try_cast(signed_up_at as timestamptz) as date) - interval 18 year"
    ),
    "signups.null_date_of_birth": "date_of_birth is not null",
    "signups.device_case": f"device_type in {DEVICES} or lower(device_type) not in {DEVICES}",
    "deposits.unknown_account": "user_id in (select user_id from signups)",
    "deposits.non_positive_amount": "amount > 0",
    "deposits.currency_lower_case": "currency <> lower(currency)",
    "deposits.payment_method_case": "payment_method = lower(payment_method)",
    "ticket_purchases.unknown_account": "user_id in (select user_id from signups)",
    "ticket_purchases.unknown_game": "game_id in (select game_id from games)",
    "ticket_purchases.purchase_before_signup": (
        "cast(purchased_at as timestamptz) >= (select min(cast(signed_up_at as timestamptz)) "
        "from signups s where s.user_id = t.user_id)"
    ),
    "ticket_purchases.zero_ticket_count": "ticket_count <> 0",
    "ticket_purchases.negative_amount": "amount >= 0",
    "games.null_jackpot": "jackpot_estimate is not null",
    "funnel_spend.channel_case": "channel = lower(channel)",
    "funnel_spend.negative_spend": "spend >= 0",
    "web_events.event_type_case": "event_type = lower(event_type)",
    "web_events.utm_case_spaces": (
        "utm_campaign = lower(trim(utm_campaign)) and utm_source = lower(trim(utm_source)) "
        "and utm_medium = lower(trim(utm_medium))"
    ),
    "web_events.late_arriving": (
        "_loaded_at < cast(cast(event_at as timestamptz) as timestamp) + interval 3 day"
    ),
}


@pytest.mark.parametrize("qualified", sorted(CHECKS))
def test_planted_rows_are_dirty_as_their_kind_says(dirty_run: Path, qualified: str) -> None:
    con = _connect(dirty_run)
    table, kind = qualified.split(".")
    planted = _count(con, table, kind)
    assert planted > 0, qualified
    found = con.execute(
        f"""select count(distinct d.key) from dirty d join {table} t
            on d.key = {KEYS[table].replace("spend_date", "t.spend_date")}
            where d."table" = ? and d.kind = ?""",
        [table, kind],
    ).fetchone()[0]
    assert found == planted, f"{qualified}: {planted - found} planted keys not in the data"
    wrong = con.execute(
        f"""select count(*) from dirty d join {table} t
            on d.key = {KEYS[table].replace("spend_date", "t.spend_date")}
            where d."table" = ? and d.kind = ? and ({CHECKS[qualified]})""",
        [table, kind],
    ).fetchone()[0]
    assert wrong == 0, qualified


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_redelivered_rows_are_later_copies(dirty_run: Path, table: str) -> None:
    con = _connect(dirty_run)
    key = KEYS[table]
    planted = {
        r[0]
        for r in con.execute(
            "select key from dirty where \"table\" = ? and kind = 'redelivered'", [table]
        ).fetchall()
    }
    dup = {
        r[0]
        for r in con.execute(
            f"select {key} from {table} group by all having count(*) > 1"
        ).fetchall()
    }
    assert dup == planted  # only re-delivered keys repeat


def test_refund_corrections_ride_on_redeliveries(dirty_run: Path) -> None:
    con = _connect(dirty_run)
    rows = con.execute(
        """select d.key,
                  arg_max(t.status, t._loaded_at) as newest,
                  arg_min(t.status, t._loaded_at) as oldest
           from dirty d join deposits t on t.deposit_id = d.key
           where d."table" = 'deposits' and d.kind = 'redelivered'
             and d.detail = 'status completed->refunded'
           group by d.key"""
    ).fetchall()
    assert rows
    assert all(newest == "refunded" and oldest == "completed" for _, newest, oldest in rows)


def test_rate_zero_plants_nothing_and_data_is_clean(clean_run: Path) -> None:
    con = _connect(clean_run)
    assert con.execute("select count(*) from dirty").fetchone()[0] == 0
    for table in TABLE_NAMES:
        dups = con.execute(
            f"select count(*) from (select {KEYS[table]} from {table} group by all "
            "having count(*) > 1)"
        ).fetchone()[0]
        assert dups == 0, table
    clean = {
        "signups": f"""try_cast(signed_up_at as timestamptz) is null
            or email <> lower(trim(email)) or country_code not in {ISO_COUNTRIES}
            or date_of_birth is null
            or date_of_birth > cast(cast(signed_up_at as timestamptz) as date)
                               - interval 18 year
            or device_type not in {DEVICES}""",
        "deposits": f"""user_id not in (select user_id from signups) or amount <= 0
            or currency not in {CURRENCIES}
            or payment_method <> lower(payment_method)""",
        "ticket_purchases": """user_id not in (select user_id from signups)
            or game_id not in (select game_id from games) or ticket_count <= 0
            or amount <= 0""",
        "games": "jackpot_estimate is null",
        "funnel_spend": "spend < 0 or channel <> lower(channel)",
        "web_events": """event_type <> lower(event_type)
            or utm_campaign <> lower(trim(utm_campaign))
            or _loaded_at > cast(cast(event_at as timestamptz) as timestamp) + interval 1 day""",
    }
    for table, bad in clean.items():
        n = con.execute(f"select count(*) from {table} where {bad}").fetchone()[0]
        assert n == 0, table


def test_dirt_overrides_resolve_by_specificity() -> None:
    rates = resolve_dirt_rates(
        0.01, {"redelivered": 0.2, "deposits": 0.3, "deposits.redelivered": 0.05}
    )
    assert rates["signups.redelivered"] == 0.2
    assert rates["deposits.redelivered"] == 0.05
    assert rates["deposits.unknown_account"] == 0.3
    assert rates["games.null_jackpot"] == 0.01

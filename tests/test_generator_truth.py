"""The truth folder agrees with the raw data it describes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from lottery_analytics.contract import TABLE_NAMES
from lottery_analytics.generator import GenerationConfig, generate
from lottery_analytics.generator.params import UTM_PAIRS
from lottery_analytics.generator.truth import TRUTH_TABLES


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen_truth") / "raw"
    generate(
        GenerationConfig(
            accounts=1500,
            start=dt.date(2026, 1, 5),
            days=70,
            seed=5,
            out=out,
            chunk_accounts=600,
            dirt_rate=0.02,
        )
    )
    return out


@pytest.fixture()
def con(run: Path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    c.execute("set timezone = 'UTC'")
    for name in TABLE_NAMES:
        c.execute(f"create view {name} as select * from read_parquet('{run / name}/*.parquet')")
    for name in TRUTH_TABLES:
        c.execute(
            f"create view t_{name} as select * from read_parquet('{run}/truth/{name}.parquet')"
        )
    return c


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    return con.execute(sql).fetchone()[0]


def test_one_truth_row_per_distinct_event(con: duckdb.DuckDBPyConnection) -> None:
    assert _one(con, "select count(*) - count(distinct event_id) from t_events") == 0
    assert (
        _one(
            con,
            """select count(*) from (select distinct event_id from web_events) w
           full join t_events t using (event_id)
           where w.event_id is null or t.event_id is null""",
        )
        == 0
    )


def test_every_person_exists(con: duckdb.DuckDBPyConnection) -> None:
    # account holders are accounts, others are never-registered visitors or bots
    assert (
        _one(
            con,
            """select count(*) from t_events
           where person_id like 'u%' and person_id not in (select user_id from t_accounts)""",
        )
        == 0
    )
    kinds = dict(
        con.execute(
            "select substr(person_id, 1, 1), bool_and(is_bot) = bool_or(is_bot) from t_events "
            "group by 1"
        ).fetchall()
    )
    assert set(kinds) == {"u", "v", "b"}
    assert _one(con, "select bool_and(is_bot) from t_events where person_id like 'b%'")
    assert not _one(con, "select bool_or(is_bot) from t_events where person_id not like 'b%'")
    # logged-in events belong to the logged-in account
    assert (
        _one(
            con,
            """select count(*) from web_events w join t_events t using (event_id)
           where w.user_id is not null and w.user_id <> t.person_id""",
        )
        == 0
    )


def test_accounts_truth_matches_signups(con: duckdb.DuckDBPyConnection) -> None:
    assert (
        _one(
            con,
            """select count(*) from (select distinct user_id from signups) s
           full join t_accounts a using (user_id)
           where s.user_id is null or a.user_id is null""",
        )
        == 0
    )
    # the signup cookie; app signups have none
    assert (
        _one(
            con,
            """select count(*) from t_accounts a join signups s using (user_id)
           where s.anonymous_id is distinct from a.signup_anonymous_id
              or (a.signup_platform = 'app') <> (s.anonymous_id is null)""",
        )
        == 0
    )
    # a web signup's signup event is on its signup cookie
    assert (
        _one(
            con,
            """select count(*) from t_accounts a
           where signup_platform = 'web' and not exists (
               select 1 from web_events w where w.user_id = a.user_id
               and lower(w.event_type) = 'signup' and w.anonymous_id = a.signup_anonymous_id)""",
        )
        == 0
    )


def test_acquisition_campaigns_exist(con: duckdb.DuckDBPyConnection) -> None:
    assert (
        _one(
            con,
            """select count(*) from t_accounts
           where acquisition_campaign_id is not null
             and acquisition_campaign_id not in (select campaign_id from funnel_spend)
             and acquisition_campaign_id not in (
                 select distinct lower(trim(utm_campaign)) from web_events
                 where utm_campaign is not null)""",
        )
        == 0
    )
    # organic search and direct have no campaign; paid channels always have one
    assert (
        _one(
            con,
            """select count(*) from t_accounts where acquisition_channel in
           ('paid_search', 'paid_social', 'display', 'affiliate', 'tv_brand')
           and acquisition_campaign_id is null""",
        )
        == 0
    )
    assert (
        _one(
            con,
            "select count(*) from t_accounts where acquisition_channel = 'direct' "
            "and acquisition_campaign_id is not null",
        )
        == 0
    )


def test_tracked_first_touches_are_in_web_events(con: duckdb.DuckDBPyConnection) -> None:
    assert _one(con, "select count(*) from t_accounts where first_touch_tracked") > 0
    missing = _one(
        con,
        """select count(*) from t_accounts a where first_touch_tracked and not exists (
               select 1 from web_events w
               where w.anonymous_id = a.first_touch_anonymous_id
                 and cast(w.event_at as timestamptz) = a.first_touch_at
                 and lower(trim(w.utm_campaign)) = a.acquisition_campaign_id)""",
    )
    assert missing == 0
    assert (
        _one(
            con,
            "select count(*) from t_accounts where first_touch_tracked "
            "and (first_touch_at > signed_up_at or acquisition_channel in ('organic', 'direct') "
            "and acquisition_campaign_id is null)",
        )
        == 0
    )


def test_cookies_truth_matches_events(con: duckdb.DuckDBPyConnection) -> None:
    assert (
        _one(
            con,
            """with seen as (
               select distinct w.anonymous_id, t.person_id
               from web_events w join t_events t using (event_id) where not t.is_bot)
           select count(*) from seen full join t_cookies c using (anonymous_id, person_id)
           where seen.person_id is null or c.person_id is null""",
        )
        == 0
    )


def test_first_deposits_and_validity(con: duckdb.DuckDBPyConnection) -> None:
    # the first deposit in truth is the account's first completed deposit in the data
    assert (
        _one(
            con,
            """with d as (
               select user_id, deposit_id, arg_max(status, _loaded_at) as status,
                      min(cast(deposited_at as timestamptz)) as dep_at, min(amount) as amount
               from deposits group by all),
           f as (select user_id, min(dep_at) as dep_at from d
                 where status = 'completed' and amount > 0
                 group by 1)
           select count(*) from t_accounts a left join f using (user_id)
           where a.first_deposit_at is distinct from f.dep_at""",
        )
        == 0
    )
    # invalid accounts (rejected signup rows) never deposit
    assert (
        _one(
            con,
            "select count(*) from t_accounts where not is_valid and first_deposit_at is not null",
        )
        == 0
    )
    rejected = {
        r[0]
        for r in con.execute(
            """select key from t_dirty_rows where "table" = 'signups' and outcome = 'rejected'"""
        ).fetchall()
    }
    invalid = {
        r[0] for r in con.execute("select user_id from t_accounts where not is_valid").fetchall()
    }
    assert rejected == invalid


def test_draws_truth_matches_games(con: duckdb.DuckDBPyConnection) -> None:
    assert (
        _one(
            con,
            """select count(*) from games g full join t_draws d using (game_id)
           where d.game_id is null or g.game_id is null
              or cast(g.draw_at as timestamptz) <> d.draw_at
              or g.jackpot_estimate <> d.jackpot or g.ticket_price <> d.ticket_price""",
        )
        == 0
    )
    nulls = _one(con, "select count(*) from games where jackpot_estimate is null")
    planted = _one(con, "select count(*) from t_dirty_rows where kind = 'null_jackpot'")
    assert nulls == planted


def test_purchases_are_for_upcoming_draws_after_a_deposit(con: duckdb.DuckDBPyConnection) -> None:
    bad = _one(
        con,
        """with p as (select * from ticket_purchases where purchase_id not in (
               select key from t_dirty_rows where "table" = 'ticket_purchases'
               and outcome = 'rejected'))
           select count(*) from p join games g using (game_id)
           join t_accounts a using (user_id)
           where cast(p.purchased_at as timestamptz) >= cast(g.draw_at as timestamptz)
              or cast(p.purchased_at as timestamptz) < a.first_deposit_at
              or p.amount <> p.ticket_count * g.ticket_price
              or p.currency <> g.currency""",
    )
    assert bad == 0


def test_currencies_follow_markets(con: duckdb.DuckDBPyConnection) -> None:
    assert (
        _one(
            con,
            """select count(*) from deposits d join t_accounts a using (user_id)
           where upper(d.currency) <> a.currency
              or a.currency <> case a.market when 'us' then 'USD' when 'uk' then 'GBP'
                                             else 'EUR' end""",
        )
        == 0
    )


def test_utm_pairs_list_covers_every_emitted_pair(con: duckdb.DuckDBPyConnection) -> None:
    emitted = set(
        con.execute(
            """select distinct lower(trim(utm_source)), lower(trim(utm_medium))
               from web_events where utm_source is not null"""
        ).fetchall()
    )
    listed = {(s, m) for s, m, _ in UTM_PAIRS}
    assert emitted <= listed
    assert len(emitted) >= 8
    csv_path = Path(__file__).resolve().parents[1] / "data" / "utm_pairs.csv"
    rows = [line.split(",") for line in csv_path.read_text().splitlines()]
    assert rows[0] == ["utm_source", "utm_medium", "channel"]
    assert {tuple(r) for r in rows[1:]} == set(UTM_PAIRS)


def test_money_and_logins_never_precede_the_signup(con: duckdb.DuckDBPyConnection) -> None:
    rejected = """(select key from t_dirty_rows where outcome = 'rejected')"""
    assert (
        _one(
            con,
            f"""select count(*) from deposits d join t_accounts a using (user_id)
            where d.deposit_id not in {rejected}
              and cast(d.deposited_at as timestamptz) < a.signed_up_at""",
        )
        == 0
    )
    assert (
        _one(
            con,
            f"""select count(*) from ticket_purchases p join t_accounts a using (user_id)
            where p.purchase_id not in {rejected}
              and cast(p.purchased_at as timestamptz) < a.signed_up_at""",
        )
        == 0
    )
    assert (
        _one(
            con,
            """select count(*) from web_events w join t_accounts a using (user_id)
           where cast(w.event_at as timestamptz) < a.signed_up_at""",
        )
        == 0
    )


def test_no_activity_after_the_window(con: duckdb.DuckDBPyConnection) -> None:
    end = "timestamptz '2026-03-16 00:00:00+00'"  # 2026-01-05 + 70 days
    for table, column in (
        ("signups", "signed_up_at"),
        ("deposits", "deposited_at"),
        ("ticket_purchases", "purchased_at"),
        ("web_events", "event_at"),
    ):
        late = _one(
            con, f"select count(*) from {table} where try_cast({column} as timestamptz) >= {end}"
        )
        assert late == 0, table

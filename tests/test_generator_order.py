"""Money happens between the signup and the draw, as the warehouse checks it.

The warehouse rejects a deposit dated before its account's signup
(``deposit_before_signup``) and an order dated after its draw (``purchase_after_draw``);
neither is a planted dirt kind, so no unplanted row may do either. The checks parse the
raw text (offset, ``Z`` or naive UTC) and compare in UTC, like the warehouse; they run on
generated Parquet, on the bundled sample and, for scale, on the simulation of a large
chunk.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import numpy as np
import pytest

from lottery_analytics.generator import GenerationConfig, generate
from lottery_analytics.generator.accounts import make_accounts
from lottery_analytics.generator.core import build_global
from lottery_analytics.generator.money import COMPLETED, make_money
from lottery_analytics.generator.rng import rng_for
from lottery_analytics.generator.timeutil import DAY

ROOT = Path(__file__).resolve().parents[1]
START, DAYS = dt.date(2025, 12, 1), 60


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen_order") / "raw"
    generate(
        GenerationConfig(
            accounts=3000, start=START, days=DAYS, seed=77, out=out, chunk_accounts=1000
        )
    )
    return out


def _connect(raw: Path, truth: Path, ext: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("set timezone = 'UTC'")
    for name in ("signups", "deposits", "ticket_purchases", "games"):
        src = (
            f"read_parquet('{raw / name}/*.parquet')"
            if ext == "parquet"
            else f"read_csv('{raw / name}.csv', all_varchar = true, header = true)"
        )
        con.execute(f"create view {name} as select * from {src}")
    con.execute(f"create view dirt as select * from read_parquet('{truth}/dirty_rows.parquet')")
    # the signup instant as the warehouse reads it (rejected signup rows do not parse)
    con.execute(
        """create view signup as select user_id,
                  min(try_cast(signed_up_at as timestamptz)) as signed_up_at
           from signups group by user_id"""
    )
    return con


def _violations(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    planted = """(select key from dirt where "table" = '{t}' and kind <> 'redelivered'
                  and outcome = 'rejected')"""
    return {
        "deposit_before_signup": con.execute(
            f"""select d.deposit_id, d.user_id, d.status, d.deposited_at, s.signed_up_at
                from deposits d join signup s using (user_id)
                where d.deposit_id not in {planted.format(t="deposits")}
                  and cast(d.deposited_at as timestamptz) < s.signed_up_at"""
        ).fetchall(),
        "purchase_before_signup": con.execute(
            f"""select p.purchase_id, p.user_id, p.purchased_at, s.signed_up_at
                from ticket_purchases p join signup s using (user_id)
                where p.purchase_id not in {planted.format(t="ticket_purchases")}
                  and cast(p.purchased_at as timestamptz) < s.signed_up_at"""
        ).fetchall(),
        "purchase_after_draw": con.execute(
            f"""select p.purchase_id, p.game_id, p.purchased_at, g.draw_at
                from ticket_purchases p join games g using (game_id)
                where p.purchase_id not in {planted.format(t="ticket_purchases")}
                  and cast(p.purchased_at as timestamptz) > cast(g.draw_at as timestamptz)"""
        ).fetchall(),
    }


def test_generated_money_is_between_signup_and_draw(generated: Path) -> None:
    con = _connect(generated, generated / "truth", "parquet")
    assert con.execute("select count(*) from deposits").fetchone()[0] > 1000
    assert _violations(con) == {
        "deposit_before_signup": [],
        "purchase_before_signup": [],
        "purchase_after_draw": [],
    }


def test_bundled_sample_money_is_between_signup_and_draw() -> None:
    con = _connect(ROOT / "seeds" / "raw", ROOT / "data" / "sample_truth", "csv")
    assert _violations(con) == {
        "deposit_before_signup": [],
        "purchase_before_signup": [],
        "purchase_after_draw": [],
    }


def test_failed_attempts_close_to_the_signup_are_not_before_it() -> None:
    """At scale: 40,000 accounts of one chunk over a year, straight from the simulation
    (failed attempts are drawn minutes before a deposit, first deposits come minutes
    after many signups: the case of the reported deposit)."""
    cfg = GenerationConfig(
        accounts=40_000,
        start=dt.date(2025, 1, 1),
        days=365,
        seed=3,
        out=ROOT / "unused",
        chunk_accounts=40_000,
    )
    g = build_global(cfg)
    acc = make_accounts(
        rng_for(3, 0, "accounts"), rng_for(3, 0, "dirt/signups"), g.plan, 0, 40_000, g.rates
    )
    money = make_money(rng_for(3, 0, "money"), acc, g.plan, g.paths, g.draws)
    t_end = g.plan.t0 + g.plan.days * DAY
    assert len(money.dep_t) > 50_000
    assert (money.dep_t >= acc.signup_t[money.dep_acc]).all()
    assert (money.pur_t >= acc.signup_t[money.pur_acc]).all()
    assert (money.pur_t <= g.draws.draw_at[money.pur_draw]).all()
    # orders follow a completed deposit of the account, and nothing is after the window
    ftd = money.ftd_t[money.pur_acc]
    assert (ftd >= 0).all() and (money.pur_t > ftd).all()
    assert (money.dep_t < t_end).all() and (money.pur_t < t_end).all()
    first = money.dep_is_ftd & (money.dep_status == COMPLETED)
    assert np.array_equal(np.sort(money.dep_acc[first]), np.nonzero(money.ftd_t >= 0)[0])

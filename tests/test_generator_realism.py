"""Realism: the numbers the generator claims hold in what it generates.

Expected values come from the parameters (params.py) or from public figures the
generator is documented to follow, never from earlier output.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np
import pytest

from lottery_analytics.contract import TABLE_NAMES
from lottery_analytics.generator import GenerationConfig, generate
from lottery_analytics.generator import params as P
from lottery_analytics.generator.games import GamePath, simulate_paths

SEED = 11


@pytest.fixture(scope="module")
def paths() -> dict[str, GamePath]:
    return {p.game.slug: p for p in simulate_paths(SEED, dt.date(2026, 1, 1), dt.date(2026, 7, 1))}


def _fit_demand(path: GamePath, since: dt.date) -> tuple[float, float, dict[int, float]]:
    """Least squares fit of log plays = log base_wd + log(1 + (J/J0)^k): grid, then refine."""
    sel = np.array([d >= since for d in path.local_date])
    jackpot, y, wd = path.jackpot[sel], np.log(path.plays[sel]), path.weekday[sel]
    days = sorted(set(wd.tolist()))

    def sse(j0: float, k: float) -> tuple[float, dict[int, float]]:
        r = y - np.log1p((jackpot / j0) ** k)
        means = {d: float(r[wd == d].mean()) for d in days}
        return float(sum(((r[wd == d] - means[d]) ** 2).sum() for d in days)), means

    grid = [
        (sse(j0, k)[0], j0, k) for j0 in np.geomspace(1e8, 3e9, 60) for k in np.linspace(1, 5, 41)
    ]
    _, j0, k = min(grid)
    for _ in range(4):
        local = [
            (sse(a, b)[0], a, b)
            for a in np.linspace(j0 * 0.9, j0 * 1.1, 21)
            for b in np.linspace(k * 0.9, k * 1.1, 21)
        ]
        _, j0, k = min(local)
    _, means = sse(j0, k)
    return j0, k, means


def test_powerball_demand_curve_is_recovered(
    paths: dict[str, GamePath], report_figure: Callable[[str], None]
) -> None:
    pb = paths["powerball"]
    era = P.GAME_BY_SLUG["powerball"].eras[-1]
    j0, k, means = _fit_demand(pb, era.valid_from)
    report_figure(
        f"Powerball demand fitted from generated draws: J0 ${j0 / 1e6:,.0f}M "
        f"(used ${era.j0 / 1e6:,.0f}M, {j0 / era.j0 - 1:+.1%}), k {k:.2f} "
        f"(used {era.k}, {k / era.k - 1:+.1%})"
    )
    assert abs(j0 / era.j0 - 1) < 0.15
    assert abs(k / era.k - 1) < 0.15
    base = means[P.SAT]
    assert abs(np.exp(means[P.MON] - base) / era.weekday_ratio[P.MON] - 1) < 0.05
    assert abs(np.exp(means[P.WED] - base) / era.weekday_ratio[P.WED] - 1) < 0.05
    assert abs(np.exp(base) / era.base_plays - 1) < 0.05


def test_powerball_monday_draws_start_2021_08_23(paths: dict[str, GamePath]) -> None:
    pb = paths["powerball"]
    mondays = [d for d in pb.local_date if d.weekday() == P.MON]
    assert mondays and min(mondays) == dt.date(2021, 8, 23)
    assert {d.weekday() for d in pb.local_date} == {P.MON, P.WED, P.SAT}
    # 10:59 pm Eastern: 03:59 UTC in winter, 02:59 UTC in summer (next day)
    hours = {(int(t) % 86400) // 60 for t in pb.draw_at}
    assert hours == {3 * 60 + 59, 2 * 60 + 59}


def test_mega_millions_price_and_start_change_2025_04_08(paths: dict[str, GamePath]) -> None:
    mm = paths["mega-millions"]
    change = dt.date(2025, 4, 8)
    before = np.array([d < change for d in mm.local_date])
    assert set(mm.price[before]) == {2.0} and set(mm.price[~before]) == {5.0}
    resets = np.nonzero(mm.has_winner[:-1])[0] + 1
    for i in resets:
        assert mm.jackpot[i] == (20e6 if mm.local_date[i] < change else 50e6)
    assert {d.weekday() for d in mm.local_date} == {P.TUE, P.FRI}


@pytest.mark.parametrize("slug", [g.slug for g in P.GAMES])
def test_jackpots_reset_only_after_wins_grow_otherwise_respect_caps(
    paths: dict[str, GamePath], slug: str
) -> None:
    p = paths[slug]
    j, won = p.jackpot, p.has_winner
    for i in range(len(j) - 1):
        if won[i]:
            assert j[i + 1] == p.start_jackpot[i + 1], (slug, i)
        elif j[i] >= p.cap[i]:
            assert j[i + 1] == j[i]  # at the cap the jackpot stops growing
        else:
            assert j[i + 1] > j[i], (slug, i)
    assert (j <= p.cap).all()
    assert won.sum() > 0


def test_win_frequency_follows_plays_and_odds(paths: dict[str, GamePath]) -> None:
    expected = observed = var = 0.0
    for p in paths.values():
        prob = -np.expm1(p.plays * np.log1p(-1.0 / p.odds))
        expected += prob.sum()
        var += (prob * (1 - prob)).sum()
        observed += p.has_winner.sum()
    assert abs(observed - expected) < 4 * np.sqrt(var)


def test_paths_do_not_depend_on_the_window() -> None:
    a = simulate_paths(3, dt.date(2026, 1, 1), dt.date(2026, 3, 1))[0]
    b = simulate_paths(3, dt.date(2025, 6, 1), dt.date(2026, 6, 1))[0]
    n = len(a.jackpot)
    assert np.array_equal(a.jackpot, b.jackpot[:n])


# ------------------------------------------------------------------------------------------
# generated data
# ------------------------------------------------------------------------------------------

START, DAYS = dt.date(2025, 10, 1), 150


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    out: Path = tmp_path_factory.mktemp("gen_realism") / "raw"
    generate(GenerationConfig(accounts=5000, start=START, days=DAYS, seed=SEED, out=out))
    c = duckdb.connect()
    c.execute("set timezone = 'UTC'")
    for name in TABLE_NAMES:
        c.execute(f"create view {name} as select * from read_parquet('{out / name}/*.parquet')")
    for name in ("events", "accounts", "cookies", "draws"):
        c.execute(
            f"create view t_{name} as select * from read_parquet('{out}/truth/{name}.parquet')"
        )
    c.execute(
        """create table ev as
           select distinct on (w.event_id) w.*, cast(w.event_at as timestamptz) as ts,
                  t.person_id, t.is_bot
           from web_events w join t_events t using (event_id)"""
    )
    return c


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> float:
    return con.execute(sql).fetchone()[0]


def test_signup_to_first_deposit_within_30_days(con: duckdb.DuckDBPyConnection) -> None:
    share, within_day = con.execute(
        f"""select avg(coalesce(first_deposit_at < signed_up_at + interval 30 day, false)::int),
                   avg((first_deposit_at < signed_up_at + interval 1 day)::int)
                       filter (where first_deposit_at < signed_up_at + interval 30 day)
            from t_accounts
            where is_valid and signed_up_at < date '{START}' + interval {DAYS - 30} day"""
    ).fetchone()
    assert 0.45 <= share <= 0.60
    assert within_day > 0.5  # most first deposits come within a day


def test_top_decile_holds_most_ticket_revenue(con: duckdb.DuckDBPyConnection) -> None:
    fx = P.USD_PER
    share = _one(
        con,
        f"""with p as (
               select distinct on (purchase_id) user_id, amount, currency from ticket_purchases),
           r as (select user_id, sum(amount * case currency when 'EUR' then {fx["EUR"]}
                                                when 'GBP' then {fx["GBP"]} else 1 end) as rev
                 from p where amount > 0 and user_id in (select user_id from t_accounts)
                 group by 1),
           ranked as (select rev, ntile(10) over (order by rev desc) as decile from r)
           select sum(rev) filter (where decile = 1) / sum(rev) from ranked""",
    )
    assert 0.50 <= share <= 0.70


def test_bots_share_of_raw_events(con: duckdb.DuckDBPyConnection) -> None:
    share = _one(
        con,
        "select avg(is_bot::int) from web_events w join t_events t using (event_id)",
    )
    assert 0.15 <= share <= 0.30
    agents = [
        r[0] for r in con.execute("select distinct user_agent from ev where is_bot").fetchall()
    ]
    assert any("Googlebot" in a for a in agents) and any("python-requests" in a for a in agents)


def test_multi_device_converters_and_shared_cookies(con: duckdb.DuckDBPyConnection) -> None:
    multi = _one(
        con,
        "select avg((n_devices > 1)::int) from t_accounts where first_deposit_at is not null",
    )
    assert 0.22 <= multi <= 0.38  # about 30% of converters use more than one device
    shared = _one(
        con,
        """select avg((n > 1)::int) from
           (select anonymous_id, count(*) as n from t_cookies group by 1)""",
    )
    assert 0.005 <= shared <= 0.03  # family computers: 1-2% of cookies


def test_safari_cookies_last_seven_days_without_a_visit(con: duckdb.DuckDBPyConnection) -> None:
    """Safari drops script-written cookies after 7 days without a visit (the issue: "cookies
    that churn"); other browsers keep theirs."""
    safari = [agent[4] for agent in P.HUMAN_AGENTS if agent[2]]
    rows = con.execute(
        """with e as (select *, list_contains(?, user_agent) as safari from ev where not is_bot),
                gaps as (
                    select safari,
                           ts - lag(ts) over (partition by anonymous_id order by ts) as gap
                    from e),
                per_browser as (
                    select person_id, user_agent, safari,
                           count(distinct anonymous_id) as cookies
                    from e group by all)
           select safari,
                  (select max(gap) from gaps g where g.safari = p.safari),
                  avg((cookies > 1)::int)
           from per_browser p group by safari""",
        [safari],
    ).fetchall()
    by_browser = {is_safari: (gap, several) for is_safari, gap, several in rows}
    limit = dt.timedelta(days=P.SAFARI_COOKIE_DAYS)
    assert by_browser[True][0] <= limit  # never a longer silence on one Safari cookie
    assert by_browser[False][0] > limit  # elsewhere a cookie survives a long absence
    # so a Safari user ends up with several cookies far more often
    assert by_browser[True][1] > 3 * by_browser[False][1]


def _stitch(con: duckdb.DuckDBPyConnection) -> None:
    """The warehouse's rule: the signup cookie's account, else the first account logged in."""
    con.execute(
        """create or replace table stitch as
           with s as (select anonymous_id, arg_min(user_id, try_cast(signed_up_at as timestamptz))
                             as user_id
                      from signups where anonymous_id is not null group by 1),
                l as (select anonymous_id, arg_min(user_id, ts) as user_id from ev
                      where user_id is not null and not is_bot group by 1)
           select anonymous_id, coalesce(s.user_id, l.user_id) as user_id
           from s full join l using (anonymous_id)"""
    )


def test_identity_rule_is_right_on_single_owner_cookies(con: duckdb.DuckDBPyConnection) -> None:
    _stitch(con)
    rows = con.execute(
        """with owners as (select anonymous_id, count(*) as n from t_cookies group by 1)
           select o.n > 1 as shared,
                  avg((coalesce(e.user_id, s.user_id) = e.person_id)::int)
                      filter (where coalesce(e.user_id, s.user_id) is not null) as precision_,
                  avg((coalesce(e.user_id, s.user_id, '') = e.person_id)::int)
                      filter (where e.person_id like 'u%') as recall
           from ev e join owners o using (anonymous_id) left join stitch s using (anonymous_id)
           where not e.is_bot group by 1"""
    ).fetchall()
    figures = {shared: (p, r) for shared, p, r in rows}
    precision, recall = figures[False]
    assert precision >= 0.995 and recall >= 0.99
    # on shared cookies the rule necessarily gives some anonymous events to the wrong person
    assert figures[True][0] < 0.99


def test_first_touch_is_recoverable_for_tracked_accounts(con: duckdb.DuckDBPyConnection) -> None:
    _stitch(con)
    accuracy = _one(
        con,
        """with s as (
               select *, sum(new) over (partition by anonymous_id order by ts, event_id) as sid
               from (select ev.*, coalesce(ts - lag(ts) over (partition by anonymous_id
                                                              order by ts, event_id)
                                           > interval 30 minute, true)::int as new
                     from ev where not is_bot)),
           sessions as (
               select s.anonymous_id, sid, min(ts) as ts,
                      arg_min(lower(trim(utm_campaign)), ts) as campaign,
                      arg_min(coalesce(s.user_id, st.user_id), ts) as person
               from s left join stitch st using (anonymous_id) group by 1, 2),
           first_touch as (
               select person, arg_min(campaign, ts) as campaign from sessions
               where campaign is not null and person is not null group by 1)
           select avg((f.campaign is not distinct from a.acquisition_campaign_id)::int)
           from t_accounts a left join first_touch f on f.person = a.user_id
           where a.first_touch_tracked""",
    )
    assert accuracy >= 0.97


def test_jackpot_chasers(con: duckdb.DuckDBPyConnection) -> None:
    rows = dict(
        con.execute(
            """with first as (
                   select user_id, arg_min(game_id, cast(purchased_at as timestamptz)) as game_id
                   from ticket_purchases where ticket_count > 0 and amount > 0 group by 1)
               select a.is_jackpot_chaser, avg((d.jackpot_usd >= 300e6)::int)
               from first f join t_accounts a using (user_id) join t_draws d using (game_id)
               group by 1"""
        ).fetchall()
    )
    assert rows[True] > 0.8 and rows[True] > rows[False]
    by_channel = dict(
        con.execute(
            "select acquisition_channel, avg(is_jackpot_chaser::int) from t_accounts group by 1"
        ).fetchall()
    )
    assert by_channel["paid_social"] > by_channel["affiliate"]
    assert by_channel["display"] > by_channel["email"]


def test_signups_swing_harder_than_sales_and_spend_follows_heat(
    con: duckdb.DuckDBPyConnection,
) -> None:
    daily = con.execute(
        f"""with days as (select unnest(range(date '{START}',
                                              date '{START}' + interval {DAYS} day,
                                              interval 1 day))::date as day),
            su as (select cast(signed_up_at as date) as day, count(*) as n from t_accounts
                   group by 1),
            sp as (select spend_date as day, sum(spend) as spend from funnel_spend group by 1),
            pl as (select cast(draw_at as date) as day, sum(national_plays) as plays
                   from t_draws where game_name in ('Powerball', 'Mega Millions') group by 1)
            select d.day, coalesce(su.n, 0), sp.spend, pl.plays
            from days d left join su using (day) left join sp using (day)
            left join pl using (day) order by 1"""
    ).fetchall()
    signups = np.array([r[1] for r in daily], dtype=float)
    spend = np.array([float(r[2]) for r in daily])
    plays = np.array([r[3] or np.nan for r in daily], dtype=float)
    # weekly sums: hot weeks (top third of national plays) vs cold weeks (bottom third)
    weeks = len(daily) // 7
    w_su = signups[: weeks * 7].reshape(weeks, 7).sum(1)
    w_pl = np.nansum(plays[: weeks * 7].reshape(weeks, 7), 1)
    w_sp = spend[: weeks * 7].reshape(weeks, 7).sum(1)
    order = np.argsort(w_pl)
    cold, hot = order[: weeks // 3], order[-(weeks // 3) :]
    sales_ratio = w_pl[hot].mean() / w_pl[cold].mean()
    signup_ratio = w_su[hot].mean() / w_su[cold].mean()
    assert signup_ratio > sales_ratio > 1
    assert w_sp[hot].mean() > w_sp[cold].mean()


def test_first_deposit_amounts_and_order_sizes(con: duckdb.DuckDBPyConnection) -> None:
    median, round_share = con.execute(
        """select median(first_deposit_amount),
                  avg((first_deposit_amount in (10, 20, 25, 50, 100))::int)
           from t_accounts where first_deposit_at is not null"""
    ).fetchone()
    assert 18 <= median <= 35
    assert round_share > 0.4
    small = _one(
        con,
        "select avg((ticket_count between 1 and 10)::int) from ticket_purchases "
        "where ticket_count > 0",
    )
    assert small > 0.8


def test_late_and_redelivered_rows_load_later(con: duckdb.DuckDBPyConnection) -> None:
    late = _one(
        con,
        """select count(*) from web_events
           where _loaded_at > cast(cast(event_at as timestamptz) as timestamp) + interval 3 day""",
    )
    assert late > 0
    assert (
        _one(
            con,
            """select count(*) from web_events
           where _loaded_at < cast(cast(event_at as timestamptz) as timestamp)""",
        )
        == 0
    )


def test_cost_per_registration_by_channel(con: duckdb.DuckDBPyConnection) -> None:
    fx = P.USD_PER
    rows = con.execute(
        f"""with sp as (
                select campaign_id, lower(channel) as channel,
                       sum(spend * case currency when 'EUR' then 1
                                                 when 'GBP' then {fx["GBP"] / fx["EUR"]}
                                                 else {1 / fx["EUR"]} end) as eur
                from funnel_spend group by all),
            acq as (select acquisition_campaign_id as campaign_id, count(*) as n
                    from t_accounts group by 1)
            select channel, sum(eur) / sum(n) from sp join acq using (campaign_id) group by 1"""
    ).fetchall()
    cpr = dict(rows)
    for channel in ("paid_search", "paid_social", "affiliate", "display", "email"):
        expected = P.CHANNEL_BY_NAME[channel].cpr_eur
        assert 25 * 0.9 <= cpr[channel] <= 47 * 1.1, channel
        assert abs(cpr[channel] / expected - 1) < 0.2, channel


def test_about_30_percent_of_players_still_play_after_a_year(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The issue's "about 30 % of accounts active after a year" (params: 30 %, jackpot
    chasers 10 %): of the players whose first deposit falls in the first half year of a
    two-year window, the share with an order a year or more after it. Every order counts,
    rejected ones too: a churned player sends none, not even a bad one. A player alive at a
    year who churns before the next order counts as gone, so the share sits a little under
    the mixture of the two rates."""
    out: Path = tmp_path_factory.mktemp("two_years") / "raw"
    generate(
        GenerationConfig(accounts=10_000, start=dt.date(2024, 1, 1), days=730, seed=SEED, out=out)
    )
    c = duckdb.connect()
    c.execute("set timezone = 'UTC'")
    rows = c.execute(
        f"""with players as (
                select user_id, first_deposit_at, is_jackpot_chaser
                from read_parquet('{out}/truth/accounts.parquet')
                where is_valid and first_deposit_at < timestamp '2024-07-01'),
            tickets as (
                select user_id, cast(purchased_at as timestamptz) as purchased_at
                from read_parquet('{out}/ticket_purchases/*.parquet'))
            select is_jackpot_chaser, count(*),
                   avg((exists (select 1 from tickets t
                                where t.user_id = p.user_id
                                  and t.purchased_at >= p.first_deposit_at + interval 365 day
                               ))::int)
            from players p group by 1"""
    ).fetchall()
    by_kind = {chaser: (n, share) for chaser, n, share in rows}
    n, share = by_kind[False]
    assert n > 500
    assert P.ACTIVE_AFTER_YEAR - 0.08 <= share <= P.ACTIVE_AFTER_YEAR + 0.03
    n_all = sum(k for k, _ in by_kind.values())
    overall = sum(k * s for k, s in by_kind.values()) / n_all
    assert 0.22 <= overall <= 0.33  # "about 30 %"

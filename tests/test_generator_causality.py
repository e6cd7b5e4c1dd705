"""What marketing causes: budgets are inputs, registrations are a baseline plus what spend
adds, touches that cause nothing are planted, and truth/marketing_*.parquet says it all.

Expected values come from the parameters (params.py), from hand-computed curves, or from
the accounts truth the marketing truth must agree with, never from earlier output."""

from __future__ import annotations

import datetime as dt
import math

import duckdb
import numpy as np
import pytest

from lottery_analytics.contract import TABLE_NAMES
from lottery_analytics.generator import GenerationConfig, generate
from lottery_analytics.generator import params as P
from lottery_analytics.generator.campaigns import adstock, hill
from lottery_analytics.generator.truth import TRUTH_TABLES


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    out = tmp_path_factory.mktemp("causality") / "raw"
    generate(GenerationConfig(accounts=6000, start=dt.date(2025, 3, 1), days=240, seed=3, out=out))
    c = duckdb.connect()
    c.execute("set timezone = 'UTC'")
    for name in TABLE_NAMES:
        c.execute(f"create view {name} as select * from read_parquet('{out / name}/*.parquet')")
    for name in TRUTH_TABLES:
        c.execute(
            f"create view t_{name} as select * from read_parquet('{out}/truth/{name}.parquet')"
        )
    return c


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    return con.execute(sql).fetchone()[0]


def test_adstock_and_hill_by_hand() -> None:
    assert adstock(np.array([1.0, 0.0, 0.0, 2.0]), 0.5).tolist() == [1.0, 0.5, 0.25, 2.125]
    x = np.array([0.0, 1.5, 3.0])
    assert hill(x, 1.5, 2.0).tolist() == [0.0, 0.5, 9 / (9 + 2.25)]


def test_caused_accounts_come_through_the_campaign_that_caused_them(
    con: duckdb.DuckDBPyConnection,
) -> None:
    assert (
        _one(
            con,
            """select count(*) from t_accounts where caused_by_campaign is not null
               and (acquisition_campaign_id is distinct from caused_by_campaign
                    or acquisition_channel is distinct from caused_by_channel)""",
        )
        == 0
    )
    # organic, direct and the unpaid campaigns cause nothing
    assert (
        _one(
            con,
            """select count(*) from t_accounts where caused_by_channel in ('organic', 'direct')
               or caused_by_campaign like '%social-posts%'
               or caused_by_campaign like '%partner-digest%'""",
        )
        == 0
    )


def test_brand_search_and_affiliates_carry_people_who_would_have_come_anyway(
    con: duckdb.DuckDBPyConnection,
) -> None:
    shares = dict(
        con.execute(
            """select split_part(acquisition_campaign_id, '-', 3),
                      avg((caused_by_campaign is null)::int)
               from t_accounts where acquisition_channel in ('paid_search', 'affiliate')
               group by 1"""
        ).fetchall()
    )
    by_slug = {t.slug: t.incremental_share for t in P.CAMPAIGN_TEMPLATES}
    for slug in ("brand", "partners", "lottoreviews"):
        assert abs(shares[slug] - (1 - by_slug[slug])) < 0.12, slug


def test_touches_that_cause_nothing_reach_the_web_events(con: duckdb.DuckDBPyConnection) -> None:
    """Baseline web signups click the brand ad or pass through an affiliate before signing
    up (their first touch being something else)."""
    rows = dict(
        con.execute(
            """select split_part(lower(trim(w.utm_campaign)), '-', 3) as slug,
                      count(distinct a.user_id)
               from t_accounts a
               join t_events e on e.person_id = a.user_id
               join web_events w using (event_id)
               where a.caused_by_campaign is null
                 and a.acquisition_campaign_id is distinct from lower(trim(w.utm_campaign))
                 and cast(w.event_at as timestamptz) <= a.signed_up_at
                 and w.utm_campaign is not null
               group by 1"""
        ).fetchall()
    )
    web_signups = _one(
        con,
        "select count(*) from t_accounts where signup_platform = 'web' "
        "and caused_by_campaign is null",
    )
    expected_brand = P.SIGNUP_BRAND_SEARCH_SHARE * P.BRAND_AD_CLICK_SHARE
    # a share of the signups are merged with their first visit and get no extra touch
    assert 0.3 * expected_brand < rows["brand"] / web_signups < 1.1 * expected_brand
    assert rows["partners"] / web_signups > 0.3 * P.SIGNUP_AFFILIATE_PASS_SHARE


def test_marketing_days_agree_with_the_accounts(con: duckdb.DuckDBPyConnection) -> None:
    per_campaign = con.execute(
        """with days as (
               select campaign_id, sum(incremental_registrations) as regs,
                      sum(incremental_first_deposits) as ftds,
                      sum(incremental_first_deposit_value) as value,
                      sum(expected_incremental_registrations) as expected
               from t_marketing_days group by 1),
           acc as (
               select caused_by_campaign as campaign_id, count(*) as regs,
                      count(first_deposit_at) as ftds,
                      coalesce(sum(first_deposit_amount), 0) as value
               from t_accounts where caused_by_campaign is not null group by 1)
           select d.campaign_id, d.regs, coalesce(a.regs, 0), d.ftds, coalesce(a.ftds, 0),
                  d.value, coalesce(a.value, 0), d.expected
           from days d left join acc a using (campaign_id)"""
    ).fetchall()
    assert len(per_campaign) > 20
    for cid, regs, a_regs, ftds, a_ftds, value, a_value, expected in per_campaign:
        # registrations and first deposits inside the window are counted; accounts whose
        # first deposit falls after it are not (none here: the window holds every one)
        assert regs == a_regs and ftds == a_ftds, cid
        assert abs(float(value) - float(a_value)) < 0.01 * max(ftds, 1), cid
        # realised counts scatter around the planted curve's expectation (Poisson)
        assert abs(regs - expected) <= 4 * math.sqrt(expected) + 3, cid
    # retargeting and CRM cause nothing
    assert (
        _one(
            con,
            """select sum(incremental_registrations) from t_marketing_days
               where campaign_id like '%retargeting%' or campaign_id like '%-crm-%'""",
        )
        == 0
    )


def test_effects_are_ratios_of_the_days(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        """select e.campaign_id, e.spend, e.incremental_roas, e.incremental_cpa, d.spend,
                  d.value, d.ftds
           from t_marketing_effects e join (
               select campaign_id, sum(spend) as spend,
                      sum(incremental_first_deposit_value) as value,
                      sum(incremental_first_deposits) as ftds
               from t_marketing_days group by 1) d using (campaign_id)"""
    ).fetchall()
    for cid, spend, roas, cpa, d_spend, d_value, d_ftds in rows:
        assert abs(spend - d_spend) < 0.01 * 400, cid  # each day rounded to the cent
        assert roas == pytest.approx(d_value / d_spend, rel=1e-6, abs=1e-9), cid
        if d_ftds:
            assert cpa == pytest.approx(d_spend / d_ftds, rel=1e-6), cid
    # channel rows: retargeting and CRM spend count against display and email
    display = con.execute(
        "select spend, incremental_roas from t_marketing_effects "
        "where channel = 'display' and campaign_id is null"
    ).fetchone()
    prospecting_only = _one(
        con,
        """select sum(incremental_first_deposit_value * case currency when 'USD' then 1
                      when 'EUR' then 1.10 else 1.28 end)
                  / sum(spend * case currency when 'USD' then 1 when 'EUR' then 1.10
                                 else 1.28 end)
           from t_marketing_days where campaign_id like 'display-%-prospecting-%'""",
    )
    assert display[1] < prospecting_only


def test_spend_is_an_input_with_pauses_steps_and_heat(con: duckdb.DuckDBPyConnection) -> None:
    # spend matches funnel_spend where the row is clean (dirt may duplicate or spoil rows)
    raw, truth = con.execute(
        """select (select sum(try_cast(spend as decimal(18, 2))) from (
                       select distinct spend_date, campaign_id, spend from funnel_spend)),
                  (select sum(spend) from t_marketing_days)"""
    ).fetchone()
    assert abs(float(raw) / truth - 1) < 0.05
    # pauses: a pausable campaign with no spend for a week or more inside its flight
    gaps = _one(
        con,
        """with d as (
               select campaign_id, date, spend > 0 as on_air from t_marketing_days
               where campaign_id like 'paid_social-%' or campaign_id like 'display-%-prosp%'
                  or campaign_id like 'email-%-newsletter-%'),
           runs as (
               select campaign_id, on_air, count(*) as n from (
                   select *, row_number() over (partition by campaign_id order by date)
                             - row_number() over (partition by campaign_id, on_air
                                                  order by date) as grp
                   from d) group by campaign_id, on_air, grp)
           select count(*) from runs where not on_air and n >= 7""",
    )
    assert gaps > 0
    # a budget doubled or halved for weeks: some campaign's 14-day spend moves by 1.6x+
    swings = _one(
        con,
        """with w as (
               select campaign_id, date,
                      avg(spend) over (partition by campaign_id order by date
                                       rows between 13 preceding and current row) as s14
               from t_marketing_days where spend > 0)
           select count(distinct campaign_id) from (
               select campaign_id, max(s14) / nullif(min(s14), 0) as r from w
               where date >= (select min(date) + 14 from t_marketing_days)
               group by 1) where r > 1.6""",
    )
    assert swings > 3

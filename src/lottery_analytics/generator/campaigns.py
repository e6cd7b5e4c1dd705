"""Campaign catalogue, the daily acquisition plan and the funnel_spend table.

Computed once per run (it is small): which campaigns exist, when they run, how many
registrations each source (campaign, organic, direct, per market) is expected to bring
each day given the jackpot heat, and what that costs. Chunks then sample their accounts'
first-touch day and source from these expectations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote_plus

import numpy as np

from lottery_analytics.generator import timeutil
from lottery_analytics.generator.games import GamePath, high_jackpot_usd
from lottery_analytics.generator.params import (
    CAMPAIGN_TEMPLATES,
    CHANNEL_BY_NAME,
    CHANNELS,
    CHASER_HEAT_EXPONENT,
    GAME_BY_SLUG,
    HIGH_JACKPOT_USD,
    MARKETS,
    SIGNUP_HEAT_EXPONENT,
    SITE,
    SOURCE_REFERRER,
    USD_PER,
    CampaignTemplate,
)
from lottery_analytics.generator.rng import GLOBAL, rng_for

CHANNEL_INDEX: dict[str, int] = {c.name: i for i, c in enumerate(CHANNELS)}
ORGANIC = CHANNEL_INDEX["organic"]
DIRECT = CHANNEL_INDEX["direct"]
TV = CHANNEL_INDEX["tv_brand"]

#: organic/direct visitors per registration of those sources (browsers who never sign up)
_UNTAGGED_VISITORS_PER_REG = 2.0
#: retargeting and CRM budgets per expected registration in their market, EUR
_RETARGETING_EUR_PER_REG = 6.0
_CRM_EUR_PER_REG = 1.5
#: cost per click of retargeting / CRM (EUR) to derive their clicks
_RETARGETING_CPC_EUR = 0.6
_CRM_CPC_EUR = 0.15


@dataclass(frozen=True)
class Campaign:
    index: int
    campaign_id: str
    name: str
    channel: str
    market: int
    currency: str
    role: str
    paid: bool
    utm_source: str | None
    utm_medium: str | None
    utm_content: str | None
    utm_term: str | None
    landing_url: str
    referrer: str | None
    first_day: int  # window day index, inclusive
    last_day: int  # inclusive


def _campaign_id(t: CampaignTemplate, market: str) -> str:
    if t.paid:
        return f"{t.channel}-{market}-{t.slug}-01"
    return f"{t.slug}-{market}"


def _landing_url(t: CampaignTemplate, campaign_id: str) -> str:
    q = [f"utm_source={t.utm_source}", f"utm_medium={t.utm_medium}", f"utm_campaign={campaign_id}"]
    if t.utm_content:
        q.append(f"utm_content={quote_plus(t.utm_content)}")
    if t.utm_term:
        q.append(f"utm_term={quote_plus(t.utm_term)}")
    return f"{SITE}{t.landing}?{'&'.join(q)}"


def build_campaigns(days: int) -> list[Campaign]:
    out: list[Campaign] = []
    for mi, market in enumerate(MARKETS):
        for t in CAMPAIGN_TEMPLATES:
            cid = _campaign_id(t, market.code)
            first = int(np.floor(t.flight[0] * days))
            last = max(first, int(np.ceil(t.flight[1] * days)) - 1)
            out.append(
                Campaign(
                    index=len(out),
                    campaign_id=cid,
                    name=f"{market.code.upper()} {t.name}",
                    channel=t.channel,
                    market=mi,
                    currency=market.currency,
                    role=t.role,
                    paid=t.paid,
                    utm_source=t.utm_source,
                    utm_medium=t.utm_medium,
                    utm_content=t.utm_content,
                    utm_term=t.utm_term,
                    landing_url=_landing_url(t, cid),
                    referrer=SOURCE_REFERRER.get(t.utm_source or "", None),
                    first_day=first,
                    last_day=last,
                )
            )
    return out


@dataclass
class Plan:
    """Run-wide daily plan: heat, sources, expected registrations, sampling tables."""

    start: dt.date
    days: int
    t0: int  # window start, epoch seconds
    campaigns: list[Campaign]
    market_heat: np.ndarray  # (markets, days) jackpot demand multiplier
    hi_usd: np.ndarray  # (days,) largest upcoming jackpot in USD at noon UTC
    src_channel: np.ndarray  # (S,) channel index
    src_market: np.ndarray  # (S,) market index
    src_campaign: np.ndarray  # (S,) campaign index or -1
    p_chaser: float
    cdf_normal: np.ndarray  # flattened (days*S) cumulative probabilities
    cdf_chaser: np.ndarray
    cdf_visitor: np.ndarray
    expected_regs: np.ndarray  # (days, S)
    retargeting: np.ndarray  # (markets,) campaign index
    crm: np.ndarray  # (markets,) campaign index

    @property
    def n_sources(self) -> int:
        return len(self.src_channel)

    def sample(self, cdf: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(day index, source index) for uniforms ``u``."""
        flat = np.minimum(np.searchsorted(cdf, u, side="right"), len(cdf) - 1)
        return flat // self.n_sources, flat % self.n_sources


def _market_heat(paths: list[GamePath], t_noon: np.ndarray) -> np.ndarray:
    slug_to_path = {p.game.slug: p for p in paths}
    heat = np.zeros((len(MARKETS), len(t_noon)))
    for mi, market in enumerate(MARKETS):
        total = sum(market.game_weights.values())
        for slug, w in market.game_weights.items():
            path = slug_to_path[GAME_BY_SLUG[slug].slug]
            heat[mi] += w / total * path.demand(path.next_draw(t_noon))
    return heat


def _cdf(weights: np.ndarray) -> np.ndarray:
    flat = weights.reshape(-1)
    cdf = np.cumsum(flat)
    return cdf / cdf[-1]


def build_plan(paths: list[GamePath], start: dt.date, days: int, accounts: int) -> Plan:
    campaigns = build_campaigns(days)
    t0 = timeutil.epoch_seconds(start)
    t_noon = t0 + np.arange(days) * timeutil.DAY + 12 * timeutil.HOUR
    heat = _market_heat(paths, t_noon)
    hi_usd = high_jackpot_usd(paths, t_noon)

    # sources: acquisition campaigns (tagged or TV), organic search and direct per market
    src_channel, src_market, src_campaign, src_weight = [], [], [], []
    acq = [c for c in campaigns if c.role == "acquisition"]
    for mi, market in enumerate(MARKETS):
        for ch in CHANNELS:
            mine = [c for c in acq if c.market == mi and c.channel == ch.name]
            templ_w = {
                t.slug: t.weight
                for t in CAMPAIGN_TEMPLATES
                if t.channel == ch.name and t.role == "acquisition"
            }
            w_sum = sum(templ_w.values())
            untagged = 0.0
            if ch.name == "organic":
                untagged = 1.0 - w_sum  # organic search: no UTM
                w_sum = 1.0
            elif ch.name == "direct":
                untagged, w_sum = 1.0, 1.0
            for c in mine:
                slug = next(
                    t.slug
                    for t in CAMPAIGN_TEMPLATES
                    if _campaign_id(t, market.code) == c.campaign_id
                )
                src_channel.append(CHANNEL_INDEX[ch.name])
                src_market.append(mi)
                src_campaign.append(c.index)
                src_weight.append(market.share * ch.share * templ_w[slug] / w_sum)
            if untagged > 0:
                src_channel.append(CHANNEL_INDEX[ch.name])
                src_market.append(mi)
                src_campaign.append(-1)
                src_weight.append(market.share * ch.share * untagged / w_sum)
    src_channel_a = np.array(src_channel)
    src_market_a = np.array(src_market)
    src_campaign_a = np.array(src_campaign)
    base = np.array(src_weight)

    active = np.ones((days, len(base)))
    for s, ci in enumerate(src_campaign_a):
        if ci >= 0:
            c = campaigns[ci]
            d = np.arange(days)
            active[:, s] = (d >= c.first_day) & (d <= c.last_day)
    heat_exp = np.array([CHANNELS[c].heat_exponent for c in src_channel_a])
    h = heat[src_market_a].T  # (days, S)
    h_rel = h / h.mean(axis=0, keepdims=True)
    w_normal = base * active * h_rel ** (SIGNUP_HEAT_EXPONENT + heat_exp)
    chaser_share = np.array([CHANNELS[c].chaser_share for c in src_channel_a])
    hi_rel = np.maximum(hi_usd / HIGH_JACKPOT_USD, 0.05)[:, None]
    w_chaser = base * chaser_share * active * hi_rel**CHASER_HEAT_EXPONENT
    p_chaser = float((base * chaser_share).sum() / base.sum())

    def norm(w: np.ndarray) -> np.ndarray:
        return w / w.sum()

    expected = accounts * ((1 - p_chaser) * norm(w_normal) + p_chaser * norm(w_chaser))
    cvr = np.array([CHANNELS[c].cvr for c in src_channel_a])
    vis_per_reg = np.where(src_campaign_a >= 0, (1 - cvr) / cvr, _UNTAGGED_VISITORS_PER_REG)
    # never-registered visitors' first visits follow the non-converting clicks; their
    # number per chunk is VISITOR_RATIO per account (tracked landings are a fraction of
    # clicks: consent banners, blockers)
    w_vis = expected * vis_per_reg
    retargeting = np.array(
        [
            next(c.index for c in campaigns if c.market == mi and c.role == "retargeting")
            for mi in range(len(MARKETS))
        ]
    )
    crm = np.array(
        [
            next(c.index for c in campaigns if c.market == mi and c.role == "crm")
            for mi in range(len(MARKETS))
        ]
    )
    return Plan(
        start=start,
        days=days,
        t0=t0,
        campaigns=campaigns,
        market_heat=heat,
        hi_usd=hi_usd,
        src_channel=src_channel_a,
        src_market=src_market_a,
        src_campaign=src_campaign_a,
        p_chaser=p_chaser,
        cdf_normal=_cdf(w_normal),
        cdf_chaser=_cdf(w_chaser),
        cdf_visitor=_cdf(w_vis),
        expected_regs=expected,
        retargeting=retargeting,
        crm=crm,
    )


@dataclass
class SpendRows:
    """funnel_spend rows as arrays (one per paid campaign per active day)."""

    day: np.ndarray  # window day index
    campaign: np.ndarray  # campaign index
    spend_cents: np.ndarray
    impressions: np.ndarray
    clicks: np.ndarray


def spend_rows(plan: Plan, seed: int) -> SpendRows:
    """Daily spend, impressions and clicks of every paid campaign."""
    rng = rng_for(seed, GLOBAL, "funnel_spend")
    regs_by_campaign = np.zeros((plan.days, len(plan.campaigns)))
    for s, ci in enumerate(plan.src_campaign):
        if ci >= 0:
            regs_by_campaign[:, ci] += plan.expected_regs[:, s]
    # TV: every tv_brand registration counts, tagged or not (campaign gets all)
    regs_market = np.zeros((plan.days, len(MARKETS)))
    for s, mi in enumerate(plan.src_market):
        regs_market[:, mi] += plan.expected_regs[:, s]
    days_l, camp_l, spend_l, imp_l, clk_l = [], [], [], [], []
    for c in plan.campaigns:
        if not c.paid:
            continue
        ch = CHANNEL_BY_NAME[c.channel]
        d = np.arange(c.first_day, c.last_day + 1)
        fx = USD_PER["EUR"] / USD_PER[c.currency]
        n = len(d)
        noise = np.exp(rng.normal(0, 0.15, n))
        if c.role == "acquisition":
            regs = regs_by_campaign[d, c.index]
            spend = regs * ch.cpr_eur * fx * noise
            clicks = regs / ch.cvr * np.exp(rng.normal(0, 0.1, n))
            ctr = ch.ctr
        else:
            per_reg, cpc = (
                (_RETARGETING_EUR_PER_REG, _RETARGETING_CPC_EUR)
                if c.role == "retargeting"
                else (_CRM_EUR_PER_REG, _CRM_CPC_EUR)
            )
            spend = regs_market[d, c.market] * per_reg * fx * noise
            clicks = spend / (cpc * fx) * np.exp(rng.normal(0, 0.1, n))
            ctr = 0.004 if c.role == "retargeting" else 0.03
        spend = np.maximum(spend, 5.0 * fx)  # a minimum daily budget
        clicks_i = np.maximum(np.round(clicks), 0).astype(np.int64)
        imp = np.round(np.maximum(clicks_i, 1) / ctr * np.exp(rng.normal(0, 0.1, n)))
        days_l.append(d)
        camp_l.append(np.full(n, c.index))
        spend_l.append(np.round(spend * 100).astype(np.int64))
        imp_l.append(np.maximum(imp.astype(np.int64), clicks_i))
        clk_l.append(clicks_i)
    day = np.concatenate(days_l)
    camp = np.concatenate(camp_l)
    order = np.lexsort((camp, day))
    return SpendRows(
        day=day[order],
        campaign=camp[order],
        spend_cents=np.concatenate(spend_l)[order],
        impressions=np.concatenate(imp_l)[order],
        clicks=np.concatenate(clk_l)[order],
    )

"""Campaign catalogue, budgets, the daily acquisition plan and the funnel_spend table.

Computed once per run (it is small): which campaigns exist, what each paid campaign
spends each day (an input with flights, pauses, steps and jackpot boosts), and how many
registrations each source is expected to bring each day: a baseline of people who would
sign up anyway (following jackpot heat, weekday and season), some of whom pass through a
paid campaign, plus what each paid campaign's spend causes through geometric adstock
and a Hill curve. Chunks then sample their accounts' first-touch day, source and cause
from these expectations; the truth of what each campaign caused is written beside the
data (truth/marketing_*.parquet).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote_plus

import numpy as np

from lottery_analytics.generator import timeutil
from lottery_analytics.generator.games import GamePath, high_jackpot_usd
from lottery_analytics.generator.params import (
    AD_RESPONSE_HEAT_EXPONENT,
    BASELINE_SEASON_AMPLITUDE,
    BASELINE_WEEKDAY,
    BUDGET_MIN_EUR,
    BUDGET_NOISE_SIGMA,
    BUDGET_PAUSE_DAYS,
    BUDGET_PAUSES_PER_YEAR,
    BUDGET_STEP_DAYS,
    BUDGET_STEP_FACTORS,
    BUDGET_STEPS_PER_YEAR,
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
    """Run-wide daily plan: heat, budgets, sources, expected registrations, sampling tables.

    A source is where an account's first touch comes from (a campaign's tagged link, TV,
    organic search or a typed address, per market) together with what caused the signup:
    ``src_caused`` is the campaign whose spend brought the account, -1 for the baseline
    of people who would have signed up anyway (some of whom pass through a paid campaign).
    """

    start: dt.date
    days: int
    t0: int  # window start, epoch seconds
    campaigns: list[Campaign]
    market_heat: np.ndarray  # (markets, days) jackpot demand multiplier
    hi_usd: np.ndarray  # (days,) largest upcoming jackpot in USD at noon UTC
    budget: np.ndarray  # (days, campaigns) daily spend in the campaign's currency
    src_channel: np.ndarray  # (S,) channel index
    src_market: np.ndarray  # (S,) market index
    src_campaign: np.ndarray  # (S,) campaign index or -1
    src_caused: np.ndarray  # (S,) causing campaign index or -1 (baseline)
    p_chaser: float
    cdf_normal: np.ndarray  # flattened (days*S) cumulative probabilities
    cdf_chaser: np.ndarray
    cdf_visitor: np.ndarray
    expected_regs: np.ndarray  # (days, S)
    response: dict[int, CampaignResponse]  # paid acquisition campaign -> its curve
    retargeting: np.ndarray  # (markets,) campaign index
    crm: np.ndarray  # (markets,) campaign index
    brand: np.ndarray  # (markets,) campaign index of the brand search ad
    affiliate: np.ndarray  # (markets,) campaign index of the cashback/partner affiliate

    @property
    def n_sources(self) -> int:
        return len(self.src_channel)

    def sample(self, cdf: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(day index, source index) for uniforms ``u``."""
        flat = np.minimum(np.searchsorted(cdf, u, side="right"), len(cdf) - 1)
        return flat // self.n_sources, flat % self.n_sources


@dataclass(frozen=True)
class CampaignResponse:
    """How a paid acquisition campaign's spend becomes expected incremental signups.

    expected incremental registrations on day d =
        hill(adstock(budget)[d] / ref) * running[d] * coef[d]
    where coef folds the jackpot heat the ad works in (AD_RESPONSE_HEAT_EXPONENT) and the
    run's fixed normalisation of regular players and jackpot chasers
    (the sampling keeps the run at ``--accounts``). Scaling the budget by (1 + e) and
    recomputing gives the true marginal response (truth/marketing_*.parquet)."""

    decay: float
    half_saturation: float
    shape: float
    ref: float  # mean adstocked daily budget on running days (campaign currency)
    running: np.ndarray  # (days,) bool
    coef: np.ndarray  # (days,) expected registrations at hill = 1

    def expected(self, budget: np.ndarray, scale: float = 1.0) -> np.ndarray:
        x = adstock(budget * scale, self.decay) / self.ref
        return hill(x, self.half_saturation, self.shape) * self.running * self.coef


def adstock(spend: np.ndarray, decay: float) -> np.ndarray:
    """Geometric carryover: a[d] = spend[d] + decay * a[d - 1]."""
    out = np.empty(len(spend))
    acc = 0.0
    for i, v in enumerate(spend):
        acc = float(v) + decay * acc
        out[i] = acc
    return out


def hill(x: np.ndarray, half_saturation: float, shape: float) -> np.ndarray:
    """Hill saturation x^s / (x^s + K^s), 0 at 0, 1/2 at K."""
    xs = np.power(np.maximum(x, 0.0), shape)
    return xs / (xs + half_saturation**shape)


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


def _template_of(c: Campaign) -> CampaignTemplate:
    market = MARKETS[c.market].code
    return next(t for t in CAMPAIGN_TEMPLATES if _campaign_id(t, market) == c.campaign_id)


def _windows(
    rng: np.random.Generator, days: int, per_year: float, length: tuple[int, int]
) -> list[tuple[int, int]]:
    """Random [start, end) day windows: Poisson(per_year * days / 365) of them."""
    out = []
    for _ in range(rng.poisson(per_year * days / 365.0)):
        n = int(rng.integers(length[0], length[1] + 1))
        a = int(rng.integers(0, max(days - n, 1)))
        out.append((a, min(a + n, days)))
    return out


def budget_shape(
    rng: np.random.Generator, c: Campaign, days: int, heat_rel: np.ndarray, pausable: bool
) -> np.ndarray:
    """A paid campaign's daily budget shape (mean 1 over its running days, 0 elsewhere):
    its flight, pauses, step changes, boosts with jackpot heat and day-to-day noise."""
    d = np.arange(days)
    shape = ((d >= c.first_day) & (d <= c.last_day)).astype(float)
    if pausable:
        for a, b in _windows(rng, days, BUDGET_PAUSES_PER_YEAR, BUDGET_PAUSE_DAYS):
            shape[a:b] = 0.0
    for a, b in _windows(rng, days, BUDGET_STEPS_PER_YEAR, BUDGET_STEP_DAYS):
        shape[a:b] *= float(rng.choice(BUDGET_STEP_FACTORS))
    shape *= heat_rel ** CHANNEL_BY_NAME[c.channel].heat_exponent
    shape *= np.exp(rng.normal(0, BUDGET_NOISE_SIGMA, days))
    running = shape > 0
    if running.any():
        shape /= shape[running].mean()
    return shape


def baseline_shape(start: dt.date, days: int, heat_rel: np.ndarray) -> np.ndarray:
    """The would-come-anyway signups' daily shape in one market: heat, weekday, season."""
    dates = [start + dt.timedelta(days=i) for i in range(days)]
    weekday = np.array([BASELINE_WEEKDAY[x.weekday()] for x in dates])
    doy = np.array([x.timetuple().tm_yday for x in dates])
    season = 1 + BASELINE_SEASON_AMPLITUDE * np.cos(2 * np.pi * (doy - 1) / 365.25)
    return heat_rel**SIGNUP_HEAT_EXPONENT * weekday * season


def build_plan(paths: list[GamePath], start: dt.date, days: int, accounts: int, seed: int) -> Plan:
    campaigns = build_campaigns(days)
    t0 = timeutil.epoch_seconds(start)
    t_noon = t0 + np.arange(days) * timeutil.DAY + 12 * timeutil.HOUR
    heat = _market_heat(paths, t_noon)
    hi_usd = high_jackpot_usd(paths, t_noon)
    heat_rel = heat / heat.mean(axis=1, keepdims=True)  # (markets, days)
    d_idx = np.arange(days)

    # design: each source's share of the run's registrations, as before causality (the
    # market, channel and template shares, over its flight)
    design: list[tuple[int, int, int, float]] = []  # (channel, market, campaign, weight)
    acq = [c for c in campaigns if c.role == "acquisition"]
    for mi, market in enumerate(MARKETS):
        for ch in CHANNELS:
            mine = [c for c in acq if c.market == mi and c.channel == ch.name]
            w_sum = sum(
                t.weight
                for t in CAMPAIGN_TEMPLATES
                if t.channel == ch.name and t.role == "acquisition"
            )
            untagged = 0.0
            if ch.name == "organic":
                untagged = 1.0 - w_sum  # organic search: no UTM
                w_sum = 1.0
            elif ch.name == "direct":
                untagged, w_sum = 1.0, 1.0
            for c in mine:
                flight = c.last_day - c.first_day + 1
                w = market.share * ch.share * _template_of(c).weight / w_sum
                design.append((CHANNEL_INDEX[ch.name], mi, c.index, w * flight))
            if untagged > 0:
                w = market.share * ch.share * untagged / w_sum
                design.append((CHANNEL_INDEX[ch.name], mi, -1, w * days))
    total_w = sum(x[3] for x in design)

    rng = rng_for(seed, GLOBAL, "budgets")
    budget = np.zeros((days, len(campaigns)))
    # sources: (channel, market, campaign, caused, daily expected of regular players,
    # daily chaser weight)
    srcs: list[tuple[int, int, int, int]] = []
    normal: list[np.ndarray] = []
    chaser_w: list[np.ndarray] = []
    inc_shape: dict[int, tuple[np.ndarray, np.ndarray, float, float, np.ndarray]] = {}
    fallback_of: dict[int, int] = {}  # pass-through source -> where it goes when paused
    untagged_src: dict[tuple[int, int], int] = {}
    hi_rel = np.maximum(hi_usd / HIGH_JACKPOT_USD, 0.05) ** CHASER_HEAT_EXPONENT
    for ch_i, mi, ci, w in design:
        total = accounts * w / total_w
        base = baseline_shape(start, days, heat_rel[mi])
        if ci < 0:
            untagged_src[(ch_i, mi)] = len(srcs)
            srcs.append((ch_i, mi, -1, -1))
            normal.append(total * base / base.sum())
            chaser_w.append(total * hi_rel / days)
            continue
        c = campaigns[ci]
        t = _template_of(c)
        flight = ((d_idx >= c.first_day) & (d_idx <= c.last_day)).astype(float)
        inc = total * (t.incremental_share if c.paid else 0.0)
        passing = total - inc
        running = flight > 0
        if c.paid:
            ch = CHANNELS[ch_i]
            pausable = t.incremental_share >= 1.0
            shape = budget_shape(rng, c, days, heat_rel[mi], pausable)
            fx = USD_PER["EUR"] / USD_PER[c.currency]
            level = ch.cpr_eur * fx * total / max(int((shape > 0).sum()), 1)
            b = np.where(shape > 0, np.maximum(shape * level, BUDGET_MIN_EUR * fx), 0.0)
            budget[:, ci] = b
            running = b > 0
            ref = float(adstock(b, ch.adstock_decay)[running].mean())
            h = hill(adstock(b, ch.adstock_decay) / ref, ch.hill_half_saturation, ch.hill_shape)
            ad_heat = heat_rel[mi] ** AD_RESPONSE_HEAT_EXPONENT
            h = h * running * ad_heat
            inc_shape[len(srcs)] = (h, running, ref, inc, ad_heat)
            srcs.append((ch_i, mi, ci, ci))
            normal.append(inc * h / h.sum())
            chaser_w.append(inc * h / h.sum() * hi_rel)
        if passing > 0:
            if c.paid:
                fallback_of[len(srcs)] = CHANNEL_INDEX[
                    "organic" if c.channel == "paid_search" else "direct"
                ]
            srcs.append((ch_i, mi, ci, -1))
            shaped = base * flight
            normal.append(passing * shaped / shaped.sum())
            chaser_w.append(passing * flight / flight.sum() * hi_rel)
    w_normal = np.stack(normal, axis=1)
    w_chaser = np.stack(chaser_w, axis=1)
    # a paused pass-through campaign: its would-come-anyway signups come untagged instead
    for s, fb in fallback_of.items():
        ci, mi = srcs[s][2], srcs[s][1]
        paused = budget[:, ci] <= 0
        to = untagged_src[(fb, mi)]
        for w in (w_normal, w_chaser):
            w[paused, to] += w[paused, s]
            w[paused, s] = 0.0
    src_channel_a = np.array([x[0] for x in srcs])
    src_market_a = np.array([x[1] for x in srcs])
    src_campaign_a = np.array([x[2] for x in srcs])
    src_caused_a = np.array([x[3] for x in srcs])
    chaser_share = np.array([CHANNELS[c].chaser_share for c in src_channel_a])
    w_chaser = w_chaser * chaser_share
    share_total = w_normal.sum(axis=0)
    p_chaser = float((share_total * chaser_share).sum() / share_total.sum())
    n_norm, n_chase = float(w_normal.sum()), float(w_chaser.sum())
    expected = accounts * ((1 - p_chaser) * w_normal / n_norm + p_chaser * w_chaser / n_chase)

    # each acquisition budget costs its channel's cost per registration over all the
    # registrations that come through the campaign (caused or passing through), after
    # the chaser mix; scaling a budget and its reference level together leaves the
    # response curve's output unchanged
    budget_scale = np.ones(len(campaigns))
    for c in campaigns:
        if c.paid and c.role == "acquisition" and budget[:, c.index].sum() > 0:
            regs = expected[:, src_campaign_a == c.index].sum()
            fx = USD_PER["EUR"] / USD_PER[c.currency]
            cost = CHANNEL_BY_NAME[c.channel].cpr_eur * fx * regs
            budget_scale[c.index] = cost / budget[:, c.index].sum()
    budget = budget * budget_scale

    response: dict[int, CampaignResponse] = {}
    for s, (h, running, ref, inc, ad_heat) in inc_shape.items():
        c = campaigns[src_campaign_a[s]]
        ch = CHANNEL_BY_NAME[c.channel]
        ref = ref * budget_scale[c.index]
        scale = inc / h.sum()
        coef = (
            accounts
            * scale
            * ad_heat
            * ((1 - p_chaser) / n_norm + p_chaser * chaser_share[s] * hi_rel / n_chase)
        )
        response[c.index] = CampaignResponse(
            ch.adstock_decay, ch.hill_half_saturation, ch.hill_shape, ref, running, coef
        )

    cvr = np.array([CHANNELS[c].cvr for c in src_channel_a])
    vis_per_reg = np.where(src_campaign_a >= 0, (1 - cvr) / cvr, _UNTAGGED_VISITORS_PER_REG)
    # never-registered visitors' first visits follow the non-converting clicks; their
    # number per chunk is VISITOR_RATIO per account (tracked landings are a fraction of
    # clicks: consent banners, blockers)
    w_vis = expected * vis_per_reg

    def per_market(role: str, slug: str | None = None) -> np.ndarray:
        return np.array(
            [
                next(
                    c.index
                    for c in campaigns
                    if c.market == mi
                    and c.role == role
                    and (slug is None or _template_of(c).slug == slug)
                )
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
        budget=budget,
        src_channel=src_channel_a,
        src_market=src_market_a,
        src_campaign=src_campaign_a,
        src_caused=src_caused_a,
        p_chaser=p_chaser,
        cdf_normal=_cdf(w_normal),
        cdf_chaser=_cdf(w_chaser),
        cdf_visitor=_cdf(w_vis),
        expected_regs=expected,
        response=response,
        retargeting=per_market("retargeting"),
        crm=per_market("crm"),
        brand=per_market("acquisition", "brand"),
        affiliate=per_market("acquisition", "partners"),
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
    """Daily spend (the plan's budgets), impressions and clicks of every paid campaign on
    the days it runs. Acquisition clicks follow spend at the channel's cost per click
    (cost per registration x click-to-registration rate); retargeting and CRM budgets are
    their market's expected registrations times a cost per registration, and cause none."""
    rng = rng_for(seed, GLOBAL, "funnel_spend")
    regs_market = np.zeros((plan.days, len(MARKETS)))
    for s, mi in enumerate(plan.src_market):
        regs_market[:, mi] += plan.expected_regs[:, s]
    days_l, camp_l, spend_l, imp_l, clk_l = [], [], [], [], []
    for c in plan.campaigns:
        if not c.paid:
            continue
        ch = CHANNEL_BY_NAME[c.channel]
        fx = USD_PER["EUR"] / USD_PER[c.currency]
        if c.role == "acquisition":
            d = np.nonzero(plan.budget[:, c.index] > 0)[0]
            n = len(d)
            spend = plan.budget[d, c.index]
            clicks = spend / (ch.cpr_eur * ch.cvr * fx) * np.exp(rng.normal(0, 0.1, n))
            ctr = ch.ctr
        else:
            d = np.arange(c.first_day, c.last_day + 1)
            n = len(d)
            noise = np.exp(rng.normal(0, 0.15, n))
            per_reg, cpc = (
                (_RETARGETING_EUR_PER_REG, _RETARGETING_CPC_EUR)
                if c.role == "retargeting"
                else (_CRM_EUR_PER_REG, _CRM_CPC_EUR)
            )
            spend = np.maximum(regs_market[d, c.market] * per_reg * fx * noise, BUDGET_MIN_EUR * fx)
            clicks = spend / (cpc * fx) * np.exp(rng.normal(0, 0.1, n))
            ctr = 0.004 if c.role == "retargeting" else 0.03
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

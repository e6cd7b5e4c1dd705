"""Web visits and events of one chunk: accounts, never-registered visitors and bots.

Everything is built as *visits* first (who, which device, when, what happens), then
expanded into events. A visit is a burst of events seconds to minutes apart around a
pivot event (a landing page view, a signup or a login), optionally with transaction
events (deposit, purchase) at the exact times of the deposits/ticket_purchases rows.
Cookies come from devices: a device keeps its cookie, except Safari, whose cookie is
replaced when the device's last visit is more than 7 days old.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from lottery_analytics.generator import params as P
from lottery_analytics.generator.accounts import (
    COUNTRY_ROWS,
    DEVICE_TYPES,
    Accounts,
    local_time_of_day,
    sample_agents,
)
from lottery_analytics.generator.campaigns import ORGANIC, Plan
from lottery_analytics.generator.money import Money
from lottery_analytics.generator.sampling import Categorical, geometric0, normal_quantiles
from lottery_analytics.generator.sorting import lexsort, sort_stable, unique
from lottery_analytics.generator.timeutil import DAY, HOUR, utc_offset

# event types
PAGE_VIEW, SIGNUP, LOGIN, DEPOSIT, PURCHASE = range(5)
EVENT_TYPES = ("page_view", "signup", "login", "deposit", "purchase")
# visit actions
BROWSE, ACT_SIGNUP, ACT_LOGIN, ACT_CONTINUE = 0, 1, 2, 3  # continue: already logged in
# person kinds
ACCOUNT, VISITOR, BOT = 0, 1, 2

PAGES: tuple[str, ...] = (*P.SITE_PAGES, "/signup", "/login")
PAGE_SIGNUP = len(P.SITE_PAGES)
PAGE_LOGIN = PAGE_SIGNUP + 1
PAGE_DEPOSIT = P.SITE_PAGES.index("/account/deposit")
PAGE_CHECKOUT = P.SITE_PAGES.index("/checkout")
PAGE_HOME = P.SITE_PAGES.index("/")
PAGE_CDF = np.cumsum(P.SITE_PAGES_P) / np.sum(P.SITE_PAGES_P)
_PAGES = Categorical.from_cdf(PAGE_CDF, len(P.SITE_PAGES) - 1)

REFERRERS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [P.REFERRER_GOOGLE, P.REFERRER_BING, *[r for r in P.SOURCE_REFERRER.values() if r]]
    )
)
REF_GOOGLE, REF_BING = 0, 1
N_HUMAN_AGENTS = len(P.HUMAN_AGENTS)
AGENTS: tuple[str, ...] = tuple(a[4] for a in P.HUMAN_AGENTS) + tuple(b[2] for b in P.BOT_AGENTS)
AGENT_DEVICE_TYPE = np.array(
    [DEVICE_TYPES.index(a[0]) for a in P.HUMAN_AGENTS]
    + [DEVICE_TYPES.index(b[0]) for b in P.BOT_AGENTS]
)


@dataclass
class _Visits:
    """Visit columns accumulated block by block."""

    cols: dict[str, list[np.ndarray]] = field(default_factory=dict)

    def add(self, **kw: np.ndarray) -> None:
        n = len(kw["pivot_t"])
        for name in _VISIT_FIELDS:
            v = kw.get(name, _VISIT_DEFAULTS[name])
            arr = np.broadcast_to(np.asarray(v), (n,)) if np.ndim(v) == 0 else np.asarray(v)
            self.cols.setdefault(name, []).append(arr.astype(np.int64))

    def build(self) -> dict[str, np.ndarray]:
        return {k: np.concatenate(v) for k, v in self.cols.items()}


_VISIT_DEFAULTS: dict[str, int] = {
    "pkind": ACCOUNT,
    "pidx": 0,
    "device": 0,
    "pivot_t": 0,
    "action": BROWSE,
    "campaign": -1,
    "referrer": -1,
    "landing_page": -1,
    "occ": -1,
    "role": 0,  # 1: the account's first touch
}
_VISIT_FIELDS = tuple(_VISIT_DEFAULTS)


@dataclass
class VisitTable:
    """Per visit (humans first, then bots): what its events inherit."""

    cookie: np.ndarray  # chunk-local cookie index
    person: np.ndarray  # row in the chunk's people (accounts, visitors, bots)
    account: np.ndarray  # local account index, -1 for visitors and bots
    is_bot: np.ndarray
    agent: np.ndarray
    tz_rule: np.ndarray
    tz_std: np.ndarray
    referrer: np.ndarray  # of the landing event, -1 null
    campaign: np.ndarray  # utm campaign of the landing event, -1 null
    n_human: int


@dataclass
class WebChunk:
    """Events of a chunk (sorted by time), their visits, and what the truth needs."""

    event_t: np.ndarray
    event_type: np.ndarray
    page: np.ndarray
    visit: np.ndarray  # row in ``visits``
    logged: np.ndarray  # carries the account's user_id
    landing: np.ndarray  # carries the visit's referrer and UTM tags
    visits: VisitTable
    n_visitors: int
    n_bots: int
    signup_cookie: np.ndarray  # per account: cookie of the signup event, -1 none
    ft_landing_t: np.ndarray  # per account: time of the first-touch landing, -1 none
    ft_cookie: np.ndarray
    n_devices: np.ndarray  # per account: devices with events
    n_cookies: int

    @property
    def cookie(self) -> np.ndarray:
        return self.visits.cookie[self.visit]

    @property
    def user(self) -> np.ndarray:
        """Logged-in account (local index) or -1."""
        return np.where(self.logged, self.visits.account[self.visit], -1)

    @property
    def referrer(self) -> np.ndarray:
        return np.where(self.landing, self.visits.referrer[self.visit], -1)

    @property
    def campaign(self) -> np.ndarray:
        return np.where(self.landing, self.visits.campaign[self.visit], -1)

    @property
    def agent(self) -> np.ndarray:
        return self.visits.agent[self.visit]

    @property
    def person(self) -> np.ndarray:
        return self.visits.person[self.visit]

    @property
    def is_bot(self) -> np.ndarray:
        return self.visits.is_bot[self.visit]


def _gaps(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds between events of a visit: lognormal, clipped (a table of the clipped
    values at 65536 normal quantiles)."""
    return _gap_table()[rng.integers(0, 1 << 16, n, dtype=np.uint16)]


@lru_cache(maxsize=1)
def _gap_table() -> np.ndarray:
    g = P.EVENT_GAP_MEDIAN_S * np.exp(P.EVENT_GAP_SIGMA * normal_quantiles())
    return np.clip(g, 2, P.EVENT_GAP_MAX_S).astype(np.int64)


def _geom(rng: np.random.Generator, mean: float, n: int) -> np.ndarray:
    """Geometric counts on {0, 1, ...} with the given mean."""
    return geometric0(rng, mean, n)


def _group_cumsum(values: np.ndarray, group: np.ndarray) -> np.ndarray:
    if len(values) == 0:
        return values.copy()
    c = np.cumsum(values)
    start = np.r_[True, group[1:] != group[:-1]]
    start_idx = np.maximum.accumulate(np.where(start, np.arange(len(c)), 0))
    return c - (c[start_idx] - values[start_idx])


def _pick_device(
    rng: np.random.Generator, acc: Accounts, who: np.ndarray, primary_p: float = 0.7
) -> np.ndarray:
    """A device for each visit of account ``who``: the primary one or another usable one."""
    u = acc.usage
    usable = ~u.ft_only
    # usage rows are sorted by account with the primary first
    cnt = np.bincount(u.account[usable], minlength=acc.n)
    # usable rows per account, primary first (ft_only rows are never primary)
    idx_usable = np.nonzero(usable)[0]
    first_usable = np.searchsorted(u.account[idx_usable], np.arange(acc.n), side="left")
    k = cnt[who]
    pick_other = (k > 1) & (rng.random(len(who)) >= primary_p)
    j = np.where(pick_other, 1 + (rng.random(len(who)) * np.maximum(k - 1, 1)).astype(np.int64), 0)
    j = np.minimum(j, np.maximum(k - 1, 0))
    return u.device[idx_usable[first_usable[who] + j]]


def make_web(
    rng: np.random.Generator,
    acc: Accounts,
    money: Money,
    plan: Plan,
    n_visitors: int,
) -> WebChunk:
    n = acc.n
    t_end = plan.t0 + plan.days * DAY
    vis = _Visits()
    camps = plan.campaigns

    def organic_ref(k: int) -> np.ndarray:
        return np.where(rng.random(k) < 0.8, REF_GOOGLE, REF_BING)

    def untagged_landing(k: int) -> np.ndarray:
        return np.where(rng.random(k) < 0.6, PAGE_HOME, _random_pages(rng, k))

    # ---------------- first touch and signup ----------------
    ref_of_campaign = np.array(
        [REFERRERS.index(c.referrer) if c.referrer else -1 for c in camps] + [-1]
    )
    has_ft = acc.ft_web
    merged = (
        has_ft
        & (acc.platform == 0)
        & (acc.signup_t - acc.ft_t < 25 * 60)
        & (acc.ft_device == acc.primary_device)
    )
    ft_ref = np.where(
        acc.ft_tagged,
        ref_of_campaign[acc.campaign],
        np.where(acc.channel == ORGANIC, organic_ref(n), -1),
    )
    ft_camp = np.where(acc.ft_tagged, acc.campaign, -1)
    ft_page = np.where(acc.ft_tagged, -1, untagged_landing(n))
    sel = np.nonzero(has_ft)[0]
    vis.add(
        pidx=sel,
        device=acc.ft_device[sel],
        pivot_t=np.where(merged[sel], acc.signup_t[sel], acc.ft_t[sel]),
        action=np.where(merged[sel], ACT_SIGNUP, BROWSE),
        campaign=ft_camp[sel],
        referrer=ft_ref[sel],
        landing_page=ft_page[sel],
        role=1,
    )
    # separate signup visit (web signups not merged with the first touch)
    # Touches that cause nothing: some search the brand first and click the paid brand
    # ad when it runs; some pass through an affiliate (cashback) site just before.
    sel = np.nonzero((acc.platform == 0) & ~merged)[0]
    k = len(sel)
    signup_day = np.clip((acc.signup_t[sel] - plan.t0) // DAY, 0, plan.days - 1)
    brand = plan.brand[acc.market[sel]]
    brand_search = rng.random(k) < P.SIGNUP_BRAND_SEARCH_SHARE
    brand_ad = (
        brand_search
        & (rng.random(k) < P.BRAND_AD_CLICK_SHARE)
        & (plan.budget[signup_day, brand] > 0)
    )
    vis.add(
        pidx=sel,
        device=acc.primary_device[sel],
        pivot_t=acc.signup_t[sel],
        action=ACT_SIGNUP,
        campaign=np.where(brand_ad, brand, -1),
        referrer=np.where(
            brand_ad, ref_of_campaign[brand], np.where(brand_search, organic_ref(k), -1)
        ),
        landing_page=np.where(brand_ad, -1, PAGE_HOME),
    )
    lag = acc.signup_t[sel] - acc.ft_t[sel]
    aff = plan.affiliate[acc.market[sel]]
    passing = (
        (rng.random(k) < P.SIGNUP_AFFILIATE_PASS_SHARE)
        & (lag > HOUR)
        & (plan.budget[signup_day, aff] > 0)
    )
    before = rng.uniform(0.1, 0.9, k) * np.minimum(lag, 3 * HOUR)
    vis.add(
        pidx=sel[passing],
        device=acc.primary_device[sel[passing]],
        pivot_t=(acc.signup_t[sel] - before.astype(np.int64))[passing],
        campaign=aff[passing],
        referrer=ref_of_campaign[aff[passing]],
    )
    # a retargeting touch between a first visit and a signup more than a day later
    lag = acc.signup_t - acc.ft_t
    sel = np.nonzero(
        has_ft & (acc.platform == 0) & (lag > DAY) & (rng.random(n) < P.PRE_SIGNUP_TOUCH_PROB)
    )[0]
    vis.add(
        pidx=sel,
        device=acc.primary_device[sel],
        pivot_t=acc.ft_t[sel] + (rng.uniform(0.2, 0.9, len(sel)) * lag[sel]).astype(np.int64),
        campaign=plan.retargeting[acc.market[sel]],
        referrer=ref_of_campaign[plan.retargeting[acc.market[sel]]],
    )

    # ---------------- logins on further devices ----------------
    u = acc.usage
    extra = np.nonzero(~u.primary & ~u.ft_only)[0]
    ea = u.account[extra]
    is_ft_dev = u.device[extra] == acc.ft_device[ea]
    soon = acc.signup_t[ea] + (rng.uniform(0.1, 4.0, len(extra)) * DAY).astype(np.int64)
    horizon = np.maximum(money.active_until[ea], acc.signup_t[ea] + 30 * DAY)
    later = acc.signup_t[ea] + (
        rng.random(len(extra)) * (np.minimum(horizon, t_end) - acc.signup_t[ea])
    ).astype(np.int64)
    vis.add(
        pidx=ea,
        device=u.device[extra],
        pivot_t=np.where(is_ft_dev, soon, later),
        action=ACT_LOGIN,
        landing_page=untagged_landing(len(extra)),
    )
    # app signups who first came through the phone's browser log in there within days
    sel = np.nonzero((acc.platform == 1) & acc.ft_web & (rng.random(n) < P.APP_WEB_LOGIN_PROB))[0]
    vis.add(
        pidx=sel,
        device=acc.primary_device[sel],
        pivot_t=acc.signup_t[sel] + (rng.uniform(0.05, 2.0, len(sel)) * DAY).astype(np.int64),
        action=ACT_LOGIN,
        landing_page=untagged_landing(len(sel)),
    )

    # ---------------- touches before the first deposit (web signups) ----------------
    dep_lag = money.ftd_t - acc.signup_t
    sel = np.nonzero(
        (money.ftd_t >= 0)
        & (acc.platform == 0)
        & (dep_lag > HOUR)
        & (rng.random(n) < P.PRE_FTD_TOUCH_PROB)
    )[0]
    use_crm = rng.random(len(sel)) < 0.5
    camp = np.where(use_crm, plan.crm[acc.market[sel]], plan.retargeting[acc.market[sel]])
    vis.add(
        pidx=sel,
        device=acc.primary_device[sel],
        pivot_t=acc.signup_t[sel]
        + (rng.uniform(0.1, 0.95, len(sel)) * dep_lag[sel]).astype(np.int64),
        campaign=camp,
        referrer=ref_of_campaign[camp],
    )

    # ---------------- transaction visits (web occasions) ----------------
    web_occ = np.nonzero(money.occ_web)[0]
    oa = money.occ_acc[web_occ]
    k = len(web_occ)
    r = rng.random(k)
    is_first = money.occ_t[web_occ] == money.ftd_t[oa]
    camp = np.where(
        r < P.POST_FTD_EMAIL_SHARE,
        plan.crm[acc.market[oa]],
        np.where(
            r < P.POST_FTD_EMAIL_SHARE + P.POST_FTD_RETARGETING_SHARE,
            plan.retargeting[acc.market[oa]],
            -1,
        ),
    )
    camp = np.where(is_first, -1, camp)
    # login pivot: before the occasion's first transaction event
    first_txn_t = np.full(len(money.occ_t), np.iinfo(np.int64).max)
    np.minimum.at(first_txn_t, money.dep_occ, money.dep_t)
    np.minimum.at(first_txn_t, money.pur_occ, money.pur_t)
    txn_dev = _pick_device(rng, acc, oa, primary_p=0.75)
    # the first-deposit session continues on the signup device for web signups
    txn_dev = np.where(is_first & (acc.platform[oa] == 0), acc.primary_device[oa], txn_dev)
    # a first deposit within minutes of a web signup continues the signup visit: still
    # logged in, no new landing, no login
    cont = is_first & (acc.platform[oa] == 0) & (first_txn_t[web_occ] - acc.signup_t[oa] < 1200)
    pivot = first_txn_t[web_occ] - _gaps(rng, k)
    pivot = np.where(cont, np.maximum(pivot, acc.signup_t[oa] + 2), pivot)
    vis.add(
        pidx=oa,
        device=txn_dev,
        pivot_t=pivot,
        action=np.where(cont, ACT_CONTINUE, ACT_LOGIN),
        campaign=camp,
        referrer=np.where(camp >= 0, ref_of_campaign[np.maximum(camp, 0)], -1),
        landing_page=np.where(cont, PAGE_DEPOSIT, np.where(camp >= 0, -1, untagged_landing(k))),
        occ=web_occ,
    )

    # ---------------- anonymous browsing of account holders ----------------
    # results checks after web orders, on the same device
    chk = rng.random(k) < P.RESULTS_CHECK_P
    vis.add(
        pidx=oa[chk],
        device=txn_dev[chk],
        pivot_t=money.occ_t[web_occ[chk]]
        + (rng.uniform(0.3, 3.0, int(chk.sum())) * DAY).astype(np.int64),
        referrer=np.where(rng.random(int(chk.sum())) < 0.2, REF_GOOGLE, -1),
        landing_page=P.SITE_PAGES.index("/results"),
    )

    # ---------------- never-registered visitors ----------------
    n_acc_dev = len(acc.devices)
    vday, vsrc = plan.sample(plan.cdf_visitor, rng.random(n_visitors))
    vmarket = plan.src_market[vsrc]
    vchan = plan.src_channel[vsrc]
    vcamp = plan.src_campaign[vsrc]
    vcountry = _countries(rng, vmarket)
    vt_rule = np.array([r[3] for r in COUNTRY_ROWS])[vcountry]
    vt_std = np.array([r[4] for r in COUNTRY_ROWS])[vcountry]
    day_start = plan.t0 + vday * DAY
    v_t0 = (
        day_start
        + local_time_of_day(rng, n_visitors)
        - utc_offset(day_start + 12 * HOUR, vt_rule, vt_std)
    )
    v_t0 = np.clip(v_t0, plan.t0 + 60, t_end - HOUR)
    vdtype = np.minimum(
        np.searchsorted(
            np.cumsum(P.DEVICE_P) / np.sum(P.DEVICE_P), rng.random(n_visitors), "right"
        ),
        2,
    )
    vagent = sample_agents(rng, vdtype)
    vdev = n_acc_dev + np.arange(n_visitors)
    tv_tagged = rng.random(n_visitors) < P.TV_TAGGED_SHARE
    camp_is_tv = np.array([c.channel == "tv_brand" for c in camps] + [False])
    tagged = (vcamp >= 0) & (~camp_is_tv[vcamp] | tv_tagged)
    vis.add(
        pkind=VISITOR,
        pidx=np.arange(n_visitors),
        device=vdev,
        pivot_t=v_t0,
        campaign=np.where(tagged, vcamp, -1),
        referrer=np.where(
            tagged,
            ref_of_campaign[np.maximum(vcamp, 0)],
            np.where(vchan == ORGANIC, organic_ref(n_visitors), -1),
        ),
        landing_page=np.where(tagged, -1, untagged_landing(n_visitors)),
    )
    n_more = rng.poisson(P.VISITOR_EXTRA_VISITS, n_visitors)
    who = np.repeat(np.arange(n_visitors), n_more)
    gap = (rng.exponential(3.0, len(who)) * DAY + HOUR).astype(np.int64)
    t_more = v_t0[who] + _group_cumsum(gap, who)
    keep = t_more < t_end - HOUR
    who, t_more = who[keep], t_more[keep]
    kk = len(who)
    rt = rng.random(kk) < 0.2
    camp = np.where(rt, plan.retargeting[vmarket[who]], -1)
    vis.add(
        pkind=VISITOR,
        pidx=who,
        device=vdev[who],
        pivot_t=t_more,
        campaign=camp,
        referrer=np.where(
            rt, ref_of_campaign[np.maximum(camp, 0)], np.where(rng.random(kk) < 0.4, REF_GOOGLE, -1)
        ),
        landing_page=np.where(rt, -1, untagged_landing(kk)),
    )
    # family members who never register, on an account's family computer
    fam_dev = acc.family_visitor_device
    nf = len(fam_dev)
    fam_idx = n_visitors + np.arange(nf)
    fam_owner = np.searchsorted(acc.primary_device, fam_dev)
    nfv = 1 + rng.poisson(3.0, nf)
    who = np.repeat(np.arange(nf), nfv)
    vis.add(
        pkind=VISITOR,
        pidx=fam_idx[who],
        device=fam_dev[who],
        pivot_t=plan.t0 + (rng.random(len(who)) * (t_end - HOUR - plan.t0)).astype(np.int64),
        referrer=np.where(rng.random(len(who)) < 0.4, REF_GOOGLE, -1),
        landing_page=untagged_landing(len(who)),
    )
    n_people_vis = n_visitors + nf
    visitor_agent = np.concatenate([vagent, acc.devices.agent[fam_dev]])
    visitor_rule = np.concatenate([vt_rule, acc.tz_rule[fam_owner]])
    visitor_std = np.concatenate([vt_std, acc.tz_std[fam_owner]])

    # ---------------- expand human visits into events ----------------
    v = vis.build()
    keep = (v["pivot_t"] < t_end) & (v["pivot_t"] >= plan.t0)
    v = {k2: a[keep] for k2, a in v.items()}
    ev = _expand(rng, v, money, plan)
    nv = len(v["pivot_t"])

    # ---------------- bots ----------------
    n_human = len(ev["t"])
    share = P.BOT_EVENT_SHARE
    target = n_human * share / (1 - share)
    n_bot = round(target / P.BOT_PAGES_MEAN)
    bot_pages = 1 + _geom(rng, P.BOT_PAGES_MEAN - 1, n_bot)
    bw = np.array([b[1] for b in P.BOT_AGENTS])
    bagent = N_HUMAN_AGENTS + np.minimum(
        np.searchsorted(np.cumsum(bw) / bw.sum(), rng.random(n_bot), "right"), len(bw) - 1
    )
    bstart = plan.t0 + (rng.random(n_bot) * (t_end - HOUR - plan.t0)).astype(np.int64)
    bvis = np.repeat(np.arange(n_bot), bot_pages)
    bg = np.clip((rng.exponential(8.0, len(bvis)) + 1).astype(np.int64), 1, 600)
    bt = bstart[bvis] + _group_cumsum(bg, bvis)
    n_dev_h = int(v["device"].max()) + 1 if len(v["device"]) else n_acc_dev + n_visitors

    # ---------------- cookies: per device, Safari churn ----------------
    device_safari = np.zeros(n_dev_h, dtype=bool)
    device_safari[:n_acc_dev] = acc.devices.safari
    device_safari[n_acc_dev : n_acc_dev + n_visitors] = np.array(
        [P.HUMAN_AGENTS[a][2] for a in range(N_HUMAN_AGENTS)]
    )[vagent]
    vstart, vend = ev["vstart"], ev["vend"]
    order = lexsort((vstart, v["device"]))
    dev_o = v["device"][order]
    new_dev = np.r_[True, dev_o[1:] != dev_o[:-1]]
    prev_end = np.r_[0, vend[order][:-1]]
    churn = device_safari[dev_o] & (vstart[order] - prev_end > P.SAFARI_COOKIE_DAYS * DAY)
    new_cookie = new_dev | (~new_dev & churn)
    cookie_o = np.cumsum(new_cookie) - 1
    visit_cookie = np.empty(len(order), dtype=np.int64)
    visit_cookie[order] = cookie_o
    n_cookie_h = int(cookie_o[-1]) + 1 if len(cookie_o) else 0

    # ---------------- visits: humans, then bots ----------------
    pk, pi, dev = v["pkind"], v["pidx"], v["device"]
    is_acc = pk == ACCOUNT
    acc_dev = dev < n_acc_dev
    agent_h = np.where(
        acc_dev,
        acc.devices.agent[np.where(acc_dev, dev, 0)],
        visitor_agent[np.where(acc_dev, 0, pi)],
    )
    rule_h = np.where(
        is_acc, acc.tz_rule[np.where(is_acc, pi, 0)], visitor_rule[np.where(is_acc, 0, pi)]
    )
    std_h = np.where(
        is_acc, acc.tz_std[np.where(is_acc, pi, 0)], visitor_std[np.where(is_acc, 0, pi)]
    )
    n_acc = acc.n
    person_h = np.where(is_acc, pi, n_acc + pi)
    visits = VisitTable(
        cookie=np.concatenate([visit_cookie, n_cookie_h + np.arange(n_bot)]).astype(np.int32),
        person=np.concatenate([person_h, n_acc + n_people_vis + np.arange(n_bot)]).astype(np.int32),
        account=np.concatenate([np.where(is_acc, pi, -1), np.full(n_bot, -1)]).astype(np.int32),
        is_bot=np.concatenate([np.zeros(nv, bool), np.ones(n_bot, bool)]),
        agent=np.concatenate([agent_h, bagent]).astype(np.int16),
        tz_rule=np.concatenate([rule_h, np.zeros(n_bot, np.int64)]).astype(np.int8),
        tz_std=np.concatenate([std_h, np.zeros(n_bot, np.int64)]).astype(np.int8),
        referrer=np.concatenate([v["referrer"], np.full(n_bot, -1)]).astype(np.int16),
        campaign=np.concatenate([v["campaign"], np.full(n_bot, -1)]).astype(np.int16),
        n_human=nv,
    )

    # ---------------- all events, in time order ----------------
    nb_ev = len(bvis)
    t_all = np.concatenate([ev["t"], bt])
    order, event_t = sort_stable(t_all)
    bot_pages_url = _random_pages(rng, nb_ev)
    ev_visit = np.concatenate([ev["visit"], (nv + bvis).astype(np.int32)])[order]
    logged = np.concatenate([ev["logged"], np.zeros(nb_ev, bool)])[order]
    landing = np.concatenate([ev["landing"], np.zeros(nb_ev, bool)])[order]
    web = WebChunk(
        event_t=event_t,
        event_type=np.concatenate([ev["type"], np.zeros(nb_ev, np.int8)])[order],
        page=np.concatenate([ev["page"], bot_pages_url.astype(np.int16)])[order],
        visit=ev_visit,
        logged=logged,
        landing=landing,
        visits=visits,
        n_visitors=n_people_vis,
        n_bots=n_bot,
        signup_cookie=np.full(n, -1, dtype=np.int64),
        ft_landing_t=np.full(n, -1, dtype=np.int64),
        ft_cookie=np.full(n, -1, dtype=np.int64),
        n_devices=np.zeros(n, dtype=np.int64),
        n_cookies=n_cookie_h + n_bot,
    )
    # per-account truth from the visits
    su = ev["type"] == SIGNUP
    su_visit = ev["visit"][su]
    web.signup_cookie[v["pidx"][su_visit]] = visit_cookie[su_visit]
    ft_vis = np.nonzero(v["role"] == 1)[0]
    web.ft_landing_t[v["pidx"][ft_vis]] = vstart[ft_vis]
    web.ft_cookie[v["pidx"][ft_vis]] = visit_cookie[ft_vis]
    acc_vis = v["pkind"] == ACCOUNT
    width = np.int64(max(int(v["device"].max(initial=0)) + 1, 1))
    key = unique(v["pidx"][acc_vis] * width + v["device"][acc_vis])
    web.n_devices[:] = np.bincount(key // width, minlength=n)
    return web


def _random_pages(rng: np.random.Generator, k: int) -> np.ndarray:
    return _PAGES.from_uniform(rng.random(k))


def _countries(rng: np.random.Generator, market: np.ndarray) -> np.ndarray:
    out = np.empty(len(market), dtype=np.int64)
    for mi in range(len(P.MARKETS)):
        rows = [i for i, r in enumerate(COUNTRY_ROWS) if r[0] == mi]
        w = np.array([COUNTRY_ROWS[i][2] for i in rows])
        sel = market == mi
        pick = np.searchsorted(np.cumsum(w) / w.sum(), rng.random(int(sel.sum())), "right")
        out[sel] = np.array(rows)[np.minimum(pick, len(rows) - 1)]
    return out


def _expand(
    rng: np.random.Generator, v: dict[str, np.ndarray], money: Money, plan: Plan
) -> dict[str, np.ndarray]:
    """Events of human visits: pre pages, pivot, transactions, post pages.

    Per event: ``visit``, ``t``, ``type``, ``page``, ``logged`` (carries the account's
    user_id) and ``landing`` (carries the visit's referrer and UTM tags); per visit
    ``vstart`` and ``vend``.
    """
    nv = len(v["pivot_t"])
    action = v["action"]
    pivot_t = v["pivot_t"]
    # transactions of web occasions, mapped to their visit
    occ_visit = np.full(len(money.occ_t), -1, dtype=np.int64)
    has_occ = v["occ"] >= 0
    occ_visit[v["occ"][has_occ]] = np.nonzero(has_occ)[0]
    d_vis = occ_visit[money.dep_occ]
    p_vis = occ_visit[money.pur_occ]
    dsel, psel = d_vis >= 0, p_vis >= 0
    txn_visit = np.concatenate([d_vis[dsel], p_vis[psel]])
    txn_t = np.concatenate([money.dep_t[dsel], money.pur_t[psel]])
    n_dep_txn = int(dsel.sum())
    end_t = pivot_t.copy()
    if len(txn_t):
        np.maximum.at(end_t, txn_visit, txn_t)

    browse = action == BROWSE
    n_pre = np.where(browse | (action == ACT_CONTINUE), 0, 1 + _geom(rng, P.PRE_PAGES_MEAN - 1, nv))
    n_post = np.where(
        browse,
        _geom(rng, P.BROWSE_PAGES_MEAN, nv),
        _geom(rng, P.POST_PAGES_MEAN, nv),
    )
    # pre events (before the pivot), rank 0 is the landing
    pre_v = np.repeat(np.arange(nv), n_pre)
    g = _gaps(rng, len(pre_v))
    csum = _group_cumsum(g, pre_v)
    total = np.bincount(pre_v, weights=g, minlength=nv).astype(np.int64)
    pre_t = pivot_t[pre_v] - (total[pre_v] - csum + g)
    pre_first = np.cumsum(n_pre) - n_pre
    # post events
    post_v = np.repeat(np.arange(nv), n_post)
    g2 = _gaps(rng, len(post_v))
    post_t = end_t[post_v] + _group_cumsum(g2, post_v)
    post_total = np.bincount(post_v, weights=g2, minlength=nv).astype(np.int64)

    vstart = pivot_t - total
    vend = end_t + post_total

    n_pre_ev, n_txn, n_post_ev = len(pre_v), len(txn_visit), len(post_v)
    n_ev = n_pre_ev + nv + n_txn + n_post_ev
    visit = np.concatenate([pre_v, np.arange(nv), txn_visit, post_v]).astype(np.int32)
    t = np.concatenate([pre_t, pivot_t, txn_t, post_t])
    etype = np.zeros(n_ev, dtype=np.int8)  # page views
    piv = slice(n_pre_ev, n_pre_ev + nv)
    etype[piv][action == ACT_SIGNUP] = SIGNUP
    etype[piv][action == ACT_LOGIN] = LOGIN
    etype[piv.stop : piv.stop + n_dep_txn] = DEPOSIT
    etype[piv.stop + n_dep_txn : piv.stop + n_txn] = PURCHASE
    logged = np.zeros(n_ev, dtype=bool)
    logged[piv] = ~browse
    logged[piv.stop : piv.stop + n_txn] = True
    logged[piv.stop + n_txn :] = (~browse)[post_v]
    landing = np.zeros(n_ev, dtype=bool)
    landing[pre_first[n_pre > 0]] = True
    landing[piv] = n_pre == 0
    landing[piv][action == ACT_CONTINUE] = False

    # pages: the landing page (the campaign's URL with its UTM query when tagged, else
    # the visit's landing page, else a random one), the action's page, random pages
    page = _random_pages(rng, n_ev).astype(np.int16)
    lv = visit[landing]
    camp = v["campaign"][lv]
    lp = v["landing_page"][lv]
    page[landing] = np.where(camp >= 0, len(PAGES) + camp, np.where(lp >= 0, lp, page[landing]))
    piv_page = page[piv]
    cont = action == ACT_CONTINUE
    piv_page[cont] = np.where(v["landing_page"][cont] >= 0, v["landing_page"][cont], piv_page[cont])
    piv_page[action == ACT_SIGNUP] = PAGE_SIGNUP
    piv_page[action == ACT_LOGIN] = PAGE_LOGIN
    page[piv.stop : piv.stop + n_dep_txn] = PAGE_DEPOSIT
    page[piv.stop + n_dep_txn : piv.stop + n_txn] = PAGE_CHECKOUT
    # nothing after the window: trailing page views of the last visits are cut
    inside = t < plan.t0 + plan.days * DAY
    if inside.all():
        return {
            "visit": visit,
            "t": t,
            "type": etype,
            "page": page,
            "logged": logged,
            "landing": landing,
            "vstart": vstart,
            "vend": vend,
        }
    return {
        "visit": visit[inside],
        "t": t[inside],
        "type": etype[inside],
        "page": page[inside],
        "logged": logged[inside],
        "landing": landing[inside],
        "vstart": vstart,
        "vend": vend,
    }

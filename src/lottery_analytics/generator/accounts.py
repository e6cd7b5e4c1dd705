"""Accounts of one chunk: acquisition, first touch, signup, devices, identity details.

Each account samples its first-touch day and source (campaign, organic or direct, per
market) from the run-wide plan, so that signups follow jackpot heat and campaign
flights; jackpot chasers sample from their own, much more heat-driven, plan.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lottery_analytics.generator import params as P
from lottery_analytics.generator.campaigns import TV, Plan
from lottery_analytics.generator.sampling import Categorical
from lottery_analytics.generator.sorting import lexsort
from lottery_analytics.generator.timeutil import DAY, HOUR, utc_offset

#: flattened country table: (market index, country, weight, tz rule, std offset hours)
COUNTRY_ROWS: list[tuple[int, str, float, int, int]] = [
    (mi, c, w, rule, std) for mi, m in enumerate(P.MARKETS) for (c, w, rule, std) in m.countries
]
COUNTRY_CODES: list[str] = [r[1] for r in COUNTRY_ROWS]
DEVICE_TYPES = ("desktop", "mobile", "tablet")
AGENT_DEVICE = np.array([DEVICE_TYPES.index(a[0]) for a in P.HUMAN_AGENTS])
AGENT_SAFARI = np.array([a[2] for a in P.HUMAN_AGENTS])

#: share of signups by local hour of day (evenings peak; assumption)
_HOUR_W = np.array(
    [
        1.2,
        0.7,
        0.4,
        0.3,
        0.3,
        0.4,
        0.8,
        1.5,
        2.3,
        2.9,
        3.3,
        3.6,
        4.0,
        4.0,
        3.9,
        4.0,
        4.4,
        5.0,
        5.9,
        6.8,
        7.3,
        7.0,
        5.5,
        3.0,
    ]
)
HOUR_CDF = np.cumsum(_HOUR_W) / _HOUR_W.sum()


def sample_mixture(
    rng: np.random.Generator, n: int, mix: tuple[tuple[float, float, float], ...]
) -> np.ndarray:
    """Lognormal mixture of (probability, median, sigma) components."""
    probs = np.array([m[0] for m in mix])
    comp = np.searchsorted(np.cumsum(probs) / probs.sum(), rng.random(n), side="right")
    comp = np.minimum(comp, len(mix) - 1)
    med = np.array([m[1] for m in mix])[comp]
    sig = np.array([m[2] for m in mix])[comp]
    return med * np.exp(sig * rng.standard_normal(n))


def sample_agents(rng: np.random.Generator, device_type: np.ndarray) -> np.ndarray:
    """A human user agent index for each device type."""
    out = np.empty(len(device_type), dtype=np.int64)
    for d in range(len(DEVICE_TYPES)):
        rows = np.nonzero(d == AGENT_DEVICE)[0]
        sel = device_type == d
        pick = _AGENTS_BY_DEVICE[d].from_uniform(rng.random(int(sel.sum())))
        out[sel] = rows[pick]
    return out


_AGENTS_BY_DEVICE = []
for _d in range(len(DEVICE_TYPES)):
    _w = np.array([a[3] for a in P.HUMAN_AGENTS if DEVICE_TYPES.index(a[0]) == _d])
    _AGENTS_BY_DEVICE.append(Categorical.from_cdf(np.cumsum(_w) / _w.sum(), len(_w) - 1))


def local_time_of_day(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds after local midnight, following the hourly profile."""
    hour = np.minimum(np.searchsorted(HOUR_CDF, rng.random(n), side="right"), 23)
    return hour * HOUR + rng.integers(0, HOUR, n)


@dataclass
class Devices:
    """Web devices (browsers) of a chunk's people; ``key`` is the row index."""

    device_type: np.ndarray
    agent: np.ndarray
    safari: np.ndarray

    def __len__(self) -> int:
        return len(self.device_type)


@dataclass
class Usage:
    """Which person uses which device (a family device has two users)."""

    account: np.ndarray  # local account index
    device: np.ndarray  # device key
    primary: np.ndarray  # the account's signup/primary device
    ft_only: np.ndarray  # first-touch device never logged in on (unstitchable)
    foreign: np.ndarray  # another account's family computer


@dataclass
class Accounts:
    n: int
    gidx: np.ndarray
    is_chaser: np.ndarray
    day: np.ndarray  # first-touch day index
    source: np.ndarray
    channel: np.ndarray
    market: np.ndarray
    campaign: np.ndarray  # acquiring campaign index or -1
    caused: np.ndarray  # campaign whose spend caused the signup, -1: would have come anyway
    country: np.ndarray  # index into COUNTRY_ROWS
    tz_rule: np.ndarray
    tz_std: np.ndarray
    ft_t: np.ndarray
    signup_t: np.ndarray
    platform: np.ndarray  # 0 web, 1 app
    ft_web: np.ndarray  # the first touch is a web visit
    ft_tagged: np.ndarray  # that visit lands with UTM tags
    ft_device: np.ndarray  # device key of the first touch (-1: none)
    primary_device: np.ndarray  # device key
    n_devices: np.ndarray
    dob_days: np.ndarray
    first_name: np.ndarray
    last_name: np.ndarray
    email_domain: np.ndarray
    devices: Devices
    usage: Usage
    family_visitor_device: np.ndarray  # device keys used by never-registered family members
    invalid: np.ndarray  # the signup row carries rejecting dirt
    signup_dirt: dict[str, np.ndarray]


SIGNUP_REJECTING = ("unparseable_timestamp", "unknown_country", "under_age", "null_date_of_birth")
SIGNUP_CLEANED = ("email_case_spaces", "country_case_spaces", "device_case")


def make_accounts(
    rng: np.random.Generator,
    dirt_rng: np.random.Generator,
    plan: Plan,
    lo: int,
    hi: int,
    rates: dict[str, float],
) -> Accounts:
    n = hi - lo
    gidx = np.arange(lo, hi, dtype=np.int64)
    is_chaser = rng.random(n) < plan.p_chaser
    day = np.empty(n, dtype=np.int64)
    src = np.empty(n, dtype=np.int64)
    for flag, cdf in ((False, plan.cdf_normal), (True, plan.cdf_chaser)):
        sel = is_chaser == flag
        d, s = plan.sample(cdf, rng.random(int(sel.sum())))
        day[sel], src[sel] = d, s
    channel = plan.src_channel[src]
    market = plan.src_market[src]
    campaign = plan.src_campaign[src]
    caused = plan.src_caused[src]

    # country and time zone within the market
    country = np.empty(n, dtype=np.int64)
    for mi in range(len(P.MARKETS)):
        rows = [i for i, r in enumerate(COUNTRY_ROWS) if r[0] == mi]
        w = np.array([COUNTRY_ROWS[i][2] for i in rows])
        sel = market == mi
        pick = np.searchsorted(np.cumsum(w) / w.sum(), rng.random(int(sel.sum())), side="right")
        country[sel] = np.array(rows)[np.minimum(pick, len(rows) - 1)]
    tz_rule = np.array([r[3] for r in COUNTRY_ROWS])[country]
    tz_std = np.array([r[4] for r in COUNTRY_ROWS])[country]

    # first touch at a local time of its day; signup after a lag, inside the window
    t_end = plan.t0 + plan.days * DAY
    day_start = plan.t0 + day * DAY
    off = utc_offset(day_start + 12 * HOUR, tz_rule, tz_std)
    ft_t = day_start + local_time_of_day(rng, n) - off
    ft_t = np.clip(ft_t, plan.t0 + 60, t_end - 3600)
    lag = _signup_lag(rng, n, is_chaser)
    room = t_end - 60 - ft_t
    lag = np.where(lag < room, lag, room * rng.uniform(0.05, 0.95, n))
    signup_t = ft_t + np.maximum(lag, 20).astype(np.int64)

    chans = P.CHANNELS
    app_share = np.array([c.app_share for c in chans])[channel]
    platform = (rng.random(n) < app_share).astype(np.int8)
    # the first touch: a web visit unless an app signup came straight from an app store
    ft_web = (platform == 0) | (rng.random(n) < P.APP_WEB_FIRST_TOUCH)
    tagged_source = campaign >= 0
    tv = channel == TV
    ft_tagged = ft_web & tagged_source & (~tv | (rng.random(n) < P.TV_TAGGED_SHARE))

    # devices: primary (signup device: the phone for app signups), extra devices
    p_dev = np.array(P.N_DEVICES_P)
    n_dev = 1 + np.searchsorted(np.cumsum(p_dev) / p_dev.sum(), rng.random(n), side="right")
    n_dev = np.minimum(n_dev, len(p_dev))
    dev_p = np.cumsum(P.DEVICE_P) / np.sum(P.DEVICE_P)
    total_dev = int(n_dev.sum())
    dev_owner = np.repeat(np.arange(n), n_dev)
    first_of = np.concatenate([[0], np.cumsum(n_dev)[:-1]])
    dev_rank = np.arange(total_dev) - first_of[dev_owner]
    dtype = Categorical.from_cdf(dev_p, 2).from_uniform(rng.random(total_dev)).astype(np.int64)
    primary_rows = first_of
    dtype[primary_rows[platform == 1]] = 1  # app signups: phone
    agent = sample_agents(rng, dtype)
    devices = Devices(dtype.astype(np.int64), agent, AGENT_SAFARI[agent])
    ft_other = (n_dev > 1) & (rng.random(n) < P.FIRST_TOUCH_OTHER_DEVICE) & (platform == 0)
    ft_device = np.where(ft_other, first_of + 1, first_of)
    ft_device = np.where(ft_web, ft_device, -1)
    ft_only_dev = np.zeros(total_dev, dtype=bool)
    never = ft_other & (rng.random(n) < P.OTHER_DEVICE_NEVER_LOGIN)
    ft_only_dev[(first_of + 1)[never]] = True

    u_acc = [dev_owner]
    u_dev = [np.arange(total_dev)]
    u_primary = [dev_rank == 0]
    u_ftonly = [ft_only_dev]
    u_foreign = [np.zeros(total_dev, dtype=bool)]

    # family computers: a non-Safari desktop primary device used by a second person
    cand = np.nonzero(
        (dtype[primary_rows] == 0) & (~devices.safari[primary_rows]) & (platform == 0)
    )[0]
    p_cand = min(1.0, P.FAMILY_DEVICE_SHARE * n / max(len(cand), 1))
    fam = cand[rng.random(len(cand)) < p_cand]
    co_acc = rng.random(len(fam)) < P.FAMILY_CO_ACCOUNT_SHARE
    fam_acc = fam[co_acc]
    family_visitor_device = primary_rows[fam[~co_acc]]
    if len(fam_acc) and n > 1:
        partner = (fam_acc + rng.integers(1, n, len(fam_acc))) % n
        # one family computer per partner at most
        _, first = np.unique(partner, return_index=True)
        fam_acc, partner = fam_acc[first], partner[first]
        u_acc.append(partner)
        u_dev.append(primary_rows[fam_acc])
        u_primary.append(np.zeros(len(partner), dtype=bool))
        u_ftonly.append(np.zeros(len(partner), dtype=bool))
        u_foreign.append(np.ones(len(partner), dtype=bool))
        n_dev = n_dev + np.bincount(partner, minlength=n)
    usage = Usage(
        account=np.concatenate(u_acc),
        device=np.concatenate(u_dev),
        primary=np.concatenate(u_primary),
        ft_only=np.concatenate(u_ftonly),
        foreign=np.concatenate(u_foreign),
    )
    order = lexsort((~usage.primary, usage.account))
    usage = Usage(*(getattr(usage, f)[order] for f in usage.__dataclass_fields__))

    age_years = np.clip(rng.normal(P.AGE_MEDIAN, 13.0, n), P.AGE_MIN + 0.2, P.AGE_MAX)
    signup_day = signup_t // DAY
    dob_days = (signup_day - age_years * 365.25).astype(np.int64)

    # signup dirt, decided here because rejected signups never transact
    dirt = {}
    for kind in (*SIGNUP_REJECTING, *SIGNUP_CLEANED, "redelivered"):
        dirt[kind] = dirt_rng.random(n) < rates.get(f"signups.{kind}", 0.0)
    dirt["under_age"] &= ~dirt["null_date_of_birth"]  # one date of birth per row
    invalid = np.zeros(n, dtype=bool)
    for kind in SIGNUP_REJECTING:
        invalid |= dirt[kind]

    return Accounts(
        n=n,
        gidx=gidx,
        is_chaser=is_chaser,
        day=day,
        source=src,
        channel=channel,
        market=market,
        campaign=campaign,
        caused=caused,
        country=country,
        tz_rule=tz_rule,
        tz_std=tz_std,
        ft_t=ft_t,
        signup_t=signup_t,
        platform=platform,
        ft_web=ft_web,
        ft_tagged=ft_tagged,
        ft_device=ft_device,
        primary_device=primary_rows,
        n_devices=n_dev,
        dob_days=dob_days,
        first_name=rng.integers(0, len(P.FIRST_NAMES), n),
        last_name=rng.integers(0, len(P.LAST_NAMES), n),
        email_domain=rng.integers(0, len(P.EMAIL_DOMAINS), n),
        devices=devices,
        usage=usage,
        family_visitor_device=family_visitor_device,
        invalid=invalid,
        signup_dirt=dirt,
    )


def _signup_lag(rng: np.random.Generator, n: int, is_chaser: np.ndarray) -> np.ndarray:
    lag = sample_mixture(rng, n, P.SIGNUP_LAG_MIX)
    # chasers sign up fast: the draw is soon
    return np.where(is_chaser, np.minimum(lag, 2 * DAY), lag)

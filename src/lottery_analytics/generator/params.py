"""Every realism constant of the generator, with where it comes from.

Figures marked *public* come from published sources (see docs/generator.md, "Sources"):
game rules (prices, odds, draw days, caps, starting jackpots) are the lotteries' own
published rules; demand curves for Powerball and Mega Millions are fits to the
per-draw sales the lotteries publish. Figures marked *assumption* are plausible choices
documented as such; they are parameters, not facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# --------------------------------------------------------------------------------------
# Games
# --------------------------------------------------------------------------------------

#: Weekday numbers as in `datetime.date.weekday()`.
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

#: Time-zone rule ids used by :mod:`lottery_analytics.generator.timeutil`.
TZ_NONE, TZ_US, TZ_EU = 0, 1, 2


@dataclass(frozen=True)
class GameEra:
    """One game under one set of rules (price, odds, draw days, start, cap).

    ``valid_from`` is the first draw date (local) the era applies to; an era lasts until
    the next era of the same game starts.
    """

    valid_from: dt.date
    ticket_price: float
    odds: int  # jackpot odds are 1 in `odds` per play
    start_jackpot: float
    cap: float | None
    #: local draw weekday -> (hour, minute) local time
    draw_times: dict[int, tuple[int, int]]
    #: plays at weekday ratio 1.0 when the jackpot is far below J0 (national, per draw)
    base_plays: float
    #: weekday -> demand ratio relative to the base weekday (1.0)
    weekday_ratio: dict[int, float]
    #: knee of the demand curve (currency units): plays x (1 + (J/J0)^k)
    j0: float
    k: float
    #: growth of the advertised jackpot per play, in currency units
    contribution_per_play: float


@dataclass(frozen=True)
class Game:
    """A lottery game: its name in `games.game_name`, id slug, currency and eras."""

    name: str
    slug: str
    currency: str
    tz_rule: int
    tz_std_offset_hours: int
    eras: tuple[GameEra, ...]
    #: advertised jackpots are rounded to this unit
    rounding: float = 1_000_000.0
    noise_sigma: float = 0.07

    def era_at(self, day: dt.date) -> GameEra:
        current = self.eras[0]
        for era in self.eras:
            if era.valid_from <= day:
                current = era
        return current


_PB_TIME = (22, 59)  # Powerball draw: 10:59 pm Eastern (public)
_MM_TIME = (23, 0)  # Mega Millions draw: 11:00 pm Eastern (public)

GAMES: tuple[Game, ...] = (
    Game(
        name="Powerball",
        slug="powerball",
        currency="USD",
        tz_rule=TZ_US,
        tz_std_offset_hours=-5,
        eras=(
            # public: $2 since 2012, 1 in 292,201,338 since 2015-10-07, $20M starting
            # jackpot; Wed/Sat draws, Monday draws added from 2021-08-23.
            # demand: base 12.1M plays on Saturdays, Mon x0.65, Wed x0.74,
            # J0 = $545M, k = 2.6 (fit to the published 2025-26 per-draw sales).
            GameEra(
                valid_from=dt.date(2015, 10, 7),
                ticket_price=2.0,
                odds=292_201_338,
                start_jackpot=20e6,
                cap=None,
                draw_times={WED: _PB_TIME, SAT: _PB_TIME},
                base_plays=12.1e6,
                weekday_ratio={MON: 0.65, WED: 0.74, SAT: 1.0},
                j0=545e6,
                k=2.6,
                contribution_per_play=1.35,
            ),
            GameEra(
                valid_from=dt.date(2021, 8, 23),
                ticket_price=2.0,
                odds=292_201_338,
                start_jackpot=20e6,
                cap=None,
                draw_times={MON: _PB_TIME, WED: _PB_TIME, SAT: _PB_TIME},
                base_plays=12.1e6,
                weekday_ratio={MON: 0.65, WED: 0.74, SAT: 1.0},
                j0=545e6,
                k=2.6,
                contribution_per_play=1.35,
            ),
        ),
    ),
    Game(
        name="Mega Millions",
        slug="mega-millions",
        currency="USD",
        tz_rule=TZ_US,
        tz_std_offset_hours=-5,
        eras=(
            # public: $2 and 1 in 302,575,350 from 2017-10-31, $20M starting jackpot.
            # assumption: base 8.7M plays on Fridays, J0 $500M, k 2.4.
            GameEra(
                valid_from=dt.date(2017, 10, 31),
                ticket_price=2.0,
                odds=302_575_350,
                start_jackpot=20e6,
                cap=None,
                draw_times={TUE: _MM_TIME, FRI: _MM_TIME},
                base_plays=8.7e6,
                weekday_ratio={TUE: 0.92, FRI: 1.0},
                j0=500e6,
                k=2.4,
                contribution_per_play=1.25,
            ),
            # public: $5, 1 in 290,472,336 and $50M starting jackpot from 2025-04-08.
            # demand: base 4.9M plays, J0 $614M, k 2.4 (fit to published sales).
            GameEra(
                valid_from=dt.date(2025, 4, 8),
                ticket_price=5.0,
                odds=290_472_336,
                start_jackpot=50e6,
                cap=None,
                draw_times={TUE: _MM_TIME, FRI: _MM_TIME},
                base_plays=4.9e6,
                weekday_ratio={TUE: 0.92, FRI: 1.0},
                j0=614e6,
                k=2.4,
                contribution_per_play=2.3,
            ),
        ),
    ),
    Game(
        name="EuroMillions",
        slug="euromillions",
        currency="EUR",
        tz_rule=TZ_EU,
        tz_std_offset_hours=1,
        eras=(
            # public: EUR 2.50 (France/Belgium etc. since 2020), 5/50 + 2/12 = 1 in
            # 139,838,160, EUR 17M starting jackpot, cap EUR 250M, Tue/Fri 21:00 Paris.
            # assumption: base 24M plays on Fridays, Tue x0.80, J0 EUR 130M, k 1.8.
            GameEra(
                valid_from=dt.date(2016, 9, 24),
                ticket_price=2.5,
                odds=139_838_160,
                start_jackpot=17e6,
                cap=250e6,
                draw_times={TUE: (21, 0), FRI: (21, 0)},
                base_plays=24e6,
                weekday_ratio={TUE: 0.80, FRI: 1.0},
                j0=130e6,
                k=1.8,
                contribution_per_play=0.55,
            ),
        ),
    ),
    Game(
        name="EuroJackpot",
        slug="eurojackpot",
        currency="EUR",
        tz_rule=TZ_EU,
        tz_std_offset_hours=1,
        eras=(
            # public: EUR 2, 5/50 + 2/10 = 1 in 95,344,200, cap EUR 90M, Fridays only.
            GameEra(
                valid_from=dt.date(2014, 10, 10),
                ticket_price=2.0,
                odds=95_344_200,
                start_jackpot=10e6,
                cap=90e6,
                draw_times={FRI: (21, 0)},
                base_plays=16e6,
                weekday_ratio={FRI: 1.0},
                j0=70e6,
                k=1.8,
                contribution_per_play=0.36,
            ),
            # public: from 2022-03-25 5/50 + 2/12 = 1 in 139,838,160, cap EUR 120M,
            # Tuesday draws added. assumption: Tue x0.62, J0 EUR 70M, k 1.8.
            GameEra(
                valid_from=dt.date(2022, 3, 25),
                ticket_price=2.0,
                odds=139_838_160,
                start_jackpot=10e6,
                cap=120e6,
                draw_times={TUE: (21, 0), FRI: (21, 0)},
                base_plays=16e6,
                weekday_ratio={TUE: 0.62, FRI: 1.0},
                j0=70e6,
                k=1.8,
                contribution_per_play=0.36,
            ),
        ),
        rounding=1_000_000.0,
    ),
    Game(
        name="Lotto 6aus49",
        slug="lotto-6aus49",
        currency="EUR",
        tz_rule=TZ_EU,
        tz_std_offset_hours=1,
        eras=(
            # public: EUR 1.00 per line before 2020-09-23, 6/49 + Superzahl 0-9 =
            # 1 in 139,838,160, EUR 1M minimum jackpot, Wed 18:25 / Sat 19:25.
            # jackpot class 1 = 12.8% of the 50% prize pool -> EUR 0.064 per line.
            GameEra(
                valid_from=dt.date(2013, 5, 4),
                ticket_price=1.0,
                odds=139_838_160,
                start_jackpot=1e6,
                cap=45e6,
                draw_times={WED: (18, 25), SAT: (19, 25)},
                base_plays=30e6,
                weekday_ratio={WED: 0.45, SAT: 1.0},
                j0=20e6,
                k=1.5,
                contribution_per_play=0.064,
            ),
            # public: EUR 1.20 per line from 2020-09-23; cap EUR 45M (after which the
            # jackpot must be paid out; simplified here as a cap).
            GameEra(
                valid_from=dt.date(2020, 9, 23),
                ticket_price=1.2,
                odds=139_838_160,
                start_jackpot=1e6,
                cap=45e6,
                draw_times={WED: (18, 25), SAT: (19, 25)},
                base_plays=30e6,
                weekday_ratio={WED: 0.45, SAT: 1.0},
                j0=20e6,
                k=1.5,
                contribution_per_play=0.077,
            ),
        ),
        rounding=100_000.0,
    ),
)

GAME_BY_SLUG: dict[str, Game] = {g.slug: g for g in GAMES}

#: Burn-in epoch of the jackpot paths: each game's path is simulated from its first
#: draw on/after this date, so the window starts from a realistic, seed-determined state.
PATH_EPOCH = dt.date(2016, 1, 1)
#: Draws are written for [start, end + this many days) so late purchases find their draw.
GAMES_TAIL_DAYS = 8

#: Approximate reporting rates (USD per unit), ECB reference-rate averages 2024-26.
#: Used only for comparisons in USD (jackpot heat, budgets); the warehouse ships its own.
USD_PER: dict[str, float] = {"USD": 1.0, "EUR": 1.10, "GBP": 1.28}

#: A draw is a high-jackpot draw at or above this many USD (marts.md default).
HIGH_JACKPOT_USD = 300e6

# --------------------------------------------------------------------------------------
# Markets, countries, time zones
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Market:
    code: str  # us, uk, eu (campaign id segment)
    currency: str
    share: float  # share of registrations (assumption)
    #: (country, weight, tz rule, standard offset hours)
    countries: tuple[tuple[str, float, int, int], ...]
    #: game slug -> preference weight of this market's players
    game_weights: dict[str, float] = field(default_factory=dict)


MARKETS: tuple[Market, ...] = (
    Market(
        "us",
        "USD",
        0.45,
        (
            ("US", 0.47, TZ_US, -5),
            ("US", 0.29, TZ_US, -6),
            ("US", 0.07, TZ_US, -7),
            ("US", 0.17, TZ_US, -8),
        ),
        {"powerball": 0.55, "mega-millions": 0.45},
    ),
    Market(
        "uk",
        "GBP",
        0.20,
        (("GB", 1.0, TZ_EU, 0),),
        {"euromillions": 0.6, "powerball": 0.2, "mega-millions": 0.1, "eurojackpot": 0.1},
    ),
    Market(
        "eu",
        "EUR",
        0.35,
        (
            ("DE", 0.30, TZ_EU, 1),
            ("FR", 0.16, TZ_EU, 1),
            ("ES", 0.12, TZ_EU, 1),
            ("IT", 0.10, TZ_EU, 1),
            ("NL", 0.08, TZ_EU, 1),
            ("IE", 0.06, TZ_EU, 0),
            ("AT", 0.06, TZ_EU, 1),
            ("BE", 0.05, TZ_EU, 1),
            ("PT", 0.03, TZ_EU, 0),
            ("FI", 0.02, TZ_EU, 2),
            ("SE", 0.02, TZ_EU, 1),
        ),
        {
            "euromillions": 0.35,
            "eurojackpot": 0.30,
            "lotto-6aus49": 0.25,
            "powerball": 0.10,
        },
    ),
)

# --------------------------------------------------------------------------------------
# Channels and campaigns
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Channel:
    name: str
    share: float  # share of registrations (assumption)
    #: cost per registration in EUR (public range: EUR 25-47 across online gambling)
    cpr_eur: float
    #: click -> registration conversion and impression -> click rate (assumption)
    cvr: float
    ctr: float
    #: probability that a registration from this channel is a jackpot chaser
    chaser_share: float
    #: signup -> ever deposit probability
    deposit_prob: float
    #: share of this channel's signups made in the app
    app_share: float
    #: exponent of the marketing-spend response to jackpot heat
    heat_exponent: float
    #: carryover: share of a day's (adstocked) spend still working the next day
    adstock_decay: float = 0.0
    #: Hill saturation of incremental registrations in adstocked spend: half-saturation
    #: as a multiple of the campaign's mean adstocked daily spend, and the curve's shape
    hill_half_saturation: float = 1.0
    hill_shape: float = 1.0


#: The paid channels' response (assumptions, in the ranges marketing-mix studies report:
#: search works the same day, TV and display carry over for days; search and affiliates
#: saturate early, TV late and steeply).
CHANNELS: tuple[Channel, ...] = (
    Channel("paid_search", 0.22, 32.0, 0.12, 0.050, 0.10, 0.58, 0.30, 0.5, 0.10, 1.6, 1.2),
    Channel("paid_social", 0.16, 38.0, 0.06, 0.010, 0.20, 0.50, 0.50, 0.8, 0.40, 1.0, 1.0),
    Channel("affiliate", 0.12, 42.0, 0.15, 0.012, 0.05, 0.66, 0.25, 0.3, 0.20, 2.0, 1.5),
    Channel("display", 0.06, 47.0, 0.03, 0.003, 0.18, 0.45, 0.30, 0.8, 0.50, 0.8, 1.0),
    Channel("email", 0.04, 25.0, 0.08, 0.030, 0.05, 0.62, 0.20, 0.3, 0.30, 0.8, 1.5),
    Channel("tv_brand", 0.06, 45.0, 0.02, 0.0002, 0.14, 0.55, 0.40, 1.0, 0.70, 1.2, 2.0),
    Channel("organic", 0.18, 0.0, 0.10, 0.0, 0.10, 0.57, 0.35, 0.0),
    Channel("direct", 0.16, 0.0, 0.10, 0.0, 0.08, 0.60, 0.40, 0.0),
)
CHANNEL_BY_NAME: dict[str, Channel] = {c.name: c for c in CHANNELS}
PAID_CHANNELS: tuple[str, ...] = (
    "paid_search",
    "paid_social",
    "display",
    "affiliate",
    "email",
    "tv_brand",
)


@dataclass(frozen=True)
class CampaignTemplate:
    """A campaign per market: `{channel}-{market}-{slug}-{nn}`."""

    channel: str
    slug: str
    name: str
    utm_source: str | None  # None: no UTM-tagged links (TV without vanity URL)
    utm_medium: str | None
    #: share of the channel's registrations in its market
    weight: float
    #: role: acquisition, retargeting (touches before first deposit), crm (retention)
    role: str = "acquisition"
    #: active fraction of the window: (start, end) as fractions of the window length
    flight: tuple[float, float] = (0.0, 1.0)
    utm_content: str | None = None
    utm_term: str | None = None
    #: has spend rows in funnel_spend
    paid: bool = True
    #: landing path on the site
    landing: str = "/"
    #: share of the campaign's registrations that it causes at its average spend; the
    #: rest would have signed up anyway and only pass through it (brand searchers who
    #: click the brand ad, bonus hunters on cashback and review sites)
    incremental_share: float = 1.0


CAMPAIGN_TEMPLATES: tuple[CampaignTemplate, ...] = (
    CampaignTemplate(
        "paid_search",
        "brand",
        "Search - Brand",
        "google",
        "cpc",
        0.45,
        utm_term="lottostar",
        landing="/",
        incremental_share=0.25,
    ),
    CampaignTemplate(
        "paid_search",
        "jackpot",
        "Search - Jackpot",
        "google",
        "cpc",
        0.40,
        utm_term="powerball jackpot",
        landing="/jackpots",
        incremental_share=0.8,
    ),
    CampaignTemplate(
        "paid_search",
        "bing",
        "Search - Bing",
        "bing",
        "cpc",
        0.15,
        utm_term="play lottery online",
        landing="/",
        incremental_share=0.7,
    ),
    CampaignTemplate(
        "paid_social",
        "facebook",
        "Social - Facebook",
        "facebook",
        "paid_social",
        0.45,
        utm_content="video-15s",
        landing="/promo/welcome",
    ),
    CampaignTemplate(
        "paid_social",
        "instagram",
        "Social - Instagram",
        "instagram",
        "paid_social",
        0.25,
        utm_content="story",
        landing="/promo/welcome",
    ),
    CampaignTemplate(
        "paid_social",
        "tiktok",
        "Social - TikTok",
        "tiktok",
        "paid_social",
        0.30,
        utm_content="ugc-01",
        landing="/promo/welcome",
        flight=(0.25, 1.0),
    ),
    CampaignTemplate(
        "display",
        "prospecting",
        "Display - Prospecting",
        "dv360",
        "display",
        1.0,
        utm_content="300x250",
        landing="/jackpots",
        incremental_share=0.85,
    ),
    CampaignTemplate(
        "display",
        "retargeting",
        "Display - Retargeting",
        "criteo",
        "display",
        0.0,
        role="retargeting",
        utm_content="dynamic",
        landing="/account/deposit",
    ),
    CampaignTemplate(
        "affiliate",
        "partners",
        "Affiliate - Partner network",
        "awin",
        "affiliate",
        0.6,
        landing="/promo/partner",
        incremental_share=0.45,
    ),
    CampaignTemplate(
        "affiliate",
        "lottoreviews",
        "Affiliate - Lotto reviews",
        "lottoreviews",
        "affiliate",
        0.4,
        landing="/promo/partner",
        incremental_share=0.6,
    ),
    CampaignTemplate(
        "email",
        "newsletter",
        "Email - Rented list",
        "newsletter",
        "email",
        1.0,
        landing="/promo/welcome",
        incremental_share=0.85,
    ),
    CampaignTemplate(
        "email",
        "crm",
        "Email - CRM",
        "newsletter",
        "email",
        0.0,
        role="crm",
        utm_content="weekly-draws",
        landing="/jackpots",
    ),
    CampaignTemplate(
        "tv_brand",
        "spring",
        "TV - Brand flight",
        "tv",
        "tv",
        1.0,
        landing="/tv",
        flight=(0.2, 0.7),
    ),
    # utm campaigns without any spend row: mapped from utm_source/utm_medium
    CampaignTemplate(
        "organic",
        "social-posts",
        "Organic social posts",
        "facebook",
        "social",
        0.12,
        paid=False,
        landing="/jackpots",
    ),
    CampaignTemplate(
        "email",
        "partner-digest",
        "Partner newsletter (unpaid)",
        "partner_digest",
        "email",
        0.25,
        paid=False,
        landing="/promo/partner",
    ),
)

#: Share of tv_brand registrations whose first visit uses the TV vanity URL (tagged);
#: the rest type the address (no referrer, no UTM). assumption
TV_TAGGED_SHARE = 0.2

# Causality (docs/generator.md "What marketing causes"). Spend is an input: every paid
# campaign has a daily budget; registrations are a baseline of people who would sign up
# anyway plus what each campaign's adstocked, saturating spend adds.
#: Budget shapes (assumptions): pauses of 1-3 weeks, on average this many per campaign
#: and year (never on campaigns that others pass through: brand search, affiliates)
BUDGET_PAUSES_PER_YEAR = 1.5
BUDGET_PAUSE_DAYS = (7, 21)
#: step changes: a budget multiplied by one of these factors for 2-6 weeks, on average
#: this many times per campaign and year
BUDGET_STEPS_PER_YEAR = 3.0
BUDGET_STEP_FACTORS = (0.5, 2.0)
BUDGET_STEP_DAYS = (14, 42)
#: day-to-day noise of a budget (lognormal sigma)
BUDGET_NOISE_SIGMA = 0.12
#: the smallest daily budget of an active campaign, EUR
BUDGET_MIN_EUR = 5.0
#: The baseline follows jackpot heat (SIGNUP_HEAT_EXPONENT), the weekday (Monday first)
#: and the season: a yearly cosine of this amplitude peaking in January.
BASELINE_WEEKDAY = (1.0, 0.97, 0.97, 1.0, 1.05, 1.08, 1.02)
#: An ad converts better when the advertised jackpot is big: a campaign's incremental
#: registrations are its Hill response times the market's jackpot heat to this power.
AD_RESPONSE_HEAT_EXPONENT = 1.5
BASELINE_SEASON_AMPLITUDE = 0.10
#: Touches that cause nothing: of the web signups whose signup is a visit of its own, the
#: share who search the brand first, and of those the share who click the paid brand ad
#: (when it runs) rather than the organic result; and the share who pass through an
#: affiliate (cashback) site just before signing up.
SIGNUP_BRAND_SEARCH_SHARE = 0.30
BRAND_AD_CLICK_SHARE = 0.60
SIGNUP_AFFILIATE_PASS_SHARE = 0.08

#: Every (utm_source, utm_medium) pair the generator emits and the channel it means.
UTM_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("google", "cpc", "paid_search"),
    ("bing", "cpc", "paid_search"),
    ("facebook", "paid_social", "paid_social"),
    ("instagram", "paid_social", "paid_social"),
    ("tiktok", "paid_social", "paid_social"),
    ("dv360", "display", "display"),
    ("criteo", "display", "display"),
    ("awin", "affiliate", "affiliate"),
    ("lottoreviews", "affiliate", "affiliate"),
    ("newsletter", "email", "email"),
    ("partner_digest", "email", "email"),
    ("tv", "tv", "tv_brand"),
    ("facebook", "social", "organic"),
)

# --------------------------------------------------------------------------------------
# People: accounts, visitors, devices
# --------------------------------------------------------------------------------------

#: Signups respond to jackpot heat with this exponent (sales respond with 1): an
#: operator reported new customers -43% in a weak-jackpot year while billings rose 5%.
SIGNUP_HEAT_EXPONENT = 1.8
#: Jackpot chasers sign up almost only in hot periods.
CHASER_HEAT_EXPONENT = 5.0
#: Extra heat exponent of paid channels' budgets (marketing spend rises in hot periods).
#: Per channel in Channel.heat_exponent.

#: Share of signups made in the app (no web signup event, anonymous_id null) is per
#: channel; an app signup's first touch is a mobile-web visit with this probability.
APP_WEB_FIRST_TOUCH = 0.6
#: App signups with a web first touch log in on that phone's browser within days.
APP_WEB_LOGIN_PROB = 0.97

#: first visit -> signup lag mixture: (probability, median seconds, sigma) (assumption)
SIGNUP_LAG_MIX: tuple[tuple[float, float, float], ...] = (
    (0.60, 6 * 60, 0.6),  # same visit, minutes
    (0.30, 20 * 3600, 1.0),  # hours to a few days
    (0.10, 4 * 86400, 0.4),  # several days
)

#: Number of web devices (browsers) per person: P(1), P(2), P(3). About 30% of
#: converters use more than one device (public cross-device studies).
N_DEVICES_P = (0.70, 0.24, 0.06)
#: Probability that a multi-device account's first touch is on a secondary device.
FIRST_TOUCH_OTHER_DEVICE = 0.25
#: Probability that such a secondary first-touch device is never logged in on.
OTHER_DEVICE_NEVER_LOGIN = 0.05
#: Share of accounts whose desktop is a family computer used by a second person,
#: and the share of those second persons that are accounts (the rest never register).
FAMILY_DEVICE_SHARE = 0.05
FAMILY_CO_ACCOUNT_SHARE = 0.5

#: device type probabilities for web signups (desktop, mobile, tablet)
DEVICE_P = (0.42, 0.48, 0.10)

#: Safari deletes script-written cookies after 7 days without a visit (ITP).
SAFARI_COOKIE_DAYS = 7

#: Never-registered people per account (non-converting landings, organic browsers).
VISITOR_RATIO = 1.2
#: Visits per visitor: 1 + Poisson(this)
VISITOR_EXTRA_VISITS = 0.3
#: Bots and crawlers as a share of raw events (public: 15-30% of web traffic)
BOT_EVENT_SHARE = 0.20

#: Events per visit beyond the fixed ones: geometric with these means (assumption)
PRE_PAGES_MEAN = 1.3
POST_PAGES_MEAN = 0.5
BROWSE_PAGES_MEAN = 1.0
#: seconds between events of one visit: lognormal (median, sigma), clipped (2 s, 15 min)
EVENT_GAP_MEDIAN_S = 35.0
EVENT_GAP_SIGMA = 0.9
EVENT_GAP_MAX_S = 900.0

#: probability that a web order is followed by an anonymous results check on the same
#: device 0.3-3 days later (players check the draw results)
RESULTS_CHECK_P = 0.3
#: Touches before the first deposit (multi-touch attribution): probability that an
#: account with a first-deposit lag over an hour gets a retargeting or CRM touch
PRE_FTD_TOUCH_PROB = 0.35
#: Probability of a retargeting touch between first visit and signup (lag over a day)
PRE_SIGNUP_TOUCH_PROB = 0.30
#: Share of later web transaction visits landing from a CRM email / retargeting link
POST_FTD_EMAIL_SHARE = 0.12
POST_FTD_RETARGETING_SHARE = 0.04

# --------------------------------------------------------------------------------------
# Money
# --------------------------------------------------------------------------------------

#: signup -> first deposit lag mixture for depositors: (p, median seconds, sigma).
#: public: 45-60% of signups deposit within 30 days, most within a day.
FTD_LAG_MIX: tuple[tuple[float, float, float], ...] = (
    (0.70, 15 * 60, 1.0),
    (0.22, 6 * 86400, 0.9),
    (0.08, 60 * 86400, 0.5),
)
#: first deposit: lognormal median and sigma, then snapped to a round amount with this
#: probability, picking among these round amounts (spikes at 10, 20, 25, 50, 100)
FTD_MEDIAN = 25.0
FTD_SIGMA = 0.75
ROUND_SNAP_PROB = 0.65
ROUND_AMOUNTS = (5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 500.0)
#: payment methods by market (weights)
PAYMENT_METHODS = ("card", "paypal", "bank_transfer", "apple_pay", "google_pay")
PAYMENT_P = {
    "us": (0.62, 0.16, 0.04, 0.11, 0.07),
    "uk": (0.55, 0.20, 0.05, 0.13, 0.07),
    "eu": (0.45, 0.28, 0.12, 0.08, 0.07),
}
#: share of deposit attempts that fail first (then retried) and of completed deposits
#: refunded later
FAILED_DEPOSIT_P = 0.07
REFUNDED_DEPOSIT_P = 0.01

#: Player activity: play occasions per week at heat 1, lognormal (median, sigma)
OCCASIONS_PER_WEEK_MEDIAN = 0.55
OCCASIONS_SIGMA = 1.2
#: lines per order: lognormal multiplier per player (median 1, sigma)
LINES_SIGMA = 0.6
#: base lines per order distribution (1..10 mostly)
LINES_CHOICES = (1, 2, 3, 4, 5, 6, 8, 10)
LINES_P = (0.26, 0.22, 0.10, 0.08, 0.16, 0.05, 0.05, 0.08)
#: probability that an occasion orders a second game
SECOND_GAME_P = 0.2
#: player lifetime: Weibull shape; scale so that 30% (chasers: 10%) are active after
#: a year (public: about 30% of new players still active after 12 months)
LIFETIME_SHAPE = 0.7
ACTIVE_AFTER_YEAR = 0.30
ACTIVE_AFTER_YEAR_CHASER = 0.10
#: Chasers' play occasions respond to heat with this exponent (others: 1)
CHASER_PLAY_HEAT_EXPONENT = 3.0
#: app share of play occasions for web- and app-signups
APP_OCCASION_SHARE_WEB = 0.55
APP_OCCASION_SHARE_APP = 0.85

# --------------------------------------------------------------------------------------
# Text forms
# --------------------------------------------------------------------------------------

#: probabilities of the timestamp text forms: local offset, `Z`, naive UTC
TS_FORM_P: dict[str, tuple[float, float, float]] = {
    "signups": (0.5, 0.3, 0.2),
    "deposits": (0.4, 0.4, 0.2),
    "ticket_purchases": (0.4, 0.4, 0.2),
    "games": (0.6, 0.3, 0.1),
    "web_events": (0.3, 0.5, 0.2),
}

SITE = "https://lottostar.example"
SITE_PAGES: tuple[str, ...] = (
    "/",
    "/jackpots",
    "/results",
    "/play/powerball",
    "/play/mega-millions",
    "/play/euromillions",
    "/play/eurojackpot",
    "/play/lotto-6aus49",
    "/account",
    "/account/deposit",
    "/checkout",
    "/help",
)
SITE_PAGES_P = (0.14, 0.14, 0.14, 0.11, 0.08, 0.08, 0.05, 0.04, 0.08, 0.05, 0.05, 0.04)

#: referrers of untagged landings
REFERRER_GOOGLE = "https://www.google.com/"
REFERRER_BING = "https://www.bing.com/"
SOURCE_REFERRER: dict[str, str | None] = {
    "google": REFERRER_GOOGLE,
    "bing": REFERRER_BING,
    "facebook": "https://m.facebook.com/",
    "instagram": "https://l.instagram.com/",
    "tiktok": "https://www.tiktok.com/",
    "dv360": "https://googleads.g.doubleclick.net/",
    "criteo": "https://cat.criteo.com/",
    "awin": "https://www.awin1.com/",
    "lottoreviews": "https://lottoreviews.example/",
    "newsletter": None,
    "partner_digest": None,
    "tv": None,
}

#: user agents: (device type, browser family, is_safari, weight, user agent)
HUMAN_AGENTS: tuple[tuple[str, str, bool, float, str], ...] = (
    (
        "desktop",
        "chrome",
        False,
        0.52,
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.0.0 Safari/537.36",
    ),
    (
        "desktop",
        "edge",
        False,
        0.14,
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
    ),
    (
        "desktop",
        "firefox",
        False,
        0.08,
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
    ),
    (
        "desktop",
        "safari",
        True,
        0.16,
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    ),
    (
        "desktop",
        "chrome-mac",
        False,
        0.10,
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    ),
    (
        "mobile",
        "safari",
        True,
        0.52,
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    ),
    (
        "mobile",
        "chrome",
        False,
        0.40,
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.0.0 Mobile Safari/537.36",
    ),
    (
        "mobile",
        "samsung",
        False,
        0.08,
        "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) "
        "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
    ),
    (
        "tablet",
        "safari",
        True,
        0.65,
        "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    ),
    (
        "tablet",
        "chrome",
        False,
        0.35,
        "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.0.0 Safari/537.36",
    ),
)

#: bots and crawlers: (device type, weight, user agent)
BOT_AGENTS: tuple[tuple[str, float, str], ...] = (
    ("desktop", 0.22, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
    (
        "mobile",
        0.12,
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36 (compatible; "
        "Googlebot/2.1; +http://www.google.com/bot.html)",
    ),
    ("desktop", 0.12, "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"),
    ("desktop", 0.14, "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)"),
    (
        "desktop",
        0.08,
        "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
    ),
    (
        "desktop",
        0.14,
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "HeadlessChrome/124.0.0.0 Safari/537.36",
    ),
    ("desktop", 0.10, "python-requests/2.31.0"),
    ("desktop", 0.04, "curl/8.5.0"),
    ("desktop", 0.04, "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)"),
)
#: bot visits: page views per visit: 1 + geometric with this mean
BOT_PAGES_MEAN = 4.0

FIRST_NAMES: tuple[str, ...] = (
    "james",
    "mary",
    "john",
    "patricia",
    "robert",
    "jennifer",
    "michael",
    "linda",
    "david",
    "emma",
    "oliver",
    "sophie",
    "lukas",
    "hannah",
    "leon",
    "lea",
    "noah",
    "mia",
    "lucas",
    "chloe",
    "hugo",
    "ines",
    "marco",
    "giulia",
    "pablo",
    "lucia",
    "daan",
    "julia",
    "sean",
    "aoife",
    "felix",
    "anna",
    "thomas",
    "laura",
    "paul",
    "clara",
    "max",
    "sara",
    "jack",
    "olivia",
    "liam",
    "ava",
    "ethan",
    "isla",
    "mateo",
    "elena",
    "finn",
    "nora",
    "jan",
    "eva",
)
LAST_NAMES: tuple[str, ...] = (
    "smith",
    "johnson",
    "williams",
    "brown",
    "jones",
    "garcia",
    "miller",
    "davis",
    "wilson",
    "taylor",
    "evans",
    "walker",
    "murphy",
    "kelly",
    "muller",
    "schmidt",
    "schneider",
    "fischer",
    "weber",
    "meyer",
    "martin",
    "bernard",
    "dubois",
    "thomas",
    "robert",
    "rossi",
    "russo",
    "ferrari",
    "esposito",
    "bianchi",
    "fernandez",
    "lopez",
    "martinez",
    "sanchez",
    "perez",
    "dejong",
    "jansen",
    "devries",
    "bakker",
    "visser",
    "peeters",
    "maes",
    "gruber",
    "huber",
    "silva",
    "santos",
    "virtanen",
    "nilsson",
    "obrien",
    "byrne",
)
EMAIL_DOMAINS: tuple[str, ...] = ("example.com", "example.org", "example.net", "mail.example")

#: adult age at signup: 18-80, roughly the age profile of online lottery players
AGE_MIN, AGE_MAX = 18, 80
AGE_MEDIAN = 41.0

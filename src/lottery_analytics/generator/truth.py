"""The planted truth: who each event belongs to, each account's real story, the draws."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from lottery_analytics.generator import fmt
from lottery_analytics.generator import params as P
from lottery_analytics.generator.accounts import COUNTRY_CODES, Accounts
from lottery_analytics.generator.columns import Dict, Frame, Num, Strs
from lottery_analytics.generator.games import DrawTable
from lottery_analytics.generator.money import Money
from lottery_analytics.generator.sorting import unique
from lottery_analytics.generator.web import WebChunk

#: Every table of truth/ (Parquet; params.json beside them). marketing_days and
#: marketing_effects are written after the chunks (marketing_truth.py).
TRUTH_TABLES = (
    "events",
    "accounts",
    "cookies",
    "dirty_rows",
    "draws",
    "marketing_days",
    "marketing_effects",
)

EVENTS_SCHEMA = pa.schema(
    [("event_id", pa.string()), ("person_id", pa.string()), ("is_bot", pa.bool_())]
)
COOKIES_SCHEMA = pa.schema([("anonymous_id", pa.string()), ("person_id", pa.string())])
ACCOUNTS_SCHEMA = pa.schema(
    [
        ("user_id", pa.string()),
        ("acquisition_channel", pa.string()),
        ("acquisition_campaign_id", pa.string()),
        ("caused_by_channel", pa.string()),
        ("caused_by_campaign", pa.string()),
        ("first_touch_tracked", pa.bool_()),
        ("signup_platform", pa.string()),
        ("n_devices", pa.int64()),
        ("is_jackpot_chaser", pa.bool_()),
        ("is_valid", pa.bool_()),
        ("market", pa.string()),
        ("country_code", pa.string()),
        ("signed_up_at", pa.timestamp("us")),
        ("first_touch_at", pa.timestamp("us")),
        ("first_touch_anonymous_id", pa.string()),
        ("signup_anonymous_id", pa.string()),
        ("first_deposit_at", pa.timestamp("us")),
        ("first_deposit_amount", pa.decimal128(18, 2)),
        ("currency", pa.string()),
    ]
)
DRAWS_SCHEMA = pa.schema(
    [
        ("game_id", pa.string()),
        ("game_name", pa.string()),
        ("draw_at", pa.timestamp("us")),
        ("jackpot", pa.decimal128(18, 2)),
        ("jackpot_usd", pa.float64()),
        ("currency", pa.string()),
        ("ticket_price", pa.decimal128(18, 2)),
        ("national_plays", pa.int64()),
        ("has_jackpot_winner", pa.bool_()),
    ]
)


def accounts_truth(
    acc: Accounts,
    money: Money,
    web: WebChunk,
    user_ids: Strs,
    cookie_ids: Strs,
    campaign_ids: list[str],
    campaign_channels: list[str],
) -> Frame:
    channels = [c.name for c in P.CHANNELS]
    tracked = acc.ft_tagged & (web.ft_landing_t >= 0)
    camp = acc.campaign
    channel_of = np.array([P.CHANNELS.index(P.CHANNEL_BY_NAME[c]) for c in campaign_channels])
    caused_channel = channel_of[np.maximum(acc.caused, 0)]
    currency = [m.currency for m in P.MARKETS]
    cols = [
        user_ids,
        fmt.categories(channels, acc.channel),
        fmt.categories(campaign_ids, np.maximum(camp, 0), camp < 0),
        fmt.categories(channels, caused_channel, acc.caused < 0),
        fmt.categories(campaign_ids, np.maximum(acc.caused, 0), acc.caused < 0),
        Num(tracked, "bool"),
        fmt.categories(["web", "app"], acc.platform),
        fmt.int64s(np.maximum(web.n_devices, 0)),
        Num(acc.is_chaser, "bool"),
        Num(~acc.invalid, "bool"),
        fmt.categories([m.code for m in P.MARKETS], acc.market),
        fmt.categories(COUNTRY_CODES, acc.country),
        _ts(acc.signup_t),
        _ts(web.ft_landing_t),
        _cookies(cookie_ids, web.ft_cookie),
        _cookies(cookie_ids, web.signup_cookie),
        _ts(money.ftd_t),
        fmt.decimals(money.ftd_cents, money.ftd_t < 0),
        fmt.categories(currency, acc.market),
    ]
    return Frame(dict(zip(ACCOUNTS_SCHEMA.names, cols, strict=True)))


def _ts(t: np.ndarray) -> Num:
    """A timestamp[us] column of epoch seconds, null where negative."""
    return Num(np.where(t >= 0, t, 0) * 1_000_000, "timestamp", t < 0 if (t < 0).any() else None)


def _cookies(cookie_ids: Strs, idx: np.ndarray) -> Strs:
    return cookie_ids.take(np.maximum(idx, 0)).with_null(idx < 0)


def cookies_truth(web: WebChunk, person_ids: Strs, cookie_ids: Strs) -> Frame:
    """One row per (cookie, real person who used it); bots are not people.

    Every human visit keeps at least its pivot event, so the pairs of the visits are the
    pairs of the events."""
    h = web.visits.n_human
    cookie = web.visits.cookie[:h].astype(np.int64)
    person = web.visits.person[:h].astype(np.int64)
    width = np.int64(len(person_ids))
    key = unique(cookie * width + person)
    return Frame(
        {
            "anonymous_id": cookie_ids.take(key // width),
            "person_id": Dict(person_ids, (key % width).astype(np.int32)),
        }
    )


def event_person_ids(web: WebChunk, person_ids: Strs) -> Dict:
    """Each event's person, dictionary-encoded against the chunk's people."""
    return Dict(person_ids, web.person)


def draws_truth(d: DrawTable) -> pa.Table:
    return pa.table(
        [
            pa.array(d.game_id, type=pa.string()),
            pa.array(d.game_name, type=pa.string()),
            pa.array(d.draw_at * 1_000_000, type=pa.timestamp("us")),
            fmt.decimals(np.round(d.jackpot * 100).astype(np.int64)).to_arrow(),
            pa.array(d.jackpot_usd, type=pa.float64()),
            pa.array(d.currency, type=pa.string()),
            fmt.decimals(np.round(d.price * 100).astype(np.int64)).to_arrow(),
            pa.array(d.plays, type=pa.int64()),
            pa.array(d.has_winner),
        ],
        schema=DRAWS_SCHEMA,
    )

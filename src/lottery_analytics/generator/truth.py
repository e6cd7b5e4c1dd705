"""The planted truth: who each event belongs to, each account's real story, the draws."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from lottery_analytics.generator import fmt
from lottery_analytics.generator import params as P
from lottery_analytics.generator.accounts import COUNTRY_CODES, Accounts
from lottery_analytics.generator.games import DrawTable
from lottery_analytics.generator.money import Money
from lottery_analytics.generator.web import BOT, WebChunk

EVENTS_SCHEMA = pa.schema(
    [("event_id", pa.string()), ("person_id", pa.string()), ("is_bot", pa.bool_())]
)
COOKIES_SCHEMA = pa.schema([("anonymous_id", pa.string()), ("person_id", pa.string())])
ACCOUNTS_SCHEMA = pa.schema(
    [
        ("user_id", pa.string()),
        ("acquisition_channel", pa.string()),
        ("acquisition_campaign_id", pa.string()),
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


def _ts(t: np.ndarray) -> pa.Array:
    return pa.array(np.where(t >= 0, t, 0) * 1_000_000, type=pa.timestamp("us"), mask=t < 0)


def accounts_truth(
    acc: Accounts,
    money: Money,
    web: WebChunk,
    user_ids: pa.Array,
    cookie_ids: pa.Array,
    campaign_ids: list[str],
) -> pa.Table:
    channels = [c.name for c in P.CHANNELS]
    tracked = acc.ft_tagged & (web.ft_landing_t >= 0)
    camp = acc.campaign
    currency = [m.currency for m in P.MARKETS]
    return pa.table(
        [
            user_ids,
            fmt.category_strings(channels, acc.channel),
            fmt.category_strings(campaign_ids, np.maximum(camp, 0), camp < 0),
            pa.array(tracked),
            fmt.category_strings(["web", "app"], acc.platform),
            pa.array(np.maximum(web.n_devices, 0).astype(np.int64)),
            pa.array(acc.is_chaser),
            pa.array(~acc.invalid),
            fmt.category_strings([m.code for m in P.MARKETS], acc.market),
            fmt.category_strings(COUNTRY_CODES, acc.country),
            _ts(acc.signup_t),
            _ts(web.ft_landing_t),
            cookie_ids.take(pa.array(np.maximum(web.ft_cookie, 0), mask=web.ft_cookie < 0)),
            cookie_ids.take(pa.array(np.maximum(web.signup_cookie, 0), mask=web.signup_cookie < 0)),
            _ts(money.ftd_t),
            fmt.decimals(money.ftd_cents, money.ftd_t < 0),
            fmt.category_strings(currency, acc.market),
        ],
        schema=ACCOUNTS_SCHEMA,
    )


def cookies_truth(web: WebChunk, person_ids: pa.Array, cookie_ids: pa.Array) -> pa.Table:
    """One row per (cookie, real person who used it); bots are not people."""
    human = web.pkind != BOT
    person = _person_index(web)[human]
    width = np.int64(len(person_ids))
    key = np.unique(web.cookie[human] * width + person)
    return pa.table(
        [cookie_ids.take(pa.array(key // width)), person_ids.take(pa.array(key % width))],
        schema=COOKIES_SCHEMA,
    )


def _person_index(web: WebChunk) -> np.ndarray:
    """Row of each event's person in the chunk's person table (accounts, visitors, bots)."""
    n_acc = len(web.signup_cookie)
    return np.where(
        web.pkind == 0,
        web.pidx,
        np.where(web.pkind == 1, n_acc + web.pidx, n_acc + web.n_visitors + web.pidx),
    )


def event_person_ids(web: WebChunk, person_ids: pa.Array) -> pa.Array:
    return person_ids.take(pa.array(_person_index(web)))


def draws_truth(d: DrawTable) -> pa.Table:
    return pa.table(
        [
            pa.array(d.game_id, type=pa.string()),
            pa.array(d.game_name, type=pa.string()),
            pa.array(d.draw_at * 1_000_000, type=pa.timestamp("us")),
            fmt.decimals(np.round(d.jackpot * 100).astype(np.int64)),
            pa.array(d.jackpot_usd, type=pa.float64()),
            pa.array(d.currency, type=pa.string()),
            fmt.decimals(np.round(d.price * 100).astype(np.int64)),
            pa.array(d.plays, type=pa.int64()),
            pa.array(d.has_winner),
        ],
        schema=DRAWS_SCHEMA,
    )

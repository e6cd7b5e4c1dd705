"""The generator's code lists equal the dbt project's code-list seeds (seeds/lookups/).

The seeds are the one place the warehouse's enumerations are written; the generator keeps its
own constants so that it runs without the dbt project. These tests read both, so that the
two cannot drift: a code the generator writes that the seed lacks would become `other` (or
a rejected row) in the warehouse, and a seed code the generator never writes is untested.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from lottery_analytics.generator import accounts, money, web
from lottery_analytics.generator import params as P

SEEDS = Path("seeds") / "lookups"


def _rows(repo_root: Path, seed: str) -> list[dict[str, str]]:
    with (repo_root / SEEDS / f"{seed}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _codes(repo_root: Path, seed: str, key: str) -> list[str]:
    """The seed's codes, without its catch-all row (the generator never writes that one)."""
    return [r[key] for r in _rows(repo_root, seed) if r.get("is_catch_all") != "true"]


def _flagged(repo_root: Path, seed: str, key: str, flag: str) -> set[str]:
    return {r[key] for r in _rows(repo_root, seed) if r[flag] == "true"}


@pytest.mark.parametrize(
    ("seed", "key", "generator"),
    [
        ("payment_methods", "payment_method", P.PAYMENT_METHODS),
        ("deposit_statuses", "status", money.STATUS),
        ("device_types", "device_type", accounts.DEVICE_TYPES),
        ("web_event_types", "event_type", web.EVENT_TYPES),
    ],
)
def test_generator_codes_equal_the_seed(
    repo_root: Path, seed: str, key: str, generator: tuple[str, ...]
) -> None:
    codes = _codes(repo_root, seed, key)
    assert len(codes) == len(set(codes)), f"seed {seed} repeats a code"
    assert set(generator) == set(codes), f"generator vs seed {seed}"
    assert len(generator) == len(set(generator))


def test_catch_all_rows_are_other(repo_root: Path) -> None:
    """Staging maps an unknown value to the seed's one catch-all row, named `other`."""
    for seed, key in [
        ("payment_methods", "payment_method"),
        ("device_types", "device_type"),
        ("web_event_types", "event_type"),
    ]:
        assert _flagged(repo_root, seed, key, "is_catch_all") == {"other"}, seed


def test_payment_weights_cover_every_method() -> None:
    assert all(len(w) == len(P.PAYMENT_METHODS) for w in P.PAYMENT_P.values())


def test_only_completed_deposits_are_money_in(repo_root: Path) -> None:
    """The generator's truth counts completed deposits as money in, as the seed does."""
    money_in = _flagged(repo_root, "deposit_statuses", "status", "is_money_in")
    assert money_in == {money.STATUS[money.COMPLETED]}


def test_user_agents_have_seed_device_types(repo_root: Path) -> None:
    codes = set(_codes(repo_root, "device_types", "device_type"))
    assert {a[0] for a in P.HUMAN_AGENTS} | {b[0] for b in P.BOT_AGENTS} <= codes


def test_generator_channels_are_seed_channels(repo_root: Path) -> None:
    """Every channel the generator plants is a real (not catch-all) channel of the seed, and
    its paid channels are the seed's `is_paid` ones. The seed may list channels the
    generator does not plant (e.g. `referral`, a rule of utm_channel_mapping)."""
    channels = set(_codes(repo_root, "channels", "channel"))
    assert {c.name for c in P.CHANNELS} <= channels
    assert {pair[2] for pair in P.UTM_PAIRS} <= channels
    assert set(P.PAID_CHANNELS) == _flagged(repo_root, "channels", "channel", "is_paid")
    assert {c.name for c in P.CHANNELS if c.cpr_eur > 0} == set(P.PAID_CHANNELS)


def test_utm_mapping_gives_the_generator_channels(repo_root: Path) -> None:
    """Each (utm_source, utm_medium) the generator emits maps, by seed utm_channel_mapping
    (an exact rule before a `*` rule, as int_marketing_touches does), to the channel the
    generator meant; every rule's channel is a code of seed `channels`."""
    rules = {
        (r["utm_source"], r["utm_medium"]): r["channel"]
        for r in _rows(repo_root, "utm_channel_mapping")
    }
    for source, medium, channel in P.UTM_PAIRS:
        mapped = rules.get((source, medium), rules.get(("*", medium)))
        assert mapped == channel, (source, medium)
    channels = {r["channel"] for r in _rows(repo_root, "channels")}
    assert set(rules.values()) <= channels


def test_generator_currencies_are_the_exchange_rate_currencies(repo_root: Path) -> None:
    """Seed exchange_rates is the warehouse's list of currencies (a currency is known when it
    has rates); the generator converts with exactly these and prices markets and games in
    them."""
    currencies = {r["currency"] for r in _rows(repo_root, "exchange_rates")}
    assert set(P.USD_PER) == currencies
    assert {m.currency for m in P.MARKETS} <= currencies
    assert {g.currency for g in P.GAMES} <= currencies

"""The two data-driven attribution models, markov and shapley: the one implementation.

Both read journeys aggregated to distinct paths: how many journeys followed a path and
converted, and how many followed it and did not. A journey is one person's channels in
their lookback window (`int_attribution_journeys`); the warehouse spreads the weights
computed here over each conversion's touches in SQL (`attribution_touches`).

markov -- removal effects of a first-order Markov chain over channels
    States: `start`, one per channel, and two absorbing states, `conversion` and `null`.
    Every journey c1 > c2 > ... > ck adds its journey count to the transitions start -> c1,
    c1 -> c2, ..., and ck -> conversion (converting journeys) or ck -> null (the others).
    Transition probabilities are the counts normalised per state. P(conversion) is the
    probability of being absorbed in `conversion` from `start`, solved exactly as an
    absorbing chain: with Q the transitions between transient states and r the one-step
    conversion probabilities, x = (I - Q)^-1 r (numpy.linalg.solve; no simulation).
    Removing channel c sends every transition into c to `null`; its removal effect is
    1 - P(conversion without c) / P(conversion), between 0 and 1. A repeated channel
    (c > c) is a self-loop, which changes no absorption probability. With no conversion at
    all, every removal effect is 0.

shapley -- fractribution's leave-one-out ("simplified Shapley") credit over channel sets
    Google's fractribution uses this rule on its "exposure" path transform: a journey is
    reduced to the set of distinct channels it touched. cr(T) is the conversion rate of the
    journeys whose channel set is exactly T: conversions / (conversions + non-conversions),
    0 when T was never observed and for the empty set. For a converting set S, channel c's
    raw credit is max(0, cr(S) - cr(S minus c)), the conversion rate the set loses without c;
    credits are normalised to sum to 1 over S. When every raw credit is 0 (no subset
    converts worse than S), the set's credit is split equally over its channels.

    Exact Shapley values would average c's marginal contribution over every ordering of
    S's channels, which needs the conversion rate of every subset of S, most of them never
    observed in the data (and 2^|S| of them). The leave-one-out rule is published,
    used in production (fractribution), comes with a published test vector, and needs
    only the set itself and its leave-one-out subsets.

Both functions are pure (no warehouse): `model_weights_table` turns the paths table the
warehouse aggregates into the weights table it reads back (lottery_analytics.python_steps
runs it on every engine).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pyarrow as pa

#: every attribution model of the marts, in the order they are reported (the SQL list is
#: the macro attribution_model_names; tests/test_dbt_build checks that both agree)
ATTRIBUTION_MODELS = (
    "first_touch",
    "last_touch",
    "linear",
    "time_decay",
    "position_based",
    "markov",
    "shapley",
)
#: separators of the path strings int_attribution_journeys writes
PATH_SEPARATOR = " > "
SET_SEPARATOR = ","
#: the channel_set of markov rows: a removal effect does not depend on the set
ANY_CHANNEL_SET = "*"

Path = tuple[str, ...]
Counts = tuple[float, float]


def _journey_counts(counts: Counts) -> tuple[float, float]:
    conversions, non_conversions = (float(v) for v in counts)
    if conversions < 0 or non_conversions < 0:
        raise ValueError(f"journey counts must be non-negative; got {counts!r}")
    return conversions, non_conversions


def _conversion_probability(
    transitions: np.ndarray, to_conversion: np.ndarray, removed: int | None = None
) -> float:
    """P(absorbed in conversion | start) for the chain whose transient states are
    0 = start, 1.. = channels; `removed` (a channel's index) is made a dead end (its
    incoming transitions lead to null)."""
    keep = [i for i in range(len(to_conversion)) if i != removed]
    q = transitions[np.ix_(keep, keep)]
    r = to_conversion[keep]
    x = np.linalg.solve(np.eye(len(keep)) - q, r)
    return float(x[0])


def markov_removal_effects(paths: Mapping[Path, Counts]) -> dict[str, float]:
    """Removal effect of every channel in `paths` under a first-order Markov chain.

    `paths` maps an ordered channel path (a tuple of channels, at least one) to
    (conversions, non_conversions): how many journeys followed it and converted or not.
    Returns {channel: 1 - P(conversion without channel) / P(conversion)}, each in [0, 1];
    all 0 when no journey converted."""
    channels = sorted({channel for path in paths for channel in path})
    index = {channel: i + 1 for i, channel in enumerate(channels)}
    size = len(channels) + 1
    counts = np.zeros((size, size))
    conversions_from = np.zeros(size)
    nulls_from = np.zeros(size)
    for path, journey_counts in paths.items():
        if not path:
            raise ValueError("a markov path needs at least one channel")
        conversions, non_conversions = _journey_counts(journey_counts)
        journeys = conversions + non_conversions
        states = [0, *(index[channel] for channel in path)]
        for source, target in itertools.pairwise(states):
            counts[source, target] += journeys
        conversions_from[states[-1]] += conversions
        nulls_from[states[-1]] += non_conversions
    outgoing = counts.sum(axis=1) + conversions_from + nulls_from
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(outgoing > 0, 1.0 / outgoing, 0.0)
    transitions = counts * scale[:, None]
    to_conversion = conversions_from * scale
    if not channels or to_conversion.sum() == 0:
        return dict.fromkeys(channels, 0.0)
    base = _conversion_probability(transitions, to_conversion)
    effects = {}
    for channel in channels:
        without = _conversion_probability(transitions, to_conversion, removed=index[channel])
        effects[channel] = max(0.0, 1.0 - without / base)
    return effects


def removal_effect_shares(effects: Mapping[str, float]) -> dict[str, float]:
    """Removal effects normalised to sum to 1 (the markov model's channel shares); all 0
    when every effect is 0."""
    total = sum(effects.values())
    return {c: (e / total if total > 0 else 0.0) for c, e in effects.items()}


def _conversion_rate(sets: Mapping[frozenset[str], Counts], channel_set: frozenset[str]) -> float:
    if not channel_set or channel_set not in sets:
        return 0.0
    conversions, non_conversions = _journey_counts(sets[channel_set])
    journeys = conversions + non_conversions
    return conversions / journeys if journeys > 0 else 0.0


def shapley_path_credits(
    set_counts: Mapping[Iterable[str], Counts],
) -> dict[tuple[str, ...], dict[str, float]]:
    """fractribution's leave-one-out credit of each channel in each converting channel set.

    `set_counts` maps a channel set (any iterable of channels; a path works too, as its
    distinct channels) to (conversions, non_conversions); counts of keys with the same
    channels are added. Returns, for every set with conversions > 0 (as a sorted tuple),
    {channel: credit}: max(0, cr(S) - cr(S minus channel)) normalised to sum to 1 over the
    set, or an equal split when every raw credit is 0."""
    sets: dict[frozenset[str], Counts] = {}
    for channels, journey_counts in set_counts.items():
        key = frozenset(channels)
        conversions, non_conversions = _journey_counts(journey_counts)
        before = sets.get(key, (0.0, 0.0))
        sets[key] = (before[0] + conversions, before[1] + non_conversions)
    credits: dict[tuple[str, ...], dict[str, float]] = {}
    for channel_set, (conversions, _) in sets.items():
        if conversions <= 0 or not channel_set:
            continue
        rate = _conversion_rate(sets, channel_set)
        ordered = sorted(channel_set)
        raw = {c: max(0.0, rate - _conversion_rate(sets, channel_set - {c})) for c in ordered}
        total = sum(raw.values())
        if total > 0:
            credits[tuple(ordered)] = {c: v / total for c, v in raw.items()}
        else:
            credits[tuple(ordered)] = {c: 1.0 / len(ordered) for c in ordered}
    return credits


def model_weights_table(paths: pa.Table) -> pa.Table:
    """The weights table (attribution_model, channel_set, channel, weight) from the paths
    table (channel_path, channel_set, conversions, non_conversions; one row per distinct
    path): markov rows carry each channel's removal effect with channel_set '*', shapley
    rows each converting set's channel credits. Rows sorted; weights unrounded doubles."""
    import pyarrow as pa

    rows = paths.select(["channel_path", "channel_set", "conversions", "non_conversions"])
    by_path: dict[Path, Counts] = {}
    by_set: dict[tuple[str, ...], Counts] = {}
    #: each set as the warehouse wrote it (its collation's order), which is what
    #: attribution_touches joins on
    set_names: dict[tuple[str, ...], str] = {}
    for row in rows.to_pylist():
        counts = (float(row["conversions"]), float(row["non_conversions"]))
        path = tuple(row["channel_path"].split(PATH_SEPARATOR))
        channel_set = tuple(row["channel_set"].split(SET_SEPARATOR))
        set_names[tuple(sorted(set(channel_set)))] = row["channel_set"]
        for mapping, key in ((by_path, path), (by_set, channel_set)):
            before = mapping.get(key, (0.0, 0.0))
            mapping[key] = (before[0] + counts[0], before[1] + counts[1])
    out: list[tuple[str, str, str, float]] = []
    for channel, effect in sorted(markov_removal_effects(by_path).items()):
        out.append(("markov", ANY_CHANNEL_SET, channel, effect))
    for channel_set, credits in sorted(shapley_path_credits(by_set).items()):
        for channel, credit in sorted(credits.items()):
            out.append(("shapley", set_names[channel_set], channel, credit))
    schema = pa.schema(
        [
            ("attribution_model", pa.string()),
            ("channel_set", pa.string()),
            ("channel", pa.string()),
            ("weight", pa.float64()),
        ]
    )
    columns = list(zip(*out, strict=True)) if out else [[], [], [], []]
    return pa.table([list(c) for c in columns], schema=schema)

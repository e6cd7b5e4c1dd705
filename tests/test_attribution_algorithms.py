"""The markov and shapley attribution algorithms (lottery_analytics.attribution) against
published test vectors and small hand-computed cases; no warehouse."""

from __future__ import annotations

import math

import pyarrow as pa
import pytest

from lottery_analytics.attribution import (
    markov_removal_effects,
    model_weights_table,
    removal_effect_shares,
    shapley_path_credits,
)


def test_markov_analyzecore_three_paths() -> None:
    """analyzecore's example: C1 > C2 > C3 converts, C1 and C2 > C3 do not. P(conversion)
    is 1/3; removing C1 leaves 1/6 (effect 0.5), removing C2 or C3 leaves 0 (effect 1)."""
    effects = markov_removal_effects(
        {("C1", "C2", "C3"): (1, 0), ("C1",): (0, 1), ("C2", "C3"): (0, 1)}
    )
    assert effects == pytest.approx({"C1": 0.5, "C2": 1.0, "C3": 1.0}, abs=1e-12)
    shares = removal_effect_shares(effects)
    assert shares == pytest.approx({"C1": 0.2, "C2": 0.4, "C3": 0.4}, abs=1e-12)


def test_markov_channel_only_before_null_has_no_effect() -> None:
    """A then conversion (1), A then X then nothing (1): X only leads to null, so removing
    it changes nothing; A carries every conversion."""
    effects = markov_removal_effects({("A",): (1, 0), ("A", "X"): (0, 1)})
    assert effects == {"A": 1.0, "X": 0.0}


def test_markov_repeated_channel_is_a_self_loop() -> None:
    """A > A > B converts as A > B does: a self-loop changes no absorption probability."""
    repeated = markov_removal_effects({("A", "A", "B"): (2, 1), ("B",): (1, 3)})
    plain = markov_removal_effects({("A", "B"): (2, 1), ("B",): (1, 3)})
    assert repeated == pytest.approx(plain, abs=1e-12)
    # Hand-computed: start->A 3/7, start->B 4/7, A->B 1, B->conversion 3/7:
    # P = 3/7; without A: 4/7 * 3/7 = 12/49 -> 1 - 4/7 = 3/7; without B: 0 -> 1.
    assert plain == pytest.approx({"A": 3 / 7, "B": 1.0}, abs=1e-12)


def test_markov_without_conversions_is_zero() -> None:
    assert markov_removal_effects({("A", "B"): (0, 4)}) == {"A": 0.0, "B": 0.0}
    assert markov_removal_effects({}) == {}


def test_shapley_fractribution_exposure_vector() -> None:
    """fractribution's exposure test: {B} 655 / 46,020, {C} 310 / 45,768, {B, C} 18 / 549."""
    credits = shapley_path_credits(
        {("B",): (655, 46020), ("C",): (310, 45768), ("B", "C"): (18, 549)}
    )
    assert math.isclose(credits[("B", "C")]["B"], 0.5854820052422, abs_tol=1e-12)
    assert math.isclose(credits[("B", "C")]["C"], 0.414517994757801, abs_tol=1e-12)
    assert credits[("B",)] == {"B": 1.0}
    assert credits[("C",)] == {"C": 1.0}


def test_shapley_unobserved_subset_and_equal_split() -> None:
    """{A, B} converts 1 in 2 and {A} 1 in 4; {B} was never seen (rate 0): raw credits
    A 0.5 - 0 = 0.5, B 0.5 - 0.25 = 0.25, so 2/3 and 1/3. {C, D} converts 1 in 10 while
    {C} and {D} convert 1 in 2: no raw credit, an equal split."""
    credits = shapley_path_credits(
        {
            ("A", "B"): (1, 1),
            ("A",): (1, 3),
            ("C", "D"): (1, 9),
            ("C",): (1, 1),
            ("D",): (1, 1),
        }
    )
    assert credits[("A", "B")] == pytest.approx({"A": 2 / 3, "B": 1 / 3}, abs=1e-15)
    assert credits[("C", "D")] == {"C": 0.5, "D": 0.5}
    for shares in credits.values():
        assert math.isclose(sum(shares.values()), 1.0, abs_tol=1e-15)


def test_shapley_paths_reduce_to_their_sets_and_non_converting_sets_get_none() -> None:
    credits = shapley_path_credits({("B", "A", "B"): (1, 1), ("A", "B"): (1, 0), ("E",): (0, 5)})
    assert set(credits) == {("A", "B")}
    assert credits[("A", "B")] == {"A": 0.5, "B": 0.5}


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        markov_removal_effects({("A",): (-1, 0)})


def test_weights_table_from_paths() -> None:
    paths = pa.table(
        {
            "channel_path": ["C1 > C2 > C3", "C1", "C2 > C3"],
            "channel_set": ["C1,C2,C3", "C1", "C2,C3"],
            "conversions": [1, 0, 0],
            "non_conversions": [0, 1, 1],
        }
    )
    table = model_weights_table(paths)
    assert table.schema.names == ["attribution_model", "channel_set", "channel", "weight"]
    rows = [tuple(r.values()) for r in table.to_pylist()]
    assert [r[:3] for r in rows] == [
        ("markov", "*", "C1"),
        ("markov", "*", "C2"),
        ("markov", "*", "C3"),
        ("shapley", "C1,C2,C3", "C1"),
        ("shapley", "C1,C2,C3", "C2"),
        ("shapley", "C1,C2,C3", "C3"),
    ]
    # {C1,C2,C3} converts 1 in 1; {C2,C3} 0 in 1, {C1,C3} and {C1,C2} unseen: raw 1 each.
    assert [r[3] for r in rows] == pytest.approx([0.5, 1.0, 1.0, 1 / 3, 1 / 3, 1 / 3])
    empty = model_weights_table(paths.slice(0, 0))
    assert empty.num_rows == 0 and empty.schema == table.schema

"""Planting dirt: dirty variants of values and the log of every planted row."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa

from lottery_analytics.generator import fmt
from lottery_analytics.generator.columns import (
    Column,
    Frame,
    Strs,
    from_arrow,
    strs_from_arrow,
    strs_from_list,
)
from lottery_analytics.generator.config import DIRT_BY_NAME
from lottery_analytics.generator.sampling import rare_mask

DIRTY_ROWS_SCHEMA = pa.schema(
    [
        ("table", pa.string()),
        ("key", pa.string()),
        ("kind", pa.string()),
        ("outcome", pa.string()),
        ("detail", pa.string()),
    ]
)

UNKNOWN_COUNTRIES = ("XX", "ZZ", "QQ", "AA")
UNPARSEABLE_FORMATS = ("%d.%m.%Y %H:%M", "%m/%d/%Y %I:%M %p", "%Y-%m-%d %H:%M:%S UTC+25")


def pick(rng: np.random.Generator, n: int, rate: float) -> np.ndarray:
    """Rows chosen independently with probability ``rate`` (a mask)."""
    return rare_mask(rng, n, rate)


def n_extra(rng: np.random.Generator, n: int, rate: float) -> int:
    """Number of added rows for an ``extra`` kind: Binomial(n, rate)."""
    if rate <= 0 or n == 0:
        return 0
    return int(rng.binomial(n, min(rate, 1.0)))


def case_variants(value: str) -> list[str]:
    """Three dirty spellings of a lower-case value whose lower(trim()) is the value."""
    title = "_".join(p[:1].upper() + p[1:] for p in value.split("_"))
    return [title, value.upper(), title.swapcase()]


def space_variants(value: str) -> list[str]:
    """Three padded/case-changed spellings (``lower(trim(v)) == lower(value)``)."""
    return [f" {value}", f"{value.upper()} ", f"  {value[:1].upper()}{value[1:]}"]


def with_variants(
    values: list[str], make: Callable[[str], list[str]] = case_variants
) -> tuple[list[str], np.ndarray]:
    """Categories extended with 3 dirty variants each; returns (all, variant base index).

    Variant ``j`` of category ``i`` sits at ``len(values) + 3 * i + j``.
    """
    out = list(values)
    for v in values:
        out.extend(make(v))
    return out, np.arange(len(values))


def dirty_index(
    rng: np.random.Generator, idx: np.ndarray, n_cat: int, mask: np.ndarray
) -> np.ndarray:
    """Move masked category indexes to one of their dirty variants."""
    out = idx.copy()
    k = int(mask.sum())
    out[mask] = n_cat + 3 * idx[mask] + rng.integers(0, 3, k)
    return out


class DirtLog:
    """The rows of truth/dirty_rows.parquet, accumulated table by table."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, str, str, Strs, str | Column | None]] = []

    def add(
        self, table: str, kind: str, keys: pa.Array | Strs, detail: pa.Array | str = ""
    ) -> None:
        """Log ``keys`` as planted ``table.kind`` rows; ``detail`` for all or per row."""
        if len(keys) == 0:
            return
        if not isinstance(keys, Strs):
            keys = strs_from_arrow(keys)
        outcome = DIRT_BY_NAME[f"{table}.{kind}"].outcome
        det = (detail or None) if isinstance(detail, str) else from_arrow(detail)
        self.parts.append((table, kind, outcome, keys, det))

    def table(self) -> Frame:
        if not self.parts:
            return Frame(
                {
                    name: Strs(np.zeros((0, 4), np.uint8))
                    for name in ("table", "key", "kind", "outcome", "detail")
                }
            )
        sizes = [len(p[3]) for p in self.parts]
        part = np.repeat(np.arange(len(self.parts)), sizes)
        details: list[Strs] = []
        for _, _, _, keys, det in self.parts:
            n = len(keys)
            if det is None:
                details.append(Strs(np.zeros((n, 4), np.uint8), None, np.ones(n, bool)))
            elif isinstance(det, str):
                details.append(strs_from_list([det]).take(np.zeros(n, np.int64)))
            else:
                details.append(det if isinstance(det, Strs) else det.decoded())
        return Frame(
            {
                "table": fmt.categories([p[0] for p in self.parts], part),
                "key": Strs.concat([p[3] for p in self.parts]),
                "kind": fmt.categories([p[1] for p in self.parts], part),
                "outcome": fmt.categories([p[2] for p in self.parts], part),
                "detail": Strs.concat(details),
            }
        )

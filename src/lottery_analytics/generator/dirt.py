"""Planting dirt: dirty variants of values and the log of every planted row."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa

from lottery_analytics.generator.config import DIRT_BY_NAME

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
    """Rows chosen independently with probability ``rate``."""
    if rate <= 0 or n == 0:
        return np.zeros(n, dtype=bool)
    return rng.random(n) < rate


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
        self.parts: list[pa.Table] = []

    def add(self, table: str, kind: str, keys: pa.Array, detail: pa.Array | str = "") -> None:
        if len(keys) == 0:
            return
        outcome = DIRT_BY_NAME[f"{table}.{kind}"].outcome
        n = len(keys)
        if isinstance(detail, str):
            detail = (
                pa.array([detail] * n, type=pa.string()) if detail else pa.nulls(n, pa.string())
            )
        self.parts.append(
            pa.table(
                [
                    pa.array([table] * n, type=pa.string()),
                    keys.cast(pa.string()),
                    pa.array([kind] * n, type=pa.string()),
                    pa.array([outcome] * n, type=pa.string()),
                    detail,
                ],
                schema=DIRTY_ROWS_SCHEMA,
            )
        )

    def table(self) -> pa.Table:
        if not self.parts:
            return DIRTY_ROWS_SCHEMA.empty_table()
        return pa.concat_tables(self.parts)

"""The generator's byte-level builders against plain Python: ISO timestamps against
`datetime`, string compaction against slicing, ids against Python formatting."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest

from lottery_analytics.generator import fmt
from lottery_analytics.generator.columns import Strs, strs_from_list

UTC = dt.UTC


def _expected_iso(t: int, off: int, form: int, sep: str) -> str:
    utc = dt.datetime.fromtimestamp(t, UTC)
    if form == fmt.FORM_OFFSET:
        local = utc + dt.timedelta(seconds=off)
        sign = "-" if off < 0 else "+"
        hh, mm = divmod(abs(off) // 60, 60)
        return local.strftime(f"%Y-%m-%d{sep}%H:%M:%S") + f"{sign}{hh:02d}:{mm:02d}"
    text = utc.strftime(f"%Y-%m-%d{sep}%H:%M:%S")
    return text + "Z" if form == fmt.FORM_Z else text


def test_iso_timestamps_match_datetime_per_row_form() -> None:
    rng = np.random.default_rng(7)
    n = 4000
    lo = int(dt.datetime(1999, 12, 25, tzinfo=UTC).timestamp())
    hi = int(dt.datetime(2031, 3, 2, tzinfo=UTC).timestamp())
    t = rng.integers(lo, hi, n)
    # leap days, year ends and the hour around midnight, where the offset changes the date
    t[:6] = [
        int(dt.datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC).timestamp()),
        int(dt.datetime(2000, 2, 29, 0, 0, 0, tzinfo=UTC).timestamp()),
        int(dt.datetime(2025, 12, 31, 23, 30, 0, tzinfo=UTC).timestamp()),
        int(dt.datetime(2026, 1, 1, 0, 15, 0, tzinfo=UTC).timestamp()),
        lo,
        hi,
    ]
    off = rng.integers(-56, 57, n) * 900
    form = rng.integers(0, 3, n).astype(np.int8)
    got = fmt.iso_timestamps(t, off, form).to_pylist()
    rows = zip(t, off, form, strict=True)
    expected = [_expected_iso(int(a), int(b), int(c), "T") for a, b, c in rows]
    assert got == expected


@pytest.mark.parametrize("form", [fmt.FORM_OFFSET, fmt.FORM_Z, fmt.FORM_NAIVE])
def test_iso_timestamps_one_form_and_separator(form: int) -> None:
    rng = np.random.default_rng(form)
    t = rng.integers(1_600_000_000, 1_800_000_000, 500)
    got = fmt.iso_timestamps(t, -5 * 3600, form, sep=" ").to_pylist()
    assert got == [_expected_iso(int(a), -5 * 3600, form, " ") for a in t]


@pytest.mark.parametrize("extra", [0, 1, 3])
def test_varying_strings_compact_to_arrow(extra: int) -> None:
    # inline (up to 12 bytes) and out-of-line string views, nulls, padded rows
    words = ["", "a", "lottery", "x" * 40, "jackpot", "ü", "twelve bytes", "thirteen byte"]
    s = strs_from_list(words)
    if extra:  # rows wider than their strings, with non-zero bytes past the lengths
        mat = np.full((len(words), s.mat.shape[1] + extra), 0x7A, np.uint8)
        for i, n in enumerate(s.row_lengths()):
            mat[i, : 4 + n] = s.mat[i, : 4 + n]
        s = Strs(mat, s.row_lengths())
    arr = s.to_arrow()
    arr.validate(full=True)
    assert arr.type == pa.string()
    assert arr.to_pylist() == words
    valid = np.array([True, False, True, True, False, True, True, False])
    nulls = Strs(s.mat, s.lengths, ~valid)
    assert nulls.to_pylist() == [w if v else None for w, v in zip(words, valid, strict=True)]
    long = strs_from_list(["x" * 20, "y" * 13])  # no inline row
    assert long.to_pylist() == ["x" * 20, "y" * 13]


def test_hex_and_decimal_ids_match_python_formatting() -> None:
    rng = np.random.default_rng(3)
    v = rng.integers(0, 1 << 48, 1000, dtype=np.uint64)
    v[:2] = [0, (1 << 48) - 1]
    assert fmt.hex_ids("e", v).to_pylist() == [f"e{int(x):012x}" for x in v]
    assert fmt.hex_ids("", v, nbytes=4).to_pylist() == [f"{int(x) & 0xFFFFFFFF:08x}" for x in v]
    d = rng.integers(0, 10**7, 1000)
    d[:2] = [0, 10**7 - 1]
    assert fmt.dec_ids("u", d, 7).to_pylist() == [f"u{int(x):07d}" for x in d]


def test_mix48_is_the_documented_bijection() -> None:
    def mix(x: int, salt: int) -> int:  # the formula of fmt.mix48, in Python integers
        m = (1 << 48) - 1
        v = (x ^ salt) & m
        v = (v * 0x9E3779B97F4B) & m
        v ^= v >> 23
        v = (v * 0xD6E8FEB86659) & m
        return v ^ (v >> 21)

    x = np.arange(200_000, dtype=np.uint64) | np.uint64(7 << 32)
    out = fmt.mix48(x, 12345)
    assert len(np.unique(out)) == len(x)  # no two ids collide
    assert out[:500].tolist() == [mix(int(a), 12345) for a in x[:500]]

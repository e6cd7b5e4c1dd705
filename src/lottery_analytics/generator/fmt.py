"""Vectorised builders of Arrow columns: ids, ISO timestamps, decimals, categories.

Strings are written as bytes into numpy matrices and handed to Arrow as buffers, which
is an order of magnitude faster than formatting per row or `pyarrow.compute.strftime`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
#: byte -> two hex characters
_HEX_PAIRS = np.stack([_HEX[np.arange(256) >> 4], _HEX[np.arange(256) & 15]], axis=1)
#: 0..99 -> two decimal characters
_DEC_PAIRS = np.stack([np.arange(100) // 10 + 48, np.arange(100) % 10 + 48], axis=1).astype(
    np.uint8
)

_MASK48 = np.uint64((1 << 48) - 1)


def mix48(x: np.ndarray, salt: int) -> np.ndarray:
    """A bijection of [0, 2^48) (odd multipliers and xor-shifts), salted.

    Used to turn sequential indexes into random-looking, collision-free ids.
    """
    v = (np.asarray(x, dtype=np.uint64) ^ np.uint64(salt & ((1 << 48) - 1))) & _MASK48
    v = (v * np.uint64(0x9E3779B97F4B)) & _MASK48
    v ^= v >> np.uint64(23)
    v = (v * np.uint64(0xD6E8FEB86659)) & _MASK48
    v ^= v >> np.uint64(21)
    return v


def strings_from_matrix(
    mat: np.ndarray, lengths: np.ndarray | None = None, keep: np.ndarray | None = None
) -> pa.Array:
    """A string array from a (n, w) uint8 matrix; ``lengths`` (or a ``keep`` mask of
    leading bytes) cuts each row."""
    n, w = mat.shape
    if keep is not None and lengths is None:
        lengths = keep.sum(axis=1)
    if lengths is None:
        offsets = np.arange(0, (n + 1) * w, w, dtype=np.int64)
        data = np.ascontiguousarray(mat).reshape(-1)
    else:
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        if keep is None:
            keep = np.arange(w, dtype=np.int16)[None, :] < lengths[:, None]
        data = mat[keep]
    if offsets[-1] < 2**31 - 1:
        return pa.StringArray.from_buffers(
            n, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data)
        ).cast(pa.string())
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data)).cast(
        pa.string()
    )


def _prefix_matrix(prefix: str, n: int, width: int) -> np.ndarray:
    p = prefix.encode("ascii")
    mat = np.empty((n, len(p) + width), dtype=np.uint8)
    if p:
        mat[:, : len(p)] = np.frombuffer(p, dtype=np.uint8)
    return mat


def hex_ids(prefix: str, values: np.ndarray, nbytes: int = 6) -> pa.Array:
    """``prefix`` + ``2*nbytes`` lower-case hex digits of each value."""
    v = np.asarray(values, dtype=np.uint64)
    n = len(v)
    mat = _prefix_matrix(prefix, n, 2 * nbytes)
    p = len(prefix)
    # big-endian bytes of each value, last `nbytes` of them, two hex digits each
    raw = v.astype(">u8").view(np.uint8).reshape(n, 8)[:, 8 - nbytes :]
    mat[:, p:] = _HEX_PAIRS[raw].reshape(n, 2 * nbytes)
    return strings_from_matrix(mat)


def dec_ids(prefix: str, values: np.ndarray, width: int) -> pa.Array:
    """``prefix`` + zero-padded decimal of each value (``width`` digits)."""
    v = np.asarray(values, dtype=np.int64).copy()
    mat = _prefix_matrix(prefix, len(v), width)
    p = len(prefix)
    pos = p + width
    while pos - 2 >= p:
        mat[:, pos - 2 : pos] = _DEC_PAIRS[v % 100]
        v //= 100
        pos -= 2
    if pos > p:
        mat[:, p] = (v % 10 + 48).astype(np.uint8)
    return strings_from_matrix(mat)


def dec_strings(values: np.ndarray) -> pa.Array:
    """Plain decimal text of non-negative integers (no padding)."""
    v = np.asarray(values, dtype=np.int64)
    width = max(1, len(str(int(v.max())))) if len(v) else 1
    padded = dec_ids("", v, width)
    lengths = np.ones(len(v), dtype=np.int64)
    for d in range(1, width):
        lengths += v >= 10**d
    mat = np.frombuffer(padded.buffers()[2], dtype=np.uint8)[: len(v) * width]
    mat = mat.reshape(len(v), width)
    # right-aligned digits: move them left by the padding
    shift = width - lengths
    idx = (np.arange(width)[None, :] + shift[:, None]).clip(max=width - 1)
    return strings_from_matrix(np.take_along_axis(mat, idx, axis=1), lengths)


def civil(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month, day of days since 1970-01-01 (proleptic Gregorian)."""
    z = np.asarray(days, dtype=np.int64) + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    y = yoe + era * 400 + (m <= 2)
    return y, m, d


FORM_OFFSET, FORM_Z, FORM_NAIVE = 0, 1, 2


_TOD: np.ndarray | None = None


def _time_of_day_table() -> np.ndarray:
    """(86400, 8) bytes "HH:MM:SS" for every second of a day (built once)."""
    global _TOD
    if _TOD is None:
        sec = np.arange(86400)
        tod = np.empty((86400, 8), dtype=np.uint8)
        tod[:, 0:2] = _DEC_PAIRS[sec // 3600]
        tod[:, 2] = 58
        tod[:, 3:5] = _DEC_PAIRS[(sec // 60) % 60]
        tod[:, 5] = 58
        tod[:, 6:8] = _DEC_PAIRS[sec % 60]
        _TOD = tod
    return _TOD


def _date_table(lo: int, hi: int) -> np.ndarray:
    """(hi - lo + 1, 10) bytes "YYYY-MM-DD" for days lo..hi since 1970-01-01."""
    y, m, d = civil(np.arange(lo, hi + 1))
    out = np.empty((hi - lo + 1, 10), dtype=np.uint8)
    out[:, 0:2] = _DEC_PAIRS[y // 100]
    out[:, 2:4] = _DEC_PAIRS[y % 100]
    out[:, 4] = 45
    out[:, 5:7] = _DEC_PAIRS[m]
    out[:, 7] = 45
    out[:, 8:10] = _DEC_PAIRS[d]
    return out


_LENGTHS = np.array([25, 20, 19])
_LEN_MASKS = np.arange(25, dtype=np.int16)[None, :] < _LENGTHS[:, None]
#: "+HH:MM" for every quarter-hour offset from -14:00 to +14:00 (index offset // 900 + 56)
_OFFSET_TABLE = np.array(
    [
        list(f"{'-' if q < 0 else '+'}{abs(q) // 4:02d}:{abs(q) % 4 * 15:02d}".encode())
        for q in range(-56, 57)
    ],
    dtype=np.uint8,
)


def iso_timestamps(
    t_sec: np.ndarray,
    offset_sec: np.ndarray | int = 0,
    form: np.ndarray | int = FORM_NAIVE,
    sep: str = "T",
) -> pa.Array:
    """ISO-8601 text of UTC epoch seconds.

    ``form`` per row: 0 local time with ``+HH:MM`` offset, 1 UTC with ``Z``, 2 naive UTC.
    Dates and times of day come from lookup tables (the window spans few days).
    """
    t = np.asarray(t_sec, dtype=np.int64)
    n = len(t)
    form = np.broadcast_to(np.asarray(form, dtype=np.int8), (n,))
    off = np.broadcast_to(np.asarray(offset_sec, dtype=np.int64), (n,))
    loc = t + np.where(form == FORM_OFFSET, off, 0) if n else t
    days = loc // 86400
    sod = loc - days * 86400
    mat = np.empty((n, 25), dtype=np.uint8)
    if n:
        lo = int(days.min())
        mat[:, 0:10] = _date_table(lo, int(days.max()))[days - lo]
    mat[:, 10] = ord(sep)
    mat[:, 11:19] = _time_of_day_table()[sod]
    if (form == FORM_NAIVE).all():
        return strings_from_matrix(mat[:, :19])
    # suffixes: "Z" or "+HH:MM" from a table of the distinct offsets
    suffix = np.zeros((n, 6), dtype=np.uint8)
    suffix[:, 0] = 90
    sel = form == FORM_OFFSET
    if sel.any():
        suffix[sel] = _OFFSET_TABLE[off[sel] // 900 + 56]
    mat[:, 19:25] = suffix
    return strings_from_matrix(mat, lengths=_LENGTHS[form], keep=_LEN_MASKS[form])


def timestamps_us(t_sec: np.ndarray) -> pa.Array:
    """A ``timestamp[us]`` array of UTC epoch seconds."""
    return pa.array(np.asarray(t_sec, dtype=np.int64) * 1_000_000, type=pa.timestamp("us"))


def dates(days: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """A ``date32`` array of days since 1970-01-01 (``mask``: null)."""
    return pa.array(np.asarray(days, dtype=np.int32), type=pa.date32(), mask=mask)


def decimals(cents: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """A ``decimal128(18, 2)`` array of integer cents, built from its buffer."""
    c = np.asarray(cents, dtype=np.int64)
    words = np.empty((len(c), 2), dtype=np.int64)
    words[:, 0] = c
    words[:, 1] = c >> 63
    validity = None
    if mask is not None and mask.any():
        validity = pa.array(~mask).buffers()[1]
    return pa.Array.from_buffers(pa.decimal128(18, 2), len(c), [validity, pa.py_buffer(words)])


def categories(
    values: Sequence[str | None] | pa.Array, idx: np.ndarray, mask: np.ndarray | None = None
) -> pa.Array:
    """Dictionary-encoded strings ``values[idx]`` (``mask`` true: null); zero-copy."""
    idx = np.asarray(idx)
    if isinstance(values, pa.Array):
        dictionary = values  # callers pass unique values (ids)
    else:
        vals = list(values)
        none = np.array([v is None for v in vals], dtype=bool)
        if none.any():  # a null value in the dictionary becomes a null index
            hit = none[idx]
            mask = hit if mask is None else (mask | hit)
        # unique dictionary values (Parquet dictionary pages must not repeat values)
        unique: dict[str, int] = {}
        remap = np.array([unique.setdefault(v or "", len(unique)) for v in vals], np.int64)
        idx = remap[idx] if len(idx) else idx
        dictionary = pa.array(list(unique), pa.string())
    indices = pa.array(idx.astype(np.int32), type=pa.int32(), mask=mask)
    return pa.DictionaryArray.from_arrays(indices, dictionary)


def category_strings(
    values: Sequence[str | None], idx: np.ndarray, mask: np.ndarray | None = None
) -> pa.Array:
    """Plain strings ``values[idx]`` (``mask`` true: null)."""
    return categories(values, idx, mask).dictionary_decode()


def int64s(values: np.ndarray) -> pa.Array:
    return pa.array(np.asarray(values, dtype=np.int64), type=pa.int64())

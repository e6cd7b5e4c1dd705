"""Vectorised builders of Arrow columns: ids, ISO timestamps, decimals, categories.

Strings are written as bytes into numpy matrices and handed to Arrow as buffers, which
is an order of magnitude faster than formatting per row or `pyarrow.compute.strftime`.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pyarrow as pa

from lottery_analytics.generator.columns import Dict, Num, Strs, strs_from_list

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


def strings_from_matrix(mat: np.ndarray, lengths: np.ndarray | None = None) -> pa.Array:
    """A string array from a (n, w) uint8 matrix; ``lengths`` cuts each row."""
    return _strs(mat, lengths).to_arrow()


def _strs(mat: np.ndarray, lengths: np.ndarray | None = None) -> Strs:
    n, w = mat.shape
    out = _prefixed(n, w, lengths)
    out[:, 4:] = mat
    return Strs(out, None if lengths is None else np.asarray(lengths, dtype=np.int64))


def _prefixed(n: int, width: int, lengths: np.ndarray | None = None) -> np.ndarray:
    """An (n, 4 + width) matrix whose first 4 bytes hold each row's length."""
    mat = np.empty((n, width + 4), dtype=np.uint8)
    if lengths is None:
        mat[:, :4] = np.frombuffer(np.uint32(width).astype("<u4").tobytes(), np.uint8)
    else:
        mat[:, 0] = lengths
        mat[:, 1:4] = 0
    return mat


def _prefix_matrix(prefix: str, n: int, width: int) -> np.ndarray:
    """Length-prefixed rows of ``prefix`` + ``width`` bytes to fill (see columns.Strs)."""
    p = prefix.encode("ascii")
    mat = _prefixed(n, len(p) + width)
    if p:
        mat[:, 4 : 4 + len(p)] = np.frombuffer(p, dtype=np.uint8)
    return mat


#: 16-bit value -> its four hex digits, as one uint32 (little-endian bytes in text order)
_HEX16 = (
    np.stack([_HEX[(np.arange(65536) >> s) & 15] for s in (12, 8, 4, 0)], axis=1)
    .copy()
    .view("<u4")
    .reshape(-1)
)
#: 0..9999 -> four decimal digits, as one uint32
_DEC4 = (
    np.stack([(np.arange(10000) // d) % 10 + 48 for d in (1000, 100, 10, 1)], axis=1)
    .astype(np.uint8)
    .view("<u4")
    .reshape(-1)
)


def hex_ids(prefix: str, values: np.ndarray, nbytes: int = 6) -> Strs:
    """``prefix`` + ``2*nbytes`` lower-case hex digits of each value (nbytes even, <= 8)."""
    v = np.asarray(values, dtype=np.uint64)
    n = len(v)
    p = prefix.encode("ascii")
    k = nbytes // 2
    # row: length prefix and the prefix (one constant), then k groups of 4 hex digits
    head = 4 + len(p)
    layout = np.dtype(
        {
            "names": ["head", *[f"h{i}" for i in range(k)]],
            "formats": [f"V{head}", *["<u4"] * k],
            "offsets": [0, *[head + 4 * i for i in range(k)]],
            "itemsize": head + 4 * k,
        }
    )
    mat = np.empty((n, head + 4 * k), dtype=np.uint8)
    rows = mat.view(layout).reshape(-1)
    rows["head"] = np.frombuffer(struct.pack("<I", len(p) + 2 * k * 2) + p, "V" + str(head))[0]
    pieces = v.astype("<u8", copy=False).view("<u2").reshape(n, 4)  # least significant first
    for i in range(k):
        np.take(_HEX16, pieces[:, k - 1 - i], out=rows[f"h{i}"])
    return Strs(mat)


def dec_ids(prefix: str, values: np.ndarray, width: int) -> Strs:
    """``prefix`` + zero-padded decimal of each value (``width`` digits)."""
    v = np.asarray(values, dtype=np.int64).copy()
    mat = _prefix_matrix(prefix, len(v), width)
    lo = 4 + len(prefix)
    pos = lo + width
    while pos - 4 >= lo:
        q, r = np.divmod(v, 10000)
        mat[:, pos - 4 : pos] = _DEC4[r].view(np.uint8).reshape(-1, 4)
        v = q
        pos -= 4
    while pos > lo:
        mat[:, pos - 1] = (v % 10 + 48).astype(np.uint8)
        v //= 10
        pos -= 1
    return Strs(mat)


def dec_strings(values: np.ndarray) -> pa.Array:
    """Plain decimal text of non-negative integers (no padding)."""
    v = np.asarray(values, dtype=np.int64)
    width = max(1, len(str(int(v.max())))) if len(v) else 1
    padded = dec_ids("", v, width).mat[:, 4:]
    lengths = np.ones(len(v), dtype=np.int64)
    for d in range(1, width):
        lengths += v >= 10**d
    # right-aligned digits: move them left by the padding
    shift = width - lengths
    idx = (np.arange(width)[None, :] + shift[:, None]).clip(max=width - 1)
    return strings_from_matrix(np.take_along_axis(padded, idx, axis=1), lengths)


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
#: "+HH:MM" for every quarter-hour offset from -14:00 to +14:00 (code offset // 900 + 58),
#: "Z" (code 1), nothing (code 0: naive)
_SUFFIX = np.array(
    [list(b"\0" * 6), list(b"Z\0\0\0\0\0")]
    + [
        list(f"{'-' if q < 0 else '+'}{abs(q) // 4:02d}:{abs(q) % 4 * 15:02d}".encode())
        for q in range(-56, 57)
    ],
    dtype=np.uint8,
)
#: row layout of an ISO timestamp (see columns.Strs): length prefix, date, separator and
#: hour ("head", by form and hour), then ":MM:SS" and the suffix ("tail", by second of the
#: hour and suffix)
_ISO_ROW = np.dtype({"names": ["head", "tail"], "formats": ["V17", "V12"], "offsets": [0, 17]})


@lru_cache(maxsize=8)
def _iso_heads(h_lo: int, h_hi: int, sep: str) -> np.ndarray:
    """(3 forms x hours) rows of 17 bytes: length prefix, "YYYY-MM-DD", sep, "HH"."""
    hours = np.arange(h_lo, h_hi + 1, dtype=np.int64)
    nh = len(hours)
    days = hours // 24
    d_lo = int(days.min())
    dates = _date_table(d_lo, int(days.max()))[days - d_lo]
    out = np.empty((3, nh, 17), dtype=np.uint8)
    out[:, :, 0] = _LENGTHS[:, None]
    out[:, :, 1:4] = 0
    out[:, :, 4:14] = dates[None]
    out[:, :, 14] = ord(sep)
    out[:, :, 15:17] = _DEC_PAIRS[hours % 24][None]
    return out.reshape(3 * nh, 17).view("V17").reshape(-1)


@lru_cache(maxsize=16)
def _iso_tails(codes: tuple[int, ...]) -> np.ndarray:
    """(3600 seconds x suffix codes) rows of 12 bytes: ":MM:SS", suffix."""
    sec = np.arange(3600)
    out = np.empty((3600, len(codes), 12), dtype=np.uint8)
    out[:, :, 0] = 58
    out[:, :, 1:3] = _DEC_PAIRS[sec // 60][:, None]
    out[:, :, 3] = 58
    out[:, :, 4:6] = _DEC_PAIRS[sec % 60][:, None]
    out[:, :, 6:12] = _SUFFIX[list(codes)][None]
    return out.reshape(3600 * len(codes), 12).view("V12").reshape(-1)


def iso_timestamps(
    t_sec: np.ndarray,
    offset_sec: np.ndarray | int = 0,
    form: np.ndarray | int = FORM_NAIVE,
    sep: str = "T",
) -> Strs:
    """ISO-8601 text of UTC epoch seconds.

    ``form`` per row: 0 local time with ``+HH:MM`` offset, 1 UTC with ``Z``, 2 naive UTC.
    Each row is two lookups: the length prefix, date and hour by (form, hour), and the
    minutes, seconds and suffix by (second of the hour, suffix).
    """
    t = np.asarray(t_sec, dtype=np.int64)
    n = len(t)
    scalar_form = np.ndim(form) == 0
    form_arr = np.broadcast_to(np.asarray(form, dtype=np.int8), (n,))
    mat = np.empty((n, 29), dtype=np.uint8)
    if n:
        # seconds since the start of a 4096-hour block (one block early: offsets can be
        # negative), in int32; tables of whole blocks are shared by the chunks of a run
        block = 4096 * 3600
        base = (int(t.min()) // block - 1) * block
        rel = (t - base).astype(np.int32)
        if scalar_form:
            f = int(form)
            off = np.broadcast_to(np.asarray(offset_sec, dtype=np.int32), (n,))
            if f == FORM_OFFSET:
                rel += off
                code = off // 900 + 58
            else:
                code = np.full(n, 1 - (f == FORM_NAIVE), dtype=np.int32)
        else:
            off = np.broadcast_to(np.asarray(offset_sec, dtype=np.int32), (n,))
            is_off = form_arr == FORM_OFFSET
            rel += np.where(is_off, off, 0)
            # suffix codes: 0 naive, 1 "Z", 2 + quarter hours for an offset
            code = np.where(is_off, off // 900 + 58, (form_arr != FORM_NAIVE).astype(np.int32))
        hour = rel // 3600
        sec = rel - hour * 3600
        nh = (int(hour.max()) // 4096 + 1) * 4096
        used = np.nonzero(np.bincount(code, minlength=len(_SUFFIX)))[0]
        remap = np.zeros(len(_SUFFIX), dtype=np.int32)
        remap[used] = np.arange(len(used), dtype=np.int32)
        if not scalar_form:
            hour += form_arr.astype(np.int32) * nh
        elif int(form):
            hour += int(form) * nh
        sec *= len(used)
        sec += remap[code]
        rows = mat.view(_ISO_ROW).reshape(-1)
        np.take(_iso_heads(base // 3600, base // 3600 + nh - 1, sep), hour, out=rows["head"])
        np.take(_iso_tails(tuple(used.tolist())), sec, out=rows["tail"])
    if scalar_form:
        width = 4 + int(_LENGTHS[int(form)])
        return Strs(np.ascontiguousarray(mat[:, :width]))
    return Strs(mat, _LENGTHS[form_arr])


def timestamps_us(t_sec: np.ndarray) -> Num:
    """A ``timestamp[us]`` column of UTC epoch seconds."""
    return Num(np.asarray(t_sec, dtype=np.int64) * 1_000_000, "timestamp")


def dates(days: np.ndarray, mask: np.ndarray | None = None) -> Num:
    """A ``date32`` column of days since 1970-01-01 (``mask``: null)."""
    return Num(np.asarray(days, dtype=np.int32), "date", _mask(mask))


def decimals(cents: np.ndarray, mask: np.ndarray | None = None) -> Num:
    """A ``decimal128(18, 2)`` column of integer cents."""
    return Num(np.asarray(cents, dtype=np.int64), "decimal", _mask(mask))


def _mask(mask: np.ndarray | None) -> np.ndarray | None:
    return mask if mask is not None and mask.any() else None


@lru_cache(maxsize=256)
def _category_list(values: tuple[str | None, ...]) -> tuple[Strs, np.ndarray | None, np.ndarray]:
    """Unique dictionary values of a list, the remap of list positions to them (None when
    the identity) and which positions are None."""
    none = np.array([v is None for v in values], dtype=bool)
    unique: dict[str, int] = {}
    remap = np.array([unique.setdefault(v or "", len(unique)) for v in values], np.int32)
    identity = np.array_equal(remap, np.arange(len(values)))
    return strs_from_list(list(unique)), None if identity else remap, none


def categories(
    values: Sequence[str | None] | Strs, idx: np.ndarray, mask: np.ndarray | None = None
) -> Dict:
    """Dictionary-encoded strings ``values[idx]`` (``mask`` true: null).

    ``idx`` must be a valid position on every row, masked ones included (their value is
    never written).
    """
    idx = np.asarray(idx)
    if isinstance(values, Strs):
        dictionary = values  # callers pass unique values (ids)
    else:
        dictionary, remap, none = _category_list(tuple(values))
        if none.any():  # a null value in the dictionary becomes a null index
            hit = none[idx]
            mask = hit if mask is None else (mask | hit)
        if remap is not None and len(idx):
            idx = remap[idx]
    return Dict(dictionary, idx.astype(np.int32, copy=False), _mask(mask))


def category_strings(
    values: Sequence[str | None] | Strs, idx: np.ndarray, mask: np.ndarray | None = None
) -> pa.Array:
    """Plain strings ``values[idx]`` (``mask`` true: null), as Arrow."""
    return categories(values, idx, mask).to_arrow().dictionary_decode()


def int64s(values: np.ndarray) -> Num:
    return Num(np.asarray(values, dtype=np.int64), "int64")

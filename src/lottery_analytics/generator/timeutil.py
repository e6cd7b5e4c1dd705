"""UTC offsets with daylight-saving time, vectorised, without a time-zone database.

Two rules cover every zone the generator uses:

* US (since 2007): DST from the second Sunday of March 02:00 local standard time to the
  first Sunday of November 02:00 local daylight time.
* EU (since 1996): summer time from the last Sunday of March 01:00 UTC to the last
  Sunday of October 01:00 UTC.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np

from lottery_analytics.generator.params import TZ_EU, TZ_US

DAY = 86_400
HOUR = 3_600
_EPOCH = dt.date(1970, 1, 1)
_YEARS = np.arange(1990, 2071)


def epoch_day(day: dt.date) -> int:
    """Days since 1970-01-01."""
    return (day - _EPOCH).days


def epoch_seconds(day: dt.date, hour: int = 0, minute: int = 0) -> int:
    """UTC epoch seconds of a naive UTC date and time."""
    return epoch_day(day) * DAY + hour * HOUR + minute * 60


def _nth_sunday(year: int, month: int, n: int) -> dt.date:
    d = dt.date(year, month, 1)
    first = d + dt.timedelta(days=(6 - d.weekday()) % 7)
    return first + dt.timedelta(weeks=n - 1)


def _last_sunday(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() + 1) % 7)


_YEAR_START = np.array([epoch_day(dt.date(int(y), 1, 1)) * DAY for y in _YEARS], dtype=np.int64)
#: US transitions as local-standard seconds: start 02:00 std, end 02:00 daylight = 01:00 std
_US_START_LOCAL = np.array(
    [epoch_seconds(_nth_sunday(int(y), 3, 2), 2) for y in _YEARS], dtype=np.int64
)
_US_END_LOCAL = np.array(
    [epoch_seconds(_nth_sunday(int(y), 11, 1), 1) for y in _YEARS], dtype=np.int64
)
_EU_START_UTC = np.array(
    [epoch_seconds(_last_sunday(int(y), 3), 1) for y in _YEARS], dtype=np.int64
)
_EU_END_UTC = np.array([epoch_seconds(_last_sunday(int(y), 10), 1) for y in _YEARS], dtype=np.int64)


def _dst_by_rule(t: np.ndarray, local_std: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """US and EU daylight-saving flags at UTC instants ``t`` (local standard ``local_std``)."""
    yi = np.clip(np.searchsorted(_YEAR_START, t, side="right") - 1, 0, len(_YEARS) - 1)
    us = (local_std >= _US_START_LOCAL[yi]) & (local_std < _US_END_LOCAL[yi])
    eu = (t >= _EU_START_UTC[yi]) & (t < _EU_END_UTC[yi])
    return us, eu


def _utc_offset_exact(t: np.ndarray, rule: np.ndarray, std: np.ndarray) -> np.ndarray:
    local_std = t + std
    us, eu = _dst_by_rule(t, local_std)
    dst = np.where(rule == TZ_US, us, (rule == TZ_EU) & eu)
    return std + dst.astype(np.int64) * HOUR


def utc_offset(t_sec: np.ndarray, rule: np.ndarray, std_hours: np.ndarray) -> np.ndarray:
    """UTC offset in seconds at UTC instants ``t_sec`` for zones (``rule``, std offset).

    Transitions happen on whole hours (of local standard time for the US rule, of UTC for
    the EU rule, and standard offsets are whole hours), so large inputs look their offset
    up in a table of (zone, UTC hour) over the hours they span.
    """
    t = np.asarray(t_sec, dtype=np.int64)
    n = t.size
    if n < 4096:
        rule_b = np.broadcast_to(np.asarray(rule), t.shape)
        std = np.broadcast_to(np.asarray(std_hours), t.shape).astype(np.int64) * HOUR
        return _utc_offset_exact(t, rule_b, std)
    # zone code: rule * 64 + std + 32 (std hours in -14..14)
    zone = np.broadcast_to(np.asarray(rule, dtype=np.int16), t.shape) * 64
    zone = zone + (np.broadcast_to(np.asarray(std_hours, dtype=np.int16), t.shape) + 32)
    present = np.nonzero(np.bincount(zone, minlength=3 * 64))[0]
    hour = t // HOUR
    # whole 4096-hour blocks: the tables are shared by the chunks of a run
    h_lo = int(hour.min()) // 4096 * 4096
    nh = (int(hour.max()) // 4096 * 4096 + 4096) - h_lo
    table = np.concatenate([_zone_hours(int(z), h_lo, nh) for z in present])
    slot = np.zeros(3 * 64, dtype=np.int64)
    slot[present] = np.arange(len(present)) * nh
    hour -= h_lo
    hour += slot[zone]
    return table[hour].astype(np.int64)


@lru_cache(maxsize=256)
def _zone_hours(zone: int, h_lo: int, nh: int) -> np.ndarray:
    """UTC offset (seconds) of zone code ``rule * 64 + std + 32`` at the start of each of
    ``nh`` hours from hour ``h_lo`` (it holds for the whole hour)."""
    hours = np.arange(h_lo, h_lo + nh, dtype=np.int64) * HOUR
    rule = np.full(nh, zone // 64)
    std = np.full(nh, (zone % 64 - 32) * HOUR, dtype=np.int64)
    return _utc_offset_exact(hours, rule, std).astype(np.int32)


def local_to_utc(day: dt.date, hour: int, minute: int, rule: int, std_hours: int) -> int:
    """UTC epoch seconds of a local wall-clock time (non-ambiguous times only)."""
    naive = epoch_seconds(day, hour, minute)
    guess = naive - std_hours * HOUR
    off = int(utc_offset(np.array([guess]), np.array([rule]), np.array([std_hours]))[0])
    return naive - off

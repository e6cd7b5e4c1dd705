"""How much faster would compiled code make the generator? A probe on one stage.

    pip install numba   # not a dependency of the package
    python benchmarks/compiled_kernel_probe.py            # 3 M timestamps, 5 repeats

Writes the ISO-8601 text of random UTC instants (a third each with a local offset, with
"Z", naive: the mix of `web_events.event_at`) three ways and checks that all three give
the same bytes:

- `numpy`: the generator's `fmt.iso_timestamps` (two table lookups per row);
- `numba_arithmetic`: a plain compiled loop that computes the calendar date of each row;
- `numba_tables`: a compiled loop that looks the date up in a table of days and writes
  two-digit pairs, the way the numpy code is organised.

The suffix is written inline in each loop: as a helper function (even with
`inline="always"`) it made the table kernel almost three times slower (0.13-0.15 s instead
of 0.05 s for 3 M rows).

CPU seconds per call (process time, best of the repeats) go to
benchmarks/results/compiled_kernel_probe.json with the machine's description.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import machine  # benchmarks/machine.py (this script's folder is on sys.path)
import numpy as np

try:
    import numba
except ImportError:  # pragma: no cover - the probe needs it, the package does not
    sys.exit("compiled_kernel_probe.py needs numba: pip install numba")

from lottery_analytics.generator import fmt

HERE = Path(__file__).resolve().parent
DAY = 86400

#: 0..99 -> two ASCII digits as one little-endian uint16
PAIRS = np.array([(48 + i // 10) | ((48 + i % 10) << 8) for i in range(100)], dtype=np.uint16)
#: suffix length by form (0 offset "+HH:MM", 1 "Z", 2 naive)
LENGTHS = np.array([25, 20, 19], dtype=np.uint8)


@numba.njit(cache=True, nogil=True, inline="always")
def _civil(days: int) -> tuple[int, int, int]:
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (1 if m <= 2 else 0), m, d


@numba.njit(cache=True, nogil=True, inline="always")
def _put2(out: np.ndarray, at: int, pair: int) -> None:
    out[at] = pair & 255
    out[at + 1] = pair >> 8


@numba.njit(cache=True, nogil=True)
def iso_arithmetic(t, off, form, sep, lengths, pairs, out):
    for i in range(t.shape[0]):
        f = form[i]
        loc = t[i] + (off[i] if f == 0 else 0)
        day = loc // DAY
        s = loc - day * DAY
        y, m, d = _civil(day)
        b = i * 29
        out[b] = lengths[f]
        _put2(out, b + 4, pairs[y // 100])
        _put2(out, b + 6, pairs[y % 100])
        out[b + 8] = 45
        _put2(out, b + 9, pairs[m])
        out[b + 11] = 45
        _put2(out, b + 12, pairs[d])
        out[b + 14] = sep
        _put2(out, b + 15, pairs[s // 3600])
        out[b + 17] = 58
        _put2(out, b + 18, pairs[s % 3600 // 60])
        out[b + 20] = 58
        _put2(out, b + 21, pairs[s % 60])
        if f == 0:
            o = off[i]
            out[b + 23] = 45 if o < 0 else 43
            q = (-o if o < 0 else o) // 900
            _put2(out, b + 24, pairs[q >> 2])
            out[b + 26] = 58
            _put2(out, b + 27, pairs[(q & 3) * 15])
        elif f == 1:
            out[b + 23] = 90


@numba.njit(cache=True, nogil=True)
def iso_tables(t, off, form, sep, lengths, pairs, dates, day0, out):
    for i in range(t.shape[0]):
        f = form[i]
        loc = np.uint64(t[i] + (off[i] if f == 0 else 0) - day0 * DAY)
        day = loc // np.uint64(DAY)
        s = loc - day * np.uint64(DAY)
        h = s // np.uint64(3600)
        r = s - h * np.uint64(3600)
        mm = r // np.uint64(60)
        b = i * 29
        out[b] = lengths[f]
        for j in range(10):
            out[b + 4 + j] = dates[day, j]
        out[b + 14] = sep
        _put2(out, b + 15, pairs[h])
        out[b + 17] = 58
        _put2(out, b + 18, pairs[mm])
        out[b + 20] = 58
        _put2(out, b + 21, pairs[r - mm * np.uint64(60)])
        if f == 0:
            o = off[i]
            out[b + 23] = 45 if o < 0 else 43
            q = (-o if o < 0 else o) // 900
            _put2(out, b + 24, pairs[q >> 2])
            out[b + 26] = 58
            _put2(out, b + 27, pairs[(q & 3) * 15])
        elif f == 1:
            out[b + 23] = 90


def _date_table(lo: int, hi: int) -> np.ndarray:
    y, m, d = fmt.civil(np.arange(lo, hi + 1))
    text = "".join(f"{a:04d}-{b:02d}-{c:02d}" for a, b, c in zip(y, m, d, strict=True))
    return np.frombuffer(text.encode(), dtype=np.uint8).reshape(-1, 10)


def _visible(mat: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Bytes of each row up to its length (the rest of a row is not part of the value)."""
    return np.where(np.arange(29)[None, :] < lengths[:, None] + 4, mat, 0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=3_000_000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--result", type=Path, default=HERE / "results" / "compiled_kernel_probe.json")
    args = ap.parse_args(argv)

    rng = np.random.default_rng(1)
    n = args.rows
    t = rng.integers(1_735_689_600, 1_735_689_600 + 365 * DAY, n)
    off = (rng.integers(-20, 20, n) * 1800).astype(np.int32)
    form = rng.integers(0, 3, n).astype(np.int8)
    day0 = int(t.min()) // DAY - 2
    dates = _date_table(day0, int(t.max()) // DAY + 2)
    sep = ord("T")

    t0 = time.perf_counter()
    scratch = np.zeros(29 * 8, dtype=np.uint8)
    iso_arithmetic(t[:8], off[:8], form[:8], sep, LENGTHS, PAIRS, scratch)
    iso_tables(t[:8], off[:8], form[:8], sep, LENGTHS, PAIRS, dates, day0, scratch)
    compile_seconds = time.perf_counter() - t0

    def run_numpy() -> np.ndarray:
        return fmt.iso_timestamps(t, off, form).mat

    def run_arithmetic() -> np.ndarray:
        out = np.zeros(n * 29, dtype=np.uint8)
        iso_arithmetic(t, off, form, sep, LENGTHS, PAIRS, out)
        return out.reshape(n, 29)

    def run_tables() -> np.ndarray:
        out = np.zeros(n * 29, dtype=np.uint8)
        iso_tables(t, off, form, sep, LENGTHS, PAIRS, dates, day0, out)
        return out.reshape(n, 29)

    ways = {"numpy": run_numpy, "numba_arithmetic": run_arithmetic, "numba_tables": run_tables}
    seconds: dict[str, list[float]] = {k: [] for k in ways}
    outputs: dict[str, np.ndarray] = {}
    for _ in range(args.repeats):
        for name, fn in ways.items():
            c0 = time.process_time()
            outputs[name] = fn()
            seconds[name].append(time.process_time() - c0)
    lengths = LENGTHS[form].astype(np.int64)
    reference = _visible(outputs["numpy"], lengths)
    same = {k: bool(np.array_equal(_visible(v, lengths), reference)) for k, v in outputs.items()}
    if not all(same.values()):
        print(f"outputs differ from numpy: {same}", file=sys.stderr)
        return 1
    best = {k: min(v) for k, v in seconds.items()}
    result = {
        "rows": n,
        "repeats": args.repeats,
        "cpu_seconds_best": {k: round(v, 4) for k, v in best.items()},
        "cpu_seconds_all": {k: [round(x, 4) for x in v] for k, v in seconds.items()},
        "ns_per_row_best": {k: round(v / n * 1e9, 1) for k, v in best.items()},
        "speedup_over_numpy": {k: round(best["numpy"] / v, 2) for k, v in best.items()},
        "compile_seconds": round(compile_seconds, 2),
        "numba": numba.__version__,
        "numpy": np.__version__,
        "same_bytes_as_numpy": same,
        "machine": machine.describe(),
        "measured_at": machine.measured_at(),
    }
    machine.write_result(args.result, result)
    print(json.dumps({k: result[k] for k in ("ns_per_row_best", "speedup_over_numpy")}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark of the synthetic data generator: rows per second and peak memory.

    python benchmarks/generate_benchmark.py                       # 1M accounts, one year
    python benchmarks/generate_benchmark.py --accounts 100000 --workers 1 --format csv

Rows per second = rows of the six raw tables / wall seconds of `generate()` (truth
included in the time): the reading the issue's target is judged on. The truth's rows (one
per web event, account, cookie and dirty row) are recorded too (`truth_rows`), with
`all_rows_per_second` counting both, for whoever reads "rows written" as everything the
run writes. Peak RSS = the largest sum of resident memory of this process and its worker
processes, sampled every 100 ms from /proc. CPU seconds are split into user and system
time of this (main) process and of the workers. The machine is shared: `--wait-idle S` waits up
to S seconds for both cores to be idle first, and the result records how idle the machine
was just before the run (`machine.idle_before`, share of CPU time idle over 5 s; 1.0 =
nothing else running). Writes benchmarks/results/generate.json (or --result) and prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import machine  # benchmarks/machine.py (this script's folder is on sys.path)

from lottery_analytics.generator import generate

HERE = Path(__file__).resolve().parent


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def _cpu_times() -> tuple[int, int]:
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return v[3] + v[4], sum(v)


def idle_share(seconds: float = 5.0) -> float:
    """Share of all CPUs' time spent idle over ``seconds`` (Linux; 1.0 elsewhere)."""
    try:
        i0, t0 = _cpu_times()
        time.sleep(seconds)
        i1, t1 = _cpu_times()
    except OSError:
        return 1.0
    return (i1 - i0) / max(t1 - t0, 1)


def wait_idle(limit: float, threshold: float = 0.95) -> float:
    """Wait (up to ``limit`` seconds) for two idle 5-second windows in a row."""
    start, ok, share = time.monotonic(), 0, idle_share()
    while ok < 2 and time.monotonic() - start < limit:
        share = idle_share()
        ok = ok + 1 if share >= threshold else 0
    return share


class PeakRss:
    """Samples RSS of this process and its descendants; keeps the peak of the sum."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            pids, todo = [], [me]
            while todo:
                p = todo.pop()
                pids.append(p)
                todo.extend(_children(p))
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(p) for p in pids))
            time.sleep(self.interval)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--accounts", type=int, default=1_000_000)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--start", default="2025-01-01")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--chunk-accounts", type=int, default=20_000)
    ap.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    ap.add_argument("--out", type=Path, default=None, help="default: a temporary directory")
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    ap.add_argument("--result", type=Path, default=HERE / "results" / "generate.json")
    ap.add_argument("--wait-idle", type=float, default=0.0, metavar="S")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="lottery-bench-"))
    out = args.out or work / "raw"
    config = machine.generation_config(
        args,
        out,
        format=args.format,
        workers=args.workers,
        chunk_accounts=args.chunk_accounts,
        overwrite=True,
    )
    idle_before = wait_idle(args.wait_idle) if args.wait_idle > 0 else idle_share()
    load_before = os.getloadavg()[0]
    try:
        with PeakRss() as rss:
            t0 = time.perf_counter()
            summary = generate(config)
            wall = time.perf_counter() - t0
        ru_self = resource.getrusage(resource.RUSAGE_SELF)
        ru_children = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = {
            "accounts": args.accounts,
            "days": args.days,
            "start": args.start,
            "seed": args.seed,
            "workers": args.workers,
            "chunk_accounts": args.chunk_accounts,
            "format": args.format,
            "rows": {name: s.rows for name, s in summary.tables.items()},
            "total_rows": summary.total_rows,
            "bytes": sum(s.bytes for s in summary.tables.values()),
            "truth_bytes": sum(s.bytes for s in summary.truth.values()),
            "truth_rows": {name: s.rows for name, s in summary.truth.items()},
            "wall_seconds": round(wall, 2),
            "rows_per_second": round(summary.total_rows / wall),
            "all_rows_per_second": round(
                (summary.total_rows + sum(s.rows for s in summary.truth.values())) / wall
            ),
            "cpu_seconds": round(
                ru_self.ru_utime + ru_self.ru_stime + ru_children.ru_utime + ru_children.ru_stime,
                2,
            ),
            "cpu_ns_per_row": round(
                1e9
                * (
                    ru_self.ru_utime
                    + ru_self.ru_stime
                    + ru_children.ru_utime
                    + ru_children.ru_stime
                )
                / summary.total_rows
            ),
            "cpu_split": {
                "writer_user": round(ru_self.ru_utime, 2),
                "writer_system": round(ru_self.ru_stime, 2),
                "workers_user": round(ru_children.ru_utime, 2),
                "workers_system": round(ru_children.ru_stime, 2),
            },
            "peak_rss_mb": round(rss.peak_kb / 1024),
            "max_single_process_rss_mb": round(
                max(ru_self.ru_maxrss, ru_children.ru_maxrss) / 1024
            ),
            "target": {"rows_per_second": 5_000_000, "peak_rss_mb": 4096},
            "machine": {
                **machine.describe(),
                "idle_before": round(idle_before, 3),
                "load_average_before": round(load_before, 2),
            },
            "measured_at": machine.measured_at(),
        }
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
            if args.out is not None:
                shutil.rmtree(args.out, ignore_errors=True)
    machine.write_result(args.result, result)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

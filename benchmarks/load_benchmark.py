"""Benchmark of the loader: a day's append against a full load, on one engine.

    python benchmarks/load_benchmark.py --raw /work/data1m          # DuckDB, pre-generated
    python benchmarks/load_benchmark.py --accounts 100000 --runs 3

Splits the raw tables at the start of the window's last day as
benchmarks/incremental_benchmark.py does (history: rows with `_loaded_at <= cutoff`; the
day: the others), then alternates, `--runs` times each (default 3):

* full load: `lottery-analytics load` (replace) of the whole raw data into a warehouse;
* append: `lottery-analytics load --append` of the day's extract onto the history (DuckDB:
  the file with the history loaded once is copied before each append, outside the timing).

Seconds of each run (wall, checks included) and medians. Writes
benchmarks/results/load_<engine>_<accounts>.json and prints it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import machine  # benchmarks/machine.py (this script's folder is on sys.path)
from build_benchmark import ROOT, _accounts_of, empty_warehouse, generate_from_args
from incremental_benchmark import split_raw

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--engine", choices=["duckdb"], default="duckdb")
    ap.add_argument("--accounts", type=int, default=None, help="generate (unless --raw)")
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--start", default="2025-01-01")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--raw", type=Path, default=None, help="pre-generated raw data to reuse")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--result", type=Path, default=None)
    args = ap.parse_args(argv)
    if not args.raw and not args.accounts:
        ap.error("give --raw DIR or --accounts N")

    from lottery_analytics.loader import load_directory_to

    work = Path(tempfile.mkdtemp(prefix="lottery-load-benchmark-"))
    empty_warehouse(args.engine, work)
    full_db, history_db, append_db = (work / f"{n}.duckdb" for n in ("full", "history", "day"))
    try:
        raw = args.raw
        if raw is None:
            raw = work / "raw"
            generate_from_args(args, raw)
        accounts = args.accounts or _accounts_of(raw)
        cutoff = dt.datetime.fromisoformat(args.start) + dt.timedelta(days=args.days - 1)
        rows = split_raw(raw, work / "history", work / "day", cutoff)

        def load(directory: Path, database: Path, append: bool) -> float:
            t0 = time.perf_counter()
            load_directory_to(args.engine, directory, root=ROOT, database=database, append=append)
            return time.perf_counter() - t0

        history_seconds = load(work / "history", history_db, False)
        full, append = [], []
        for _ in range(args.runs):
            full_db.unlink(missing_ok=True)
            full.append(load(raw, full_db, False))
            shutil.copyfile(history_db, append_db)
            append.append(load(work / "day", append_db, True))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    result = {
        "engine": args.engine,
        "data": f"{accounts} accounts, {args.days} days from {args.start}, seed {args.seed}"
        + (f" (pre-generated: {args.raw})" if args.raw else ""),
        "cutoff": cutoff.isoformat(),
        "rows_full": sum(r["history"] + r["day"] for r in rows.values()),
        "rows_appended": sum(r["day"] for r in rows.values()),
        "rows": rows,
        "runs": args.runs,
        "wall_seconds": {
            "full_load_median": round(statistics.median(full), 1),
            "full_load_each": [round(s, 1) for s in full],
            "append_median": round(statistics.median(append), 1),
            "append_each": [round(s, 1) for s in append],
            "history_load": round(history_seconds, 1),
        },
        "append_percent_of_full_load": round(
            100 * statistics.median(append) / statistics.median(full), 1
        ),
        "machine": {
            **machine.describe(),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "measured_at": machine.measured_at(),
    }
    out = args.result or HERE / "results" / f"load_{args.engine}_{accounts}.json"
    machine.write_result(out, result)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

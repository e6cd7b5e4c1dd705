"""Does the high-jackpot flag find the jackpot chasers? Checked on generated data.

    python benchmarks/high_jackpot_check.py                  # three data sets
    python benchmarks/high_jackpot_check.py --data 7:2026-01-01 --accounts 4000

For each data set (`--data SEED:START`, repeatable; 150 days from START): generate, load
into a new DuckDB warehouse, build up to `dim_customer`, `customer_ltv_scoring` and
`high_jackpot_analysis`, and score the contract's flag (first ticket on a high-jackpot draw)
and "mostly high-jackpot play" against the chasers the generator planted: precision,
recall, 90-day repeat rates, correlation over channels (`lottery_analytics.high_jackpot_check`).
Writes benchmarks/results/high_jackpot_check.json (or --result) and prints it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import machine  # benchmarks/machine.py (this script's folder is on sys.path)

from lottery_analytics.build_generated import BuildError, build_generated
from lottery_analytics.high_jackpot_check import evaluate

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: the generated warehouse of the test suite (tests/conftest.py), then two other windows
DEFAULT_DATA = ["20261124:2025-09-01", "7:2026-01-01", "3:2025-03-01"]


def _one(work: Path, seed: int, start: dt.date, args: argparse.Namespace) -> dict:
    database = build_generated(
        ROOT,
        work,
        accounts=args.accounts,
        start=start,
        days=args.days,
        seed=seed,
        select="+dim_customer +customer_ltv_scoring +high_jackpot_analysis",
        variables={"high_jackpot_threshold": args.threshold} if args.threshold else None,
    )
    con = duckdb.connect(str(database), read_only=True)
    try:
        figures = evaluate(lambda sql: con.execute(sql).fetchall(), work / "raw" / "truth")
    finally:
        con.close()
    return {"data": f"{args.accounts} accounts, {args.days} days from {start}, seed {seed}"} | (
        figures
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", action="append", help="SEED:START (YYYY-MM-DD), repeatable")
    ap.add_argument("--accounts", type=int, default=4000)
    ap.add_argument("--days", type=int, default=150)
    ap.add_argument("--threshold", type=float, help="high_jackpot_threshold (default: project)")
    ap.add_argument("--result", type=Path, default=HERE / "results" / "high_jackpot_check.json")
    args = ap.parse_args(argv)
    data = []
    for item in args.data or DEFAULT_DATA:
        seed, _, start = item.partition(":")
        try:
            data.append((int(seed), dt.date.fromisoformat(start)))
        except ValueError:
            ap.error(f"--data {item!r}: expected SEED:YYYY-MM-DD")
    t0 = time.perf_counter()
    results = []
    for seed, start in data:
        work = Path(tempfile.mkdtemp(prefix="lottery-high-jackpot-"))
        try:
            results.append(_one(work, seed, start, args))
        except BuildError as exc:
            print(f"high_jackpot_check: {exc}", file=sys.stderr)
            return 1
        finally:
            shutil.rmtree(work, ignore_errors=True)
    out = {
        "high_jackpot_threshold": args.threshold or "project default",
        "data_sets": results,
        "seconds": round(time.perf_counter() - t0, 1),
        "machine": machine.describe(),
        "measured_at": machine.measured_at(),
    }
    machine.write_result(args.result, out)
    print(json.dumps({k: v for k, v in out.items() if k != "machine"}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

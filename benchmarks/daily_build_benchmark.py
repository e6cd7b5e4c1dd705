"""Benchmark of the whole project's daily `dbt build` against its full build, per node.

    python benchmarks/daily_build_benchmark.py --engine duckdb --accounts 100000
    python benchmarks/daily_build_benchmark.py --raw /path/to/generated --accounts 1000000

Generates N accounts (or takes `--raw`, a generated directory), then loads every raw table
as it stood before its last `--last-days` days of `_loaded_at` and runs a full `dbt build`
(Python steps included, as `lottery-analytics build`); then loads everything (the last
days' rows and the late rows loaded with them) and runs the daily `dbt build` (incremental
models incremental, the rest rebuilt). Records both runs' wall time and every model's
seconds (dbt's run_results.json), and the models' sum for the incremental ones. With
`--full-refresh` also a `--full-refresh` build of the same data. Writes
benchmarks/results/daily_build_<engine>_<accounts>.json and prints it.
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
from build_benchmark import ROOT, empty_warehouse, generate_from_args

from lottery_analytics.contract import RAW_TABLES

HERE = Path(__file__).resolve().parent


def _split(raw: Path, first: Path, cutoff: dt.datetime) -> dict[str, int]:
    """Write ``first``: every raw table as it stood at ``cutoff``. Returns, per table, the
    rows the last load adds."""
    first.mkdir()
    added = {}
    con = duckdb.connect()
    try:
        for name in RAW_TABLES:
            source = f"read_parquet('{raw / name / '*.parquet'}')"
            con.execute(
                f"copy (select * from {source} where _loaded_at <= $cutoff) "
                f"to '{first / name}.parquet'",
                {"cutoff": cutoff},
            )
            added[name] = con.execute(
                f"select count(*) from {source} where _loaded_at > $cutoff", {"cutoff": cutoff}
            ).fetchone()[0]
    finally:
        con.close()
    return added


def _node_seconds(target: Path) -> dict[str, float]:
    results = json.loads((target / "run_results.json").read_text())["results"]
    return {
        r["unique_id"].rsplit(".", 1)[1]: round(r["execution_time"], 2)
        for r in results
        if r["unique_id"].startswith("model.")
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--engine", choices=["duckdb", "postgres", "spark"], default="duckdb")
    ap.add_argument("--accounts", type=int, default=100_000)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--start", default="2025-01-01")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--raw", type=Path, default=None, help="a generated directory to use")
    ap.add_argument("--last-days", type=int, default=1, help="days of the window in the last load")
    ap.add_argument("--full-refresh", action="store_true", help="also time a full refresh")
    ap.add_argument("--result", type=Path, default=None)
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix=f"lottery-daily-{args.engine}-"))
    database = empty_warehouse(args.engine, work)

    from lottery_analytics import python_steps
    from lottery_analytics.loader import load_directory_to

    runs: dict[str, dict] = {}
    try:
        raw = args.raw
        if raw is None:
            raw = work / "raw"
            generate_from_args(args, raw)
        start = dt.datetime.fromisoformat(args.start)
        cutoff = start + dt.timedelta(days=args.days - args.last_days)
        added = _split(raw, work / "first", cutoff)
        steps = [("full_build", work / "first", []), ("daily_build", raw, [])]
        if args.full_refresh:
            steps.append(("full_refresh", None, ["--full-refresh"]))
        for name, load_from, extra in steps:
            if load_from is not None:
                load_directory_to(
                    args.engine,
                    load_from,
                    root=ROOT,
                    database=database if args.engine == "duckdb" else None,
                )
            target = work / name
            t0 = time.perf_counter()
            run = python_steps.build(
                ROOT,
                args.engine,
                extra,
                {"use_bundled_sample": False},
                duckdb_path=database if args.engine == "duckdb" else None,
                target_path=target,
            )
            wall = time.perf_counter() - t0
            if not run.success:
                print(f"{name}: dbt failed: {run.errors}", file=sys.stderr)
                return 1
            seconds = _node_seconds(target)
            runs[name] = {
                "wall_seconds": round(wall, 1),
                "model_seconds_total": round(sum(seconds.values()), 1),
                "model_seconds": dict(sorted(seconds.items(), key=lambda kv: -kv[1])),
            }
            print(f"{name}: {wall:.1f} s", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    result = {
        "engine": args.engine,
        "data": f"{args.accounts} accounts, {args.days} days from {args.start}, seed {args.seed}",
        "last_load_from": cutoff.isoformat(),
        "last_load_adds": added,
        "runs": runs,
        "machine": machine.describe(),
        "measured_at": machine.measured_at(),
    }
    out = args.result or HERE / "results" / f"daily_build_{args.engine}_{args.accounts}.json"
    machine.write_result(out, result)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

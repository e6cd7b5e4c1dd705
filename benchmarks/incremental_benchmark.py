"""Benchmark of the incremental web events models: a scheduled run against a full refresh.

    python benchmarks/incremental_benchmark.py --engine duckdb       # 100,000 accounts, a year
    python benchmarks/incremental_benchmark.py --engine postgres --last-days 1

Generates N accounts, then loads the raw web events in two steps, as a daily schedule
does: first every row loaded before the window's last `--last-days` days (the other five
tables whole), built with `dbt run -s +int_web_events_validated`; then everything (the last days'
events and the late rows loaded after them), followed by the
scheduled (incremental) run of the same models, and a `--full-refresh` run of the same data
for comparison. Records each run's wall time and the time of the two web models (dbt's
run_results.json), and how many raw rows the last load added. Starts from an empty
warehouse (see build_benchmark.empty_warehouse). Writes
benchmarks/results/incremental_<engine>_<accounts>.json and prints it.
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
MODELS = ("stg_web_events", "int_web_events_validated")


def _split(raw: Path, first: Path, cutoff: dt.datetime) -> tuple[int, int]:
    """Write ``first``: the raw tables as they stood at ``cutoff`` (UTC).
    Returns (web event rows in the first load, rows the last load adds)."""
    first.mkdir()
    for name in RAW_TABLES:  # a folder of part files each, as generated
        if name != "web_events":
            shutil.copytree(raw / name, first / name)
    con = duckdb.connect()
    try:
        source = f"read_parquet('{raw / 'web_events' / '*.parquet'}')"
        con.execute(
            f"copy (select * from {source} where _loaded_at <= $cutoff) "
            f"to '{first / 'web_events.parquet'}'",
            {"cutoff": cutoff},
        )
        old, new = con.execute(
            f"select count(*) filter (where _loaded_at <= $cutoff), "
            f"count(*) filter (where _loaded_at > $cutoff) from {source}",
            {"cutoff": cutoff},
        ).fetchone()
    finally:
        con.close()
    return old, new


def _model_seconds(target: Path) -> dict[str, float]:
    results = json.loads((target / "run_results.json").read_text())["results"]
    return {
        r["unique_id"].rsplit(".", 1)[1]: round(r["execution_time"], 2)
        for r in results
        if r["unique_id"].rsplit(".", 1)[1] in MODELS
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--engine", choices=["duckdb", "postgres", "spark"], default="duckdb")
    ap.add_argument("--accounts", type=int, default=100_000)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--start", default="2025-01-01")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--last-days", type=int, default=1, help="days of the window in the last load")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--result", type=Path, default=None)
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix=f"lottery-incremental-{args.engine}-"))
    database = empty_warehouse(args.engine, work)

    from lottery_analytics.dbt_runner import run_dbt
    from lottery_analytics.loader import load_directory_to

    runs: dict[str, dict] = {}
    try:
        raw = work / "raw"
        generate_from_args(args, raw)
        start = dt.datetime.fromisoformat(args.start)
        cutoff = start + dt.timedelta(days=args.days - args.last_days)
        old_rows, new_rows = _split(raw, work / "first", cutoff)
        dbt_args = ["run", "-s", "+int_web_events_validated", "--threads", str(args.threads)]
        dbt_args += ["--vars", "{use_bundled_sample: false}"]
        steps = (
            ("first_build", work / "first", []),
            ("scheduled_incremental", raw, []),
            ("full_refresh", None, ["--full-refresh"]),
        )
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
            run = run_dbt(
                [*dbt_args, *extra],
                ROOT,
                target=args.engine,
                duckdb_path=database,
                target_path=target,
            )
            wall = time.perf_counter() - t0
            if not run.success:
                print(f"{name}: dbt failed: {run.errors}", file=sys.stderr)
                return 1
            runs[name] = {"wall_seconds": round(wall, 1), "model_seconds": _model_seconds(target)}
    finally:
        shutil.rmtree(work, ignore_errors=True)

    result = {
        "engine": args.engine,
        "data": f"{args.accounts} accounts, {args.days} days from {args.start}, seed {args.seed}",
        "web_event_rows": {"first_load": old_rows, "last_load_adds": new_rows},
        "last_load_from": cutoff.isoformat(),
        "threads": args.threads,
        "runs": runs,
        "machine": machine.describe(),
        "measured_at": machine.measured_at(),
    }
    out = args.result or HERE / "results" / f"incremental_{args.engine}_{args.accounts}.json"
    machine.write_result(out, result)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark of the whole warehouse's daily run: a day appended, then the scheduled build.

    python benchmarks/incremental_benchmark.py                    # DuckDB, 1,000,000 accounts
    python benchmarks/incremental_benchmark.py --accounts 100000 --runs 3
    python benchmarks/incremental_benchmark.py --engine postgres --accounts 100000
    python benchmarks/incremental_benchmark.py --raw /work/data1m  # reuse generated data

Steps, each timed (wall seconds):

1. `generate`: a year of N accounts (skipped with --raw DIR, generator output to reuse).
2. Split every raw table at the start of the window's last day (`cutoff`, UTC): the
   history as it stood then (rows with `_loaded_at <= cutoff`) and the last day's extract
   (rows loaded after it: that day's new rows, late rows of earlier days, re-deliveries),
   all six tables.
3. `load_history`: `lottery-analytics load` of the history (replace), then `full_build`:
   `lottery-analytics build` of everything (models, data tests, unit tests, the Python
   steps) on it.
4. `append_day`: `lottery-analytics load --append` of the last day's extract, then
   `daily_run`: the same build again, which is what a daily schedule runs (whatever is
   incremental takes up the new rows; whatever is not is rebuilt).
5. `full_refresh`: the same build with `--full-refresh`, on the same data, to compare.

The scheduled daily step (append + daily run) is repeated `--runs` times from the state
after the full build (DuckDB only: the warehouse file is copied after step 3 and copied
back before each repetition; on PostgreSQL and Spark run the script several times) and
reported as medians.

dbt's start-up is measured in each run itself: for every dbt invocation of the build (one
on DuckDB; one per Python step boundary elsewhere) its wall time minus the span from the
first node's start to the last node's end (run_results.json `timing`); what remains is
parsing, connecting, on-run-start hooks and writing artifacts, which cost the same however
little there is to do. The Python steps' time outside dbt counts as work. The daily run
is reported as a percentage of the full build with and without start-up. Per-node
seconds of the daily run: the top 15 by `execution_time`. Writes
benchmarks/results/incremental_<engine>_<accounts>.json and prints it. Works whatever is
or is not incremental: it only measures.
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
from typing import Any

import duckdb
import machine  # benchmarks/machine.py (this script's folder is on sys.path)
from build_benchmark import ROOT, empty_warehouse, generate_from_args

from lottery_analytics import python_steps
from lottery_analytics.contract import RAW_TABLES
from lottery_analytics.loader import find_table_file

HERE = Path(__file__).resolve().parent
TOP_NODES = 15


def split_raw(raw: Path, history: Path, day: Path, cutoff: dt.datetime) -> dict[str, dict]:
    """Write `history` (rows with `_loaded_at <= cutoff`) and `day` (the others) of every
    raw table of `raw`, one Parquet file each; returns the rows of each part per table."""
    history.mkdir(parents=True)
    day.mkdir(parents=True)
    rows: dict[str, dict] = {}
    con = duckdb.connect(config={"threads": "2", "memory_limit": "4GB"})
    try:
        for name in RAW_TABLES:
            path = find_table_file(raw, name)
            source = (
                f"read_parquet('{path / '*.parquet'}')"
                if path.is_dir()
                else f"read_parquet('{path}')"
                if path.suffix == ".parquet"
                else f"read_csv('{path}', header = true, all_varchar = true)"
            )
            loaded = "cast(_loaded_at as timestamp)"
            counts = {}
            for part, where in ((history, f"{loaded} <= $c"), (day, f"{loaded} > $c")):
                written = con.execute(
                    f"copy (select * from {source} where {where}) to "
                    f"'{part / (name + '.parquet')}' (format parquet)",
                    {"c": cutoff},
                ).fetchone()
                counts[part.name] = int(written[0]) if written else 0
            rows[name] = counts
    finally:
        con.close()
    return rows


class Invocations:
    """Records run_results.json after every dbt invocation of a build (python_steps.build
    runs several on PostgreSQL and Spark, each overwriting the file)."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self._run_dbt = python_steps.run_dbt

    def __enter__(self) -> Invocations:
        def recording(args, root, *rest, **options):
            t0 = time.perf_counter()
            run = self._run_dbt(args, root, *rest, **options)
            wall = time.perf_counter() - t0
            target_path = options.get("target_path")
            results_file = Path(target_path) / "run_results.json" if target_path else None
            results = []
            if results_file and results_file.is_file():
                results = json.loads(results_file.read_text())["results"]
            self.calls.append({"wall": wall, "results": results})
            return run

        python_steps.run_dbt = recording
        return self

    def __exit__(self, *exc: object) -> None:
        python_steps.run_dbt = self._run_dbt


def _span_seconds(results: list[dict]) -> float:
    """From the first node's start to the last node's end (run_results `timing`)."""
    starts, ends = [], []
    for result in results:
        for phase in result.get("timing") or []:
            if phase.get("started_at") and phase.get("completed_at"):
                starts.append(dt.datetime.fromisoformat(phase["started_at"].rstrip("Z")))
                ends.append(dt.datetime.fromisoformat(phase["completed_at"].rstrip("Z")))
    return (max(ends) - min(starts)).total_seconds() if starts else 0.0


def timed_build(
    engine: str, database: Path, target: Path, options: list[str], threads: int
) -> dict:
    """One `lottery-analytics build <options>`: wall, start-up, node seconds."""
    with Invocations() as invocations:
        t0 = time.perf_counter()
        run = python_steps.build(
            ROOT,
            engine,
            ["--threads", str(threads), *options],
            variables={"use_bundled_sample": False},
            duckdb_path=database if engine == "duckdb" else None,
            target_path=target,
        )
        wall = time.perf_counter() - t0
    if not run.success:
        failed = [f"{n.resource_type} {n.name}: {n.status} {n.message}" for n in run.failed()]
        raise SystemExit(f"build {options} failed: {failed[:10]} {run.errors[:3]}")
    startup = sum(c["wall"] - _span_seconds(c["results"]) for c in invocations.calls)
    nodes: dict[str, float] = {}
    for call in invocations.calls:
        for r in call["results"]:
            nodes[r["unique_id"]] = nodes.get(r["unique_id"], 0.0) + r["execution_time"]
    return {
        "wall_seconds": wall,
        "startup_seconds": startup,
        "dbt_invocations": len(invocations.calls),
        "nodes": nodes,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--engine", choices=["duckdb", "postgres", "spark"], default="duckdb")
    ap.add_argument("--accounts", type=int, default=1_000_000)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--start", default="2025-01-01")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--raw", type=Path, default=None, help="generated raw data to reuse")
    ap.add_argument("--runs", type=int, default=1, help="repetitions of the daily step")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--result", type=Path, default=None)
    args = ap.parse_args(argv)
    if args.runs > 1 and args.engine != "duckdb":
        ap.error("--runs > 1 re-creates the state by copying the DuckDB file: duckdb only")

    from lottery_analytics.loader import load_directory_to

    work = Path(tempfile.mkdtemp(prefix=f"lottery-incremental-{args.engine}-"))
    database = empty_warehouse(args.engine, work)
    seconds: dict[str, Any] = {}
    try:
        raw = args.raw
        if raw is None:
            raw = work / "raw"
            t0 = time.perf_counter()
            generate_from_args(args, raw)
            seconds["generate"] = time.perf_counter() - t0
        start = dt.datetime.fromisoformat(args.start)
        cutoff = start + dt.timedelta(days=args.days - 1)
        t0 = time.perf_counter()
        rows = split_raw(raw, work / "history", work / "day", cutoff)
        seconds["split"] = time.perf_counter() - t0

        def load(directory: Path, append: bool) -> float:
            t0 = time.perf_counter()
            load_directory_to(
                args.engine,
                directory,
                root=ROOT,
                database=database if args.engine == "duckdb" else None,
                append=append,
            )
            return time.perf_counter() - t0

        seconds["load_history"] = load(work / "history", False)
        full = timed_build(args.engine, database, work / "t_full", [], args.threads)
        snapshot = work / "after_full_build.duckdb"
        if args.runs > 1:
            shutil.copyfile(database, snapshot)
        appends, daily = [], []
        for i in range(args.runs):
            if i > 0:
                shutil.copyfile(snapshot, database)
            appends.append(load(work / "day", True))
            daily.append(timed_build(args.engine, database, work / f"t_daily{i}", [], args.threads))
        refresh = timed_build(
            args.engine, database, work / "t_refresh", ["--full-refresh"], args.threads
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def work_seconds(build: dict) -> float:
        return build["wall_seconds"] - build["startup_seconds"]

    daily_wall = statistics.median(d["wall_seconds"] for d in daily)
    daily_work = statistics.median(work_seconds(d) for d in daily)
    median_run = sorted(daily, key=lambda d: d["wall_seconds"])[(len(daily) - 1) // 2]
    top = sorted(median_run["nodes"].items(), key=lambda kv: -kv[1])[:TOP_NODES]

    def summary(build: dict) -> dict:
        return {
            "wall_seconds": round(build["wall_seconds"], 1),
            "startup_seconds": round(build["startup_seconds"], 1),
            "work_seconds": round(work_seconds(build), 1),
            "dbt_invocations": build["dbt_invocations"],
        }

    result = {
        "engine": args.engine,
        "data": f"{args.accounts} accounts, {args.days} days from {args.start}, seed {args.seed}"
        + (f" (pre-generated: {args.raw})" if args.raw else ""),
        "cutoff": cutoff.isoformat(),
        "rows": rows,
        "rows_appended": sum(r["day"] for r in rows.values()),
        "threads": args.threads,
        "runs": args.runs,
        "wall_seconds": {
            **{k: round(v, 1) for k, v in seconds.items()},
            "full_build": summary(full),
            "append_day_median": round(statistics.median(appends), 1),
            "append_day_each": [round(s, 1) for s in appends],
            "daily_run_median": round(daily_wall, 1),
            "daily_run_each": [summary(d) for d in daily],
            "full_refresh": summary(refresh),
        },
        "daily_run_percent_of_full_build": {
            "with_startup": round(100 * daily_wall / full["wall_seconds"], 1),
            "without_startup": round(100 * daily_work / work_seconds(full), 1),
            "append_plus_daily_run_with_startup": round(
                100 * (statistics.median(appends) + daily_wall) / full["wall_seconds"], 1
            ),
        },
        "daily_run_top_nodes_seconds": {k: round(v, 2) for k, v in top},
        "machine": {
            **machine.describe(),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "measured_at": machine.measured_at(),
    }
    out = args.result or HERE / "results" / f"incremental_{args.engine}_{args.accounts}.json"
    machine.write_result(out, result)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

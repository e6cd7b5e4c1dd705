"""The floor of sessionizing: the least any pipeline that sessionizes web events must do.

    python benchmarks/floor_query.py --database target/lottery.duckdb   # a loaded warehouse
    python benchmarks/floor_query.py --accounts 1000000                 # generate + load

One DuckDB query over the raw web events of a loaded warehouse (raw.web_events, 28 M rows
at 1 M accounts): it parses every event's timestamp text (ISO-8601 with or without an
offset, as UTC), marks session boundaries with a window (lag of the event time over the
cookie, `anonymous_id`, ordered by event time; a gap above the `session_timeout_minutes`
variable starts a session) and counts the session starts. No validation, deduplication,
identity stitching or output table: a staging-to-sessions pipeline on the same data cannot
be cheaper than this, so a model's seconds divided by the floor's say how far from it it is.

The connection has the `duckdb` target's settings (memory limit, threads, temp directory:
LOTTERY_DUCKDB_MEMORY_LIMIT / _THREADS / _TEMP_DIR, profiles.yml), read-only. `--runs`
repetitions (default 5), median. Writes benchmarks/results/floor_query_<size>.json and
prints it. `benchmarks/build_benchmark.py --floor` runs it in the same sitting as a build.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import machine  # benchmarks/machine.py (this script's folder is on sys.path)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def floor_sql(schema: str, timeout_minutes: int) -> str:
    return f"""
        with parsed as (
            select
                anonymous_id,
                try_cast(trim(event_at) as timestamptz) at time zone 'UTC' as event_at
            from "{schema}".web_events
        ),
        marked as (
            select
                event_at - lag(event_at) over (
                    partition by anonymous_id order by event_at
                ) as gap
            from parsed
        )
        select
            count(*) as events,
            count(*) filter (
                where gap is null or gap > interval '{int(timeout_minutes)} minutes'
            ) as session_starts
        from marked
    """


def session_timeout_minutes() -> int:
    from lottery_analytics.preflight import project_variable

    return int(str(project_variable(ROOT, "session_timeout_minutes")))


def duckdb_target_settings(database: Path) -> dict[str, str]:
    """The `duckdb` target's memory limit, threads and temp directory for `database`."""
    from lottery_analytics.engines import duckdb_settings

    return duckdb_settings(ROOT, database)


def run_floor(database: Path, runs: int, schema: str = "raw") -> dict:
    """Run the floor query `runs` times on `database`; seconds of each, median, counts."""
    settings = duckdb_target_settings(database)
    sql = floor_sql(schema, session_timeout_minutes())
    seconds: list[float] = []
    counts: tuple = ()
    for _ in range(runs):
        con = duckdb.connect(str(database), read_only=True, config=settings)
        try:
            con.execute("set TimeZone = 'UTC'")  # text without an offset is UTC
            t0 = time.perf_counter()
            counts = con.execute(sql).fetchone() or ()
            seconds.append(time.perf_counter() - t0)
        finally:
            con.close()
    return {
        "floor_seconds": round(statistics.median(seconds), 2),
        "floor_seconds_each": [round(s, 2) for s in seconds],
        "events": counts[0] if counts else None,
        "session_starts": counts[1] if counts else None,
        "duckdb_settings": settings,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    source = ap.add_mutually_exclusive_group(required=True)
    source.add_argument("--database", type=Path, help="a loaded DuckDB warehouse")
    source.add_argument("--accounts", type=int, help="generate and load this many accounts")
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--start", default="2025-01-01")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--result", type=Path, default=None)
    args = ap.parse_args(argv)

    work = None
    try:
        if args.database is not None:
            database = args.database.resolve()
            size = database.stem
        else:
            from build_benchmark import generate_from_args

            from lottery_analytics.loader import load_directory

            work = Path(tempfile.mkdtemp(prefix="lottery-floor-"))
            generate_from_args(args, work / "raw")
            database = work / "lottery.duckdb"
            load_directory(work / "raw", database)
            size = str(args.accounts)
        figures = run_floor(database, args.runs)
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    result = {
        "data": (
            f"{args.accounts} accounts, {args.days} days from {args.start}, seed {args.seed}"
            if args.accounts
            else str(args.database)
        ),
        "runs": args.runs,
        **figures,
        "session_timeout_minutes": session_timeout_minutes(),
        "machine": {
            **machine.describe(),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "measured_at": machine.measured_at(),
    }
    out = args.result or HERE / "results" / f"floor_query_{size}.json"
    machine.write_result(out, result)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

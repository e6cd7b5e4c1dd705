"""What PostgreSQL's try_cast stand-in costs: ISO timestamps cast three ways.

    eval "$(scripts/postgres_server.sh start)"     # or any server: LOTTERY_PG_* variables
    python benchmarks/postgres_cast_probe.py       # 2.8 M timestamps (the web events at 100k)

In a scratch schema of the `postgres` target's database: a table of ISO-8601 texts in the
three forms of the raw data (offset, "Z", naive made explicit with "+00:00"), then the
server's time for

- `plain_cast`: `count(cast(t as timestamptz))`, which fails the query on a bad value, in
  one process like the other two (a query that calls the parallel-unsafe function gets no
  parallel workers); `plain_cast_parallel` the same with the server's parallel workers;
- `lottery_try_cast`: the project's plpgsql stand-in for try_cast, null on a bad value,
  created in the target's schema by the same SQL as the on-run-start hook (dbt compiles
  macros/cross_engine/engine_helpers.sql for the probe);
- `guarded`: text comparisons that send only values which might fail (day after the 28th,
  second 60, odd offsets...) to `lottery_try_cast` and cast the rest directly.

Each query runs `--repeats` times (3); the best time goes to
benchmarks/results/postgres_cast_probe.json.
The scratch schema is dropped at the end (the function stays, as after any dbt run).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import machine  # benchmarks/machine.py (this script's folder is on sys.path)

from lottery_analytics.engines import EngineError, postgres_connect

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCHEMA = "lottery_cast_probe"

#: compiled by dbt: the helper functions the on-run-start hook creates, then a marker line
#: and the qualified name of `lottery_try_cast`
HELPERS = "{{ create_engine_helpers() }};\n-- function: {{ engine_helper('lottery_try_cast') }}"
MARKER = "\n-- function: "


def project_try_cast(work: Path) -> tuple[str, str]:
    """The SQL that creates the project's `lottery_try_cast` on the `postgres` target, as
    its on-run-start hook does (macros/cross_engine/engine_helpers.sql), and its name."""
    from lottery_analytics.dbt_runner import run_dbt

    run = run_dbt(["compile", "--inline", HELPERS], ROOT, target="postgres", target_path=work)
    if not run.success:
        raise EngineError(f"dbt compile of create_engine_helpers failed: {run.errors}")
    create, name = run.result.results[0].node.compiled_code.rsplit(MARKER, 1)
    return create, name.strip()


OFFSET = "ltrim(substr(t, 20), '.0123456789')"
PLAIN = "select count(cast(t as timestamptz)) from {s}.ts_text"
QUERIES = {
    "plain_cast_parallel": PLAIN,
    "plain_cast": PLAIN,
    "lottery_try_cast": "select count({f}(t, null::timestamptz)) from {s}.ts_text",
    "guarded": f"""
        select count(
            case
                when substr(t, 1, 4) >= '0001'
                    and substr(t, 6, 2) between '01' and '12'
                    and substr(t, 9, 2) between '01' and '28'
                    and substr(t, 12, 2) <= '23'
                    and substr(t, 15, 2) <= '59'
                    and substr(t, 18, 2) <= '59'
                    and (
                        {OFFSET} in ('', 'Z')
                        or substr({OFFSET}, 2, 2) <= '14' and right({OFFSET}, 2) <= '59'
                    )
                    then cast(t as timestamptz)
                else {{f}}(t, null::timestamptz)
            end
        ) from {{s}}.ts_text
    """,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=2_800_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--result", type=Path, default=HERE / "results" / "postgres_cast_probe.json")
    args = ap.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="lottery-cast-probe-") as work:
            create_function, function = project_try_cast(Path(work))
        con = postgres_connect(ROOT)
    except EngineError as exc:
        print(exc, file=sys.stderr)
        return 1
    con.autocommit = True
    cur = con.cursor()
    seconds: dict[str, list[float]] = {name: [] for name in QUERIES}
    try:
        cur.execute(f"drop schema if exists {SCHEMA} cascade")
        cur.execute(f"create schema {SCHEMA}")
        cur.execute(create_function)
        cur.execute(
            f"""
            create table {SCHEMA}.ts_text as
            select
                to_char(
                    timestamp '2025-01-01' + i * 11.3 * interval '1 second',
                    'YYYY-MM-DD"T"HH24:MI:SS'
                ) || case i %% 3 when 0 then '+01:00' when 1 then 'Z' else '+00:00' end as t
            from generate_series(1, %s) as i
            """,
            (args.rows,),
        )
        cur.execute(f"analyze {SCHEMA}.ts_text")
        counts = {}
        for _ in range(args.repeats):
            for name, sql in QUERIES.items():
                # one process like the queries that call the function (parallel unsafe),
                # except the plain cast that shows what parallel workers add
                workers = "default" if name == "plain_cast_parallel" else "0"
                cur.execute(f"set max_parallel_workers_per_gather = {workers}")
                t0 = time.perf_counter()
                cur.execute(sql.format(s=SCHEMA, f=function))
                counts[name] = cur.fetchone()[0]
                seconds[name].append(time.perf_counter() - t0)
        cur.execute("show server_version")
        version = cur.fetchone()[0]
    finally:
        cur.execute(f"drop schema if exists {SCHEMA} cascade")
        con.close()
    if len(set(counts.values())) != 1 or counts["plain_cast"] != args.rows:
        print(f"the three ways counted different values: {counts}", file=sys.stderr)
        return 1
    result = {
        "rows": args.rows,
        "repeats": args.repeats,
        "seconds_best": {k: round(min(v), 3) for k, v in seconds.items()},
        "seconds_all": {k: [round(x, 3) for x in v] for k, v in seconds.items()},
        "server_version": version,
        "machine": machine.describe(),
        "measured_at": machine.measured_at(),
    }
    machine.write_result(args.result, result)
    print(json.dumps(result["seconds_best"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

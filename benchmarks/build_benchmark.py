"""Benchmark of the warehouse build on one engine: wall time and peak memory.

    python benchmarks/build_benchmark.py --engine duckdb                 # the bundled sample
    python benchmarks/build_benchmark.py --engine spark --accounts 100000
    python benchmarks/build_benchmark.py --raw /work/data1m --floor --memory-limit 6GB

With --accounts: generate N accounts (--days from --start), load them with the loader
(`lottery-analytics load --target ENGINE`), then `dbt build --threads 2` on them (every
model, data test and unit test). Without: `dbt build --threads 2` of the bundled sample
(seeds included). Each run starts from an empty warehouse: a new DuckDB file, a new
PostgreSQL database (the `postgres` target's server, LOTTERY_PG_*) or a new Spark warehouse
directory. `--raw DIR` loads pre-generated raw data instead of generating (say which with
--accounts/--days/--start/--seed, recorded as they are). `--memory-limit` overrides
LOTTERY_DUCKDB_MEMORY_LIMIT; the DuckDB settings in effect (memory limit, threads, temp
directory, as profiles.yml renders them for the warehouse file) are recorded. `--floor`
(DuckDB, with loaded data) runs benchmarks/floor_query.py's query 3 times after the load
and before the build, on the same warehouse, and records its median `floor_seconds`,
`build / floor` and `<slowest web staging node> / floor`.

Peak memory = the largest sum of PSS (resident memory, pages shared between processes
counted once) of this process and all its descendants, the Spark JVM included, sampled
every 200 ms from /proc. PSS rather than RSS because the JVM forks short-lived helper
processes (Hadoop runs `chmod` and the like) whose RSS repeats the JVM's copy-on-write
pages. For PostgreSQL the server's memory is sampled too, as the sum of PSS of the
postmaster and its children (shared buffers counted once). Writes
benchmarks/results/build_<engine>_<size>.json and prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import machine  # benchmarks/machine.py (this script's folder is on sys.path)

if TYPE_CHECKING:
    from lottery_analytics.generator import GenerationSummary

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: environment variables that tune an engine, recorded with the figures when set
ENGINE_SETTINGS = (
    "PGOPTIONS",
    "LOTTERY_SPARK_DRIVER_MEMORY",
    "LOTTERY_SPARK_SHUFFLE_PARTITIONS",
)


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


def _command(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return "?"


def _parents() -> dict[int, int]:
    """pid -> parent pid of every process."""
    parents = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            # the command name (2nd field) may hold spaces; the parent pid follows it
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return parents


def _tree(root: int, parents: dict[int, int]) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


class PeakMemory:
    """Samples the PSS of this process tree and, optionally, of a server's tree."""

    def __init__(self, server_pid: int | None = None, interval: float = 0.2) -> None:
        self.server_pid = server_pid
        self.interval = interval
        self.peak_kb = 0
        self.peak_processes: dict[str, int] = {}
        self.server_peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            parents = _parents()
            pss = {pid: _pss_kb(pid) for pid in _tree(me, parents)}
            if sum(pss.values()) > self.peak_kb:
                self.peak_kb = sum(pss.values())
                self.peak_processes = {}
                for pid, kb in pss.items():
                    name = _command(pid)
                    self.peak_processes[name] = self.peak_processes.get(name, 0) + kb
            if self.server_pid:
                server = sum(_pss_kb(pid) for pid in _tree(self.server_pid, parents))
                self.server_peak_kb = max(self.server_peak_kb, server)
            time.sleep(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _postmaster_pid() -> int | None:
    """The PostgreSQL server's pid when it runs here (scripts/postgres_server.sh)."""
    pg_dir = os.environ.get("LOTTERY_PG_DIR")
    if not pg_dir:
        return None
    try:
        return int((Path(pg_dir) / "data" / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _table_rows(engine: str, database: Path) -> dict[str, int]:
    """Rows of a few tables of the built warehouse, to show what was built."""
    tables = ["raw.web_events", "staging.stg_web_events", "marts.fct_ticket_purchases"]
    tables += ["marts.dim_customer", "marts.attribution_touches"]
    sql = " union all ".join(f"select '{t}', count(*) from {t}" for t in tables)
    if engine == "duckdb":
        import duckdb

        con = duckdb.connect(str(database), read_only=True)
        try:
            return dict(con.execute(sql).fetchall())
        finally:
            con.close()
    if engine == "postgres":
        from lottery_analytics.engines import postgres_connect

        con = postgres_connect(ROOT)
        try:
            cur = con.cursor()
            cur.execute(sql)
            return dict(cur.fetchall())
        finally:
            con.close()
    from lottery_analytics.engines import spark_session

    return {row[0]: row[1] for row in spark_session(ROOT).sql(sql).collect()}


def _slowest_nodes(results: list[dict], count: int = 10) -> dict[str, float]:
    """The ``count`` nodes that took longest (seconds, from dbt's run_results.json of each
    invocation of the build)."""
    results = sorted(results, key=lambda r: -r["execution_time"])
    return {r["unique_id"]: round(r["execution_time"], 1) for r in results[:count]}


def empty_warehouse(engine: str, work: Path) -> Path:
    """Point this process at an empty warehouse of ``engine`` under ``work``: a new DuckDB
    file (returned), a new PostgreSQL database or a new Spark warehouse directory."""
    env: dict[str, str] = {}
    if engine == "postgres":
        from lottery_analytics.engines import recreate_postgres_database

        env["LOTTERY_PG_DATABASE"] = "lottery_benchmark"
        recreate_postgres_database(ROOT, env["LOTTERY_PG_DATABASE"])
    if engine == "spark":
        env["LOTTERY_SPARK_DIR"] = str(work / "spark")
        env.setdefault("SPARK_LOCAL_IP", os.environ.get("SPARK_LOCAL_IP", "127.0.0.1"))
    os.environ.update(env)
    return work / "lottery.duckdb"


def generate_from_args(args: argparse.Namespace, out: Path) -> GenerationSummary:
    """Generate ``args.accounts`` accounts over ``args.days`` days from ``args.start`` with
    ``args.seed`` into ``out``, without progress bars."""
    from lottery_analytics.generator import generate

    return generate(machine.generation_config(args, out, quiet=True))


def _accounts_of(raw: Path) -> int:
    """The accounts of pre-generated raw data: distinct user_id of its signups."""
    import duckdb

    from lottery_analytics.loader import _scan_sql, find_table_file

    con = duckdb.connect()
    try:
        found = con.execute(
            f"select count(distinct user_id) from {_scan_sql(find_table_file(raw, 'signups'))}"
        ).fetchone()
        return int(found[0]) if found else 0
    finally:
        con.close()


def _raw_rows(raw: Path) -> int:
    """Rows of the six raw tables of `raw`."""
    import duckdb

    from lottery_analytics.contract import RAW_TABLES
    from lottery_analytics.loader import _scan_sql, find_table_file

    con = duckdb.connect()
    try:
        total = 0
        for name in RAW_TABLES:
            found = con.execute(f"select count(*) from {_scan_sql(find_table_file(raw, name))}")
            total += int((found.fetchone() or (0,))[0])
        return total
    finally:
        con.close()


def _duckdb_settings(database: Path) -> dict[str, str]:
    """The duckdb target's DuckDB settings for `database` (what dbt and the loader apply)."""
    from lottery_analytics.engines import duckdb_settings

    return duckdb_settings(ROOT, database)


def _web_staging_seconds(target: Path, results: list[dict]) -> dict[str, float]:
    """Seconds of each web events model of staging (fqn under staging/web, or a name with
    `web_events`), from the build's run results and the manifest in its target path."""
    manifest_file = target / "manifest.json"
    if not manifest_file.exists():
        return {}
    nodes = json.loads(manifest_file.read_text())["nodes"]
    found = {}
    for r in results:
        node = nodes.get(r["unique_id"]) or {}
        fqn = node.get("fqn") or []
        is_web = ("staging" in fqn and "web" in fqn) or "web_events" in node.get("name", "")
        if node.get("resource_type") == "model" and is_web:
            found[r["unique_id"]] = round(r["execution_time"], 1)
    return found


def _floor_figures(floor: dict, build_seconds: float | None, web: dict) -> dict:
    """floor_seconds, build / floor and <slowest web staging node> / floor (if measured)."""
    if not floor or not floor.get("floor_seconds"):
        return {}
    seconds = floor["floor_seconds"]
    figures = {
        "floor_seconds": seconds,
        "floor_seconds_each": floor["floor_seconds_each"],
        "floor_session_starts": floor["session_starts"],
        "build_over_floor": round(build_seconds / seconds, 1) if build_seconds else None,
    }
    if web:
        node, node_seconds = max(web.items(), key=lambda kv: kv[1])
        figures["slowest_web_node"] = node
        figures["slowest_web_node_over_floor"] = round(node_seconds / seconds, 2)
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--engine", choices=["duckdb", "postgres", "spark"], default="duckdb")
    ap.add_argument("--accounts", type=int, default=None, help="default: the bundled sample")
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--start", default="2025-01-01")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--result", type=Path, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("--raw", type=Path, default=None, help="pre-generated raw data to load")
    ap.add_argument("--memory-limit", default=None, help="LOTTERY_DUCKDB_MEMORY_LIMIT (4GB)")
    ap.add_argument("--floor", action="store_true", help="run the floor query (3 runs) too")
    args = ap.parse_args(argv)
    if args.raw and not args.accounts:
        args.accounts = _accounts_of(args.raw)
    if args.floor and (args.engine != "duckdb" or not args.accounts):
        ap.error("--floor needs --engine duckdb and loaded data (--accounts or --raw)")
    if args.memory_limit:
        os.environ["LOTTERY_DUCKDB_MEMORY_LIMIT"] = args.memory_limit

    work = Path(tempfile.mkdtemp(prefix=f"lottery-build-{args.engine}-"))
    database = empty_warehouse(args.engine, work)

    from lottery_analytics.loader import load_directory_to

    phases: dict[str, float] = {}
    raw_rows = None
    floor: dict = {}
    try:
        with PeakMemory(_postmaster_pid() if args.engine == "postgres" else None) as memory:
            t_start = time.perf_counter()
            build_args = ["build", "--threads", str(args.threads)]
            variables: dict[str, object] = {}
            if args.accounts:
                if args.raw:
                    raw = args.raw
                    raw_rows = _raw_rows(raw)
                else:
                    raw = work / "raw"
                    t0 = time.perf_counter()
                    summary = generate_from_args(args, raw)
                    phases["generate"] = time.perf_counter() - t0
                    raw_rows = summary.total_rows
                t0 = time.perf_counter()
                load_directory_to(
                    args.engine,
                    raw,
                    root=ROOT,
                    database=database if args.engine == "duckdb" else None,
                )
                phases["load"] = time.perf_counter() - t0
                variables["use_bundled_sample"] = False
                if args.floor:
                    from floor_query import run_floor

                    t0 = time.perf_counter()
                    floor = run_floor(database, runs=3)
                    phases["floor_query_3_runs"] = time.perf_counter() - t0
            # `lottery-analytics build`: on PostgreSQL and Spark the Python steps run between
            # dbt invocations (plain `dbt build` refuses them there); every invocation's
            # run_results are kept for the slowest nodes.
            from incremental_benchmark import Invocations

            from lottery_analytics import python_steps

            t0 = time.perf_counter()
            with Invocations() as invocations:
                run = python_steps.build(
                    ROOT,
                    args.engine,
                    build_args[1:],
                    variables=variables,
                    duckdb_path=database if args.engine == "duckdb" else None,
                    target_path=work / "t",
                )
            phases["dbt_build"] = time.perf_counter() - t0
            total = time.perf_counter() - t_start
        failed = [f"{n.name}: {n.status}" for n in run.failed()]
        rows = _table_rows(args.engine, database) if run.success else {}
        node_results = [r for call in invocations.calls for r in call["results"]]
        slowest = _slowest_nodes(node_results)
        web_nodes = _web_staging_seconds(work / "t", node_results)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    size = f"{args.accounts}" if args.accounts else "sample"
    result = {
        "engine": args.engine,
        "data": (
            f"{args.accounts} accounts, {args.days} days from {args.start}, seed {args.seed}"
            if args.accounts
            else "bundled sample (seeds)"
        ),
        "raw_rows": raw_rows,
        "built_rows": rows,
        "threads": args.threads,
        "success": run.success,
        "failed_nodes": failed[:20],
        "nodes": {kind: run.count(kind) for kind in ("seed", "model", "test", "unit_test")},
        "wall_seconds": {k: round(v, 1) for k, v in {**phases, "total": total}.items()},
        "peak_memory_mb": round(memory.peak_kb / 1024),
        "peak_memory_mb_by_process": {
            name: round(kb / 1024) for name, kb in sorted(memory.peak_processes.items())
        },
        "postgres_server_peak_memory_mb": (
            round(memory.server_peak_kb / 1024) if memory.server_pid else None
        ),
        "slowest_nodes": slowest,
        **_floor_figures(floor, phases.get("dbt_build"), web_nodes),
        "engine_settings": {k: os.environ[k] for k in ENGINE_SETTINGS if k in os.environ},
        "duckdb_settings": _duckdb_settings(database) if args.engine == "duckdb" else None,
        "machine": {
            **machine.describe(),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "measured_at": machine.measured_at(),
    }
    out = args.result or HERE / "results" / f"build_{args.engine}_{size}.json"
    machine.write_result(out, result)
    print(json.dumps(result, indent=2))
    return 0 if run.success else 1


if __name__ == "__main__":
    sys.exit(main())

"""Shared fixtures: the warehouse built from the bundled sample, in a temporary directory."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from lottery_analytics.dbt_runner import DbtRun, run_dbt
from lottery_analytics.project import project_root


@dataclass
class BuiltWarehouse:
    run: DbtRun
    database: Path
    target_path: Path

    def query(self, sql: str) -> list[tuple]:
        con = duckdb.connect(str(self.database), read_only=True)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()


#: figures the tests measured (truth accuracy, scores), printed at the end of the run
_FIGURES: list[tuple[str, str]] = []


@pytest.fixture
def report_figure(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Record a line for the "figures" section that pytest prints after the results, so
    that measured figures show in every run (pytest captures a passing test's prints)."""

    def add(line: str) -> None:
        _FIGURES.append((request.node.name, line))

    return add


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _FIGURES:
        terminalreporter.section("figures")
        for test, line in _FIGURES:
            terminalreporter.write_line(f"{test}: {line}")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return project_root()


@pytest.fixture(scope="session")
def sample_warehouse(
    tmp_path_factory: pytest.TempPathFactory, repo_root: Path
) -> Iterator[BuiltWarehouse]:
    """`dbt build` (seeds, models, data tests, unit tests) of the bundled sample on DuckDB."""
    work = tmp_path_factory.mktemp("sample_warehouse")
    database = work / "lottery.duckdb"
    run = run_dbt(
        ["build", "--threads", "2"],
        repo_root,
        duckdb_path=database,
        target_path=work / "target",
    )
    if run.success:
        # The catalog (docs generate) describes the columns the warehouse really has.
        run_dbt(
            ["docs", "generate", "--static"],
            repo_root,
            duckdb_path=database,
            target_path=work / "target",
        )
    yield BuiltWarehouse(run, database, work / "target")


@dataclass
class GeneratedWarehouse(BuiltWarehouse):
    raw_dir: Path
    truth_dir: Path


@pytest.fixture(scope="session")
def generated_warehouse(
    tmp_path_factory: pytest.TempPathFactory, repo_root: Path
) -> Iterator[GeneratedWarehouse]:
    """Fresh generator output (a few thousand accounts, the generator's default, realistic
    dirt and behaviour rates), loaded with the loader and built with `dbt run`."""
    import datetime as dt

    from lottery_analytics.generator import generate
    from lottery_analytics.generator.config import GenerationConfig
    from lottery_analytics.loader import load_directory

    work = tmp_path_factory.mktemp("generated_warehouse")
    raw_dir = work / "raw"
    generate(
        GenerationConfig(
            accounts=4000, start=dt.date(2025, 9, 1), days=150, seed=20261124, out=raw_dir
        )
    )
    database = work / "lottery.duckdb"
    load_directory(raw_dir, database)
    run = run_dbt(
        [
            "build",
            "--resource-type",
            "seed",
            "--resource-type",
            "model",
            "--threads",
            "2",
            "--vars",
            "{use_bundled_sample: false}",
        ],
        repo_root,
        duckdb_path=database,
        target_path=work / "target",
    )
    failed = [f"{n.name}: {n.message}" for n in run.nodes if n.status != "success"]
    assert run.success, "dbt run on generated data failed:\n" + "\n".join(failed + run.errors)
    yield GeneratedWarehouse(run, database, work / "target", raw_dir, raw_dir / "truth")


# ------------------------------------------------------------- PostgreSQL and Spark targets


@pytest.fixture(scope="session")
def postgres_server(repo_root: Path):
    """The server of the `postgres` target (LOTTERY_PG_*). When none is configured
    (LOTTERY_PG_HOST unset) and PostgreSQL is installed here, a throw-away server is started
    for the session (scripts/postgres_server.sh, never installing anything) and stopped at
    the end. Skips when no server is reachable, unless LOTTERY_REQUIRE_ENGINES=1."""
    import os

    from engine_support import PostgresServer, start_throwaway_postgres, stop_throwaway_postgres

    started = None
    if not os.environ.get("LOTTERY_PG_HOST"):
        started = start_throwaway_postgres(repo_root)
    try:
        yield PostgresServer(repo_root)
    finally:
        if started is not None:
            stop_throwaway_postgres(repo_root, started)


@pytest.fixture(scope="session")
def spark_engine(repo_root: Path, tmp_path_factory: pytest.TempPathFactory):
    """A local Spark session (dbt-spark `session` method) on a temporary warehouse; one per
    test process. Skips without pyspark or Java, unless LOTTERY_REQUIRE_ENGINES=1."""
    import os

    from engine_support import SparkEngine

    spark_dir = tmp_path_factory.mktemp("spark")
    os.environ["LOTTERY_SPARK_DIR"] = str(spark_dir)
    engine = SparkEngine(repo_root, spark_dir)
    yield engine
    try:
        from pyspark.sql import SparkSession

        active = SparkSession.getActiveSession() or SparkSession._instantiatedSession
        if active is not None:
            active.stop()
    except ImportError:
        pass


@dataclass
class EngineBuild:
    """`dbt build` of the bundled sample on one engine (with its Python steps, as
    `lottery-analytics build` runs it), with its public marts exported right after the
    build (a later test may reuse the engine's warehouse)."""

    engine: str
    run: DbtRun
    marts: dict[str, list[dict]]
    warehouse: Any = None


def _build_sample(warehouse, manifest_dir: Path) -> EngineBuild:
    from engine_support import export_mart, public_marts

    run = warehouse.build(["--threads", "2"])
    marts: dict[str, list[dict]] = {}
    manifest = manifest_dir / "manifest.json"
    if run.success and manifest.is_file():
        import json

        for spec in public_marts(json.loads(manifest.read_text())):
            marts[spec.name] = export_mart(warehouse, spec)
    return EngineBuild(warehouse.engine, run, marts, warehouse)


@pytest.fixture(scope="session")
def postgres_sample_build(postgres_server, tmp_path_factory: pytest.TempPathFactory) -> EngineBuild:
    """`dbt build` of the bundled sample in a fresh PostgreSQL database."""
    target = tmp_path_factory.mktemp("postgres_sample") / "target"
    return _build_sample(postgres_server.warehouse("lottery_sample", target), target)


@pytest.fixture(scope="session")
def spark_sample_build(spark_engine, tmp_path_factory: pytest.TempPathFactory) -> EngineBuild:
    """`dbt build` of the bundled sample in the (emptied) Spark warehouse."""
    target = tmp_path_factory.mktemp("spark_sample") / "target"
    return _build_sample(spark_engine.warehouse(target), target)


@pytest.fixture
def locked_duckdb(tmp_path: Path) -> Iterator[Path]:
    """A DuckDB file held open (write-locked) by another process for the test's duration."""
    database = tmp_path / "locked.duckdb"
    duckdb.connect(str(database)).close()
    script = f"""
        import duckdb, time
        con = duckdb.connect({str(database)!r})
        print("locked", flush=True)
        time.sleep(120)
    """
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield database
    finally:
        holder.kill()
        holder.wait()

"""The warehouse on each engine, for tests: load raw files, run dbt, query, export marts.

DuckDB builds go to a file per warehouse; PostgreSQL builds each get a fresh database on
the server of the `postgres` target (LOTTERY_PG_*); Spark builds share the process's one
Spark session (one warehouse directory, LOTTERY_SPARK_DIR), which is emptied before each.

An engine that is not reachable here skips its tests with the reason, unless
LOTTERY_REQUIRE_ENGINES=1 (CI), which makes that a failure.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pytest

from lottery_analytics import python_steps
from lottery_analytics.dbt_runner import DbtRun, run_dbt
from lottery_analytics.loader import LoadedTable, load_directory_to

ENGINES = ("duckdb", "postgres", "spark")
OTHER_ENGINES = ("postgres", "spark")
REQUIRE_ENGINES = os.environ.get("LOTTERY_REQUIRE_ENGINES", "") not in ("", "0", "false")


def unavailable(engine: str, reason: str) -> None:
    """Skip (locally) or fail (LOTTERY_REQUIRE_ENGINES=1) because `engine` is not here."""
    message = f"{engine} is not available here: {reason}"
    if REQUIRE_ENGINES:
        pytest.fail(message + " (LOTTERY_REQUIRE_ENGINES=1 requires every engine)")
    pytest.skip(message)


def failures(run: DbtRun) -> list[str]:
    return [f"{n.resource_type} {n.name}: {n.status} {n.message}" for n in run.failed()]


class Warehouse:
    """One warehouse on one engine."""

    engine: str

    def load(self, directory: Path, append: bool = False) -> list[LoadedTable]:
        raise NotImplementedError

    def dbt(self, args: Sequence[str]) -> DbtRun:
        raise NotImplementedError

    def build(self, options: Sequence[str] = (), variables: dict[str, Any] | None = None) -> DbtRun:
        """`dbt build <options>` with the Python steps and dbt `variables`, as
        `lottery-analytics build` runs it (lottery_analytics.python_steps)."""
        raise NotImplementedError

    def query(self, sql: str) -> list[tuple]:
        raise NotImplementedError


@dataclass
class DuckDBWarehouse(Warehouse):
    root: Path
    database: Path
    target_path: Path
    engine: str = "duckdb"

    def load(self, directory: Path, append: bool = False) -> list[LoadedTable]:
        return load_directory_to(
            "duckdb", directory, root=self.root, database=self.database, append=append
        )

    def dbt(self, args: Sequence[str]) -> DbtRun:
        return run_dbt(
            list(args), self.root, duckdb_path=self.database, target_path=self.target_path
        )

    def build(self, options: Sequence[str] = (), variables: dict[str, Any] | None = None) -> DbtRun:
        return python_steps.build(
            self.root,
            "duckdb",
            options,
            variables,
            duckdb_path=self.database,
            target_path=self.target_path,
        )

    def query(self, sql: str) -> list[tuple]:
        con = duckdb.connect(str(self.database), read_only=True)
        try:
            return [tuple(_plain(v) for v in row) for row in con.execute(sql).fetchall()]
        finally:
            con.close()


@dataclass
class PostgresWarehouse(Warehouse):
    root: Path
    database: str
    target_path: Path
    engine: str = "postgres"

    @property
    def env(self) -> dict[str, str]:
        return {"LOTTERY_PG_DATABASE": self.database}

    def load(self, directory: Path, append: bool = False) -> list[LoadedTable]:
        saved = os.environ.get("LOTTERY_PG_DATABASE")
        os.environ["LOTTERY_PG_DATABASE"] = self.database
        try:
            return load_directory_to("postgres", directory, root=self.root, append=append)
        finally:
            if saved is None:
                os.environ.pop("LOTTERY_PG_DATABASE", None)
            else:
                os.environ["LOTTERY_PG_DATABASE"] = saved

    def dbt(self, args: Sequence[str]) -> DbtRun:
        return run_dbt(
            list(args), self.root, target="postgres", target_path=self.target_path, env=self.env
        )

    def build(self, options: Sequence[str] = (), variables: dict[str, Any] | None = None) -> DbtRun:
        return python_steps.build(
            self.root, "postgres", options, variables, target_path=self.target_path, env=self.env
        )

    def query(self, sql: str) -> list[tuple]:
        from lottery_analytics.engines import postgres_connect

        con = postgres_connect(self.root, database=self.database)
        try:
            cur = con.cursor()
            cur.execute(sql)
            return [tuple(_plain(v) for v in row) for row in cur.fetchall()]
        finally:
            con.close()


@dataclass
class SparkWarehouse(Warehouse):
    root: Path
    target_path: Path
    engine: str = "spark"

    def load(self, directory: Path, append: bool = False) -> list[LoadedTable]:
        return load_directory_to("spark", directory, root=self.root, append=append)

    def dbt(self, args: Sequence[str]) -> DbtRun:
        return run_dbt(list(args), self.root, target="spark", target_path=self.target_path)

    def build(self, options: Sequence[str] = (), variables: dict[str, Any] | None = None) -> DbtRun:
        return python_steps.build(
            self.root, "spark", options, variables, target_path=self.target_path
        )

    def query(self, sql: str) -> list[tuple]:
        from lottery_analytics.engines import spark_session

        # Arrow keeps timestamps as UTC instants (collect() would use Python's local zone).
        table = spark_session(self.root).sql(sql).toArrow()
        return [tuple(_plain(v) for v in row.values()) for row in table.to_pylist()]


def _plain(value: Any) -> Any:
    """Engine values as plain Python: timestamps naive UTC."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def start_throwaway_postgres(root: Path) -> dict[str, str] | None:
    """Start a local throw-away server with scripts/postgres_server.sh (binaries already on
    the machine only) and point LOTTERY_PG_* at it; None when it cannot start."""
    import subprocess

    result = subprocess.run(
        ["bash", str(root / "scripts" / "postgres_server.sh"), "start"],
        env={**os.environ, "LOTTERY_PG_NO_INSTALL": "1"},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        return None
    settings = {}
    for line in result.stdout.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        settings[name] = value
    os.environ.update(settings)
    return settings


def stop_throwaway_postgres(root: Path, settings: dict[str, str]) -> None:
    import subprocess

    subprocess.run(
        ["bash", str(root / "scripts" / "postgres_server.sh"), "stop", settings["LOTTERY_PG_DIR"]],
        capture_output=True,
    )
    for name in settings:
        os.environ.pop(name, None)


class PostgresServer:
    """The PostgreSQL server of the `postgres` target; each warehouse is a fresh database."""

    def __init__(self, root: Path) -> None:
        from lottery_analytics.engines import EngineError, postgres_connect

        self.root = root
        try:
            import psycopg2  # noqa: F401
        except ImportError:
            unavailable("postgres", "psycopg2 is not installed (pip install -e '.[postgres]')")
        try:
            postgres_connect(root).close()
        except EngineError as exc:
            unavailable(
                "postgres",
                f'{exc}. Start a local server with `eval "$(scripts/postgres_server.sh start)"`',
            )

    def fresh_database(self, name: str) -> str:
        from lottery_analytics.engines import recreate_postgres_database

        return recreate_postgres_database(self.root, name)

    def warehouse(self, name: str, target_path: Path) -> PostgresWarehouse:
        return PostgresWarehouse(self.root, self.fresh_database(name), target_path)


class SparkEngine:
    """The process's Spark session (dbt-spark `session` method) and its one warehouse."""

    def __init__(self, root: Path, spark_dir: Path) -> None:
        self.root = root
        try:
            import pyspark  # noqa: F401
        except ImportError:
            unavailable("spark", "pyspark is not installed (pip install -e '.[spark]')")
        if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
            unavailable("spark", "no Java runtime (java on PATH or JAVA_HOME)")
        self.spark_dir = spark_dir

    def warehouse(self, target_path: Path) -> SparkWarehouse:
        """The Spark warehouse, emptied: every schema but `default` is dropped."""
        from lottery_analytics.engines import spark_session

        spark = spark_session(self.root)
        for row in spark.sql("show databases").collect():
            if row[0] != "default":
                spark.sql(f"drop database if exists `{row[0]}` cascade")
        return SparkWarehouse(self.root, target_path)


# ----------------------------------------------------------------------- comparing marts


@dataclass
class MartSpec:
    """A public mart: its primary key and the contract's type of every column."""

    name: str
    key: tuple[str, ...]
    types: dict[str, str]

    @property
    def columns(self) -> list[str]:
        return list(self.types)


def public_marts(manifest: dict) -> list[MartSpec]:
    """Every model with access public, keyed by its primary key: the first column (in
    column order) with both a `unique` and a `not_null` test, else its `unique_combination`."""
    specs = []
    for uid, node in manifest["nodes"].items():
        if node["resource_type"] != "model" or node.get("access") != "public":
            continue
        tests: dict[str, set[str]] = {}
        combination: tuple[str, ...] | None = None
        for test in manifest["nodes"].values():
            if test["resource_type"] != "test" or test.get("attached_node") != uid:
                continue
            meta = test.get("test_metadata") or {}
            if test.get("column_name"):
                tests.setdefault(test["column_name"], set()).add(meta.get("name", ""))
            if meta.get("name") == "unique_combination":
                combination = tuple(meta["kwargs"]["combination"])
        columns = list(node["columns"])
        keys = [c for c in columns if {"unique", "not_null"} <= tests.get(c, set())]
        key = (keys[0],) if keys else combination
        assert key, f"{node['name']}: no primary-key test"
        types = {
            name: (col.get("data_type") or "").lower() for name, col in node["columns"].items()
        }
        specs.append(MartSpec(node["name"], key, types))
    return sorted(specs, key=lambda s: s.name)


def export_mart(warehouse: Warehouse, spec: MartSpec) -> list[dict[str, Any]]:
    rows = warehouse.query(f"select {', '.join(spec.columns)} from marts.{spec.name}")
    return [dict(zip(spec.columns, row, strict=True)) for row in rows]


@dataclass
class Differences:
    model: str
    found: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        self.found.append(f"{self.model}: {message}")


def _equal(data_type: str, a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if data_type.startswith(("decimal", "numeric")):
        cent = decimal.Decimal("0.01")
        return decimal.Decimal(str(a)).quantize(cent) == decimal.Decimal(str(b)).quantize(cent)
    if data_type in ("double", "double precision", "float", "real"):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def compare_mart(
    spec: MartSpec,
    reference: Iterable[dict[str, Any]],
    other: Iterable[dict[str, Any]],
    names: tuple[str, str] = ("duckdb", "other"),
    limit: int = 20,
) -> list[str]:
    """Differences between two exports of a mart, each naming model, column and key:
    same keys and counts; money (decimal) equal to the cent; doubles within 1e-9 relative
    (1e-12 absolute near zero); everything else equal."""
    diff = Differences(spec.name)
    by_key: list[dict[tuple, dict[str, Any]]] = []
    for name, rows in zip(names, (reference, other), strict=True):
        keyed: dict[tuple, dict[str, Any]] = {}
        for row in rows:
            key = tuple(row[c] for c in spec.key)
            if key in keyed:
                diff.add(f"key {key} appears twice on {name}")
            keyed[key] = row
        by_key.append(keyed)
    left, right = by_key
    if len(left) != len(right):
        diff.add(f"{len(left)} rows on {names[0]}, {len(right)} on {names[1]}")
    for key in sorted(left.keys() - right.keys(), key=repr)[:limit]:
        diff.add(f"key {key} only on {names[0]}")
    for key in sorted(right.keys() - left.keys(), key=repr)[:limit]:
        diff.add(f"key {key} only on {names[1]}")
    for key in sorted(left.keys() & right.keys(), key=repr):
        for column, data_type in spec.types.items():
            a, b = left[key][column], right[key][column]
            if not _equal(data_type, a, b):
                diff.add(f"column {column}, key {key}: {names[0]}={a!r}, {names[1]}={b!r}")
                if len(diff.found) >= limit:
                    return diff.found
    return diff.found

"""Where the dbt project and the default warehouse live, and the environment dbt needs."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_NAME = "lottery_analytics"
#: Targets that build the plain schemas analysts read (marts, staging, ...): one per engine,
#: named after it. macros/targets.sql and dbt_project.yml (the raw seeds) list the same.
PRODUCTION_TARGETS = ("duckdb", "postgres", "spark")
#: Development targets (profiles.yml): an engine's production settings, with every schema
#: prefixed by $LOTTERY_DEV_SCHEMA (default dev_<user>); they never write the raw schema.
DEVELOPMENT_TARGETS = tuple(f"{engine}_dev" for engine in PRODUCTION_TARGETS)
TARGETS = PRODUCTION_TARGETS + DEVELOPMENT_TARGETS


class ProjectError(Exception):
    """The dbt project cannot be found or an option names something that does not exist."""


def _is_project_root(path: Path) -> bool:
    project_file = path / "dbt_project.yml"
    if not project_file.is_file():
        return False
    return f"name: {PROJECT_NAME}" in project_file.read_text(encoding="utf-8")


def project_root() -> Path:
    """The repository root: the working directory or a parent of it, else the checkout this
    package was installed from (`pip install -e .`)."""
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if _is_project_root(candidate):
            return candidate
    installed_from = Path(__file__).resolve().parents[2]
    if _is_project_root(installed_from):
        return installed_from
    raise ProjectError(
        "cannot find the lottery_analytics dbt project (dbt_project.yml): run from a clone "
        "of the repository, where `pip install -e .` was run"
    )


def default_duckdb_path(root: Path) -> Path:
    """The DuckDB warehouse file: $LOTTERY_DUCKDB_PATH, else target/lottery.duckdb."""
    configured = os.environ.get("LOTTERY_DUCKDB_PATH")
    if configured:
        path = Path(configured)
        return path if path.is_absolute() else root / path
    return root / "target" / "lottery.duckdb"


def default_spark_dir(root: Path) -> Path:
    """Where the local Spark session keeps its warehouse (Parquet tables) and Derby
    metastore: $LOTTERY_SPARK_DIR, else target/spark."""
    configured = os.environ.get("LOTTERY_SPARK_DIR")
    if configured:
        path = Path(configured)
        return path if path.is_absolute() else root / path
    return root / "target" / "spark"


def check_target(target: str) -> str:
    if target not in TARGETS:
        raise ProjectError(f"unknown target '{target}': choose one of {', '.join(TARGETS)}")
    return target


def engine_of(target: str) -> str:
    """The engine (dbt adapter type) of a target: `duckdb_dev` runs on duckdb."""
    return check_target(target).removesuffix("_dev")


def is_production(target: str) -> bool:
    """True for a production target (plain schema names), False for a development one."""
    return check_target(target) in PRODUCTION_TARGETS


def dbt_environment(root: Path, target: str, duckdb_path: Path | None = None) -> dict[str, str]:
    """Environment variables for a dbt run against `target` (absolute warehouse paths).
    PostgreSQL reads LOTTERY_PG_* from the environment as it is (profiles.yml)."""
    env = {"LOTTERY_TARGET": check_target(target), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    engine = engine_of(target)
    if engine == "duckdb":
        env["LOTTERY_DUCKDB_PATH"] = str(duckdb_path or default_duckdb_path(root))
    elif engine == "spark":
        env["LOTTERY_SPARK_DIR"] = str(default_spark_dir(root))
        # The local session binds to loopback, whatever the machine's host name resolves to.
        env["SPARK_LOCAL_IP"] = os.environ.get("SPARK_LOCAL_IP", "127.0.0.1")
    return env

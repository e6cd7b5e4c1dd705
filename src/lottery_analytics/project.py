"""Which dbt project runs, where its runs write, and the environment dbt needs.

The rule (README, "Installing"), applied by `project_root()` and `work_dir()`:

1. A checkout: the working directory or the nearest parent of it holding this project's
   dbt_project.yml, else the source tree that an editable install (`pip install -e .`)
   runs from. Runs write inside it, as plain dbt does: target/ (with target/lottery.duckdb
   and target/spark), logs/.
2. Else the copy of the project that a wheel (`pip install .`) carries,
   `lottery_analytics/dbt_project/` in site-packages. Nothing is written there: the same
   target/ and logs/ go to the work directory, $LOTTERY_HOME, else ./lottery-analytics
   under the working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

from lottery_analytics.errors import LotteryError

PROJECT_NAME = "lottery_analytics"
#: where a wheel puts its copy of the dbt project (setup.py copies it there)
PACKAGED_PROJECT = Path(__file__).resolve().parent / "dbt_project"
#: the work directory of the packaged project: $LOTTERY_HOME, else this under the cwd
WORK_DIR_NAME = "lottery-analytics"
#: Targets that build the plain schemas analysts read (marts, staging, ...): one per engine,
#: named after it. macros/targets.sql and dbt_project.yml (the raw seeds) list the same.
PRODUCTION_TARGETS = ("duckdb", "postgres", "spark")
#: Development targets (profiles.yml): an engine's production settings, with every schema
#: prefixed by $LOTTERY_DEV_SCHEMA (default dev_<user>); they never write the raw schema.
DEVELOPMENT_TARGETS = tuple(f"{engine}_dev" for engine in PRODUCTION_TARGETS)
TARGETS = PRODUCTION_TARGETS + DEVELOPMENT_TARGETS


class ProjectError(LotteryError):
    """The dbt project cannot be found or an option names something that does not exist."""


def _is_project_root(path: Path) -> bool:
    project_file = path / "dbt_project.yml"
    if not project_file.is_file():
        return False
    return f"name: {PROJECT_NAME}" in project_file.read_text(encoding="utf-8")


def project_root() -> Path:
    """The dbt project to run, first found of:

    1. the working directory or the nearest parent of it holding this project's
       dbt_project.yml (a clone of the repository);
    2. the source tree this package runs from, when installed with `pip install -e .`;
    3. the copy of the project inside the installed package (`pip install .`), whose runs
       write in `work_dir()`.
    """
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if _is_project_root(candidate):
            return candidate
    installed_from = Path(__file__).resolve().parents[2]
    if _is_project_root(installed_from):
        return installed_from
    if _is_project_root(PACKAGED_PROJECT):
        return PACKAGED_PROJECT
    raise ProjectError(
        "cannot find the lottery_analytics dbt project (dbt_project.yml): run from a clone "
        "of the repository, or install the package with `pip install .`, which ships it"
    )


def is_packaged(root: Path) -> bool:
    """True when `root` is the project copy inside the installed package."""
    return root.resolve() == PACKAGED_PROJECT


def work_dir(root: Path) -> Path:
    """Where runs of the project at `root` write (dbt's target/ and logs/, the DuckDB file,
    the Spark warehouse): the checkout itself; for the packaged project, $LOTTERY_HOME,
    else ./lottery-analytics under the working directory (never site-packages)."""
    if not is_packaged(root):
        return root
    configured = os.environ.get("LOTTERY_HOME")
    home = Path(configured) if configured else Path(WORK_DIR_NAME)
    return home if home.is_absolute() else Path.cwd().resolve() / home


def default_target_path(root: Path) -> Path:
    """dbt's target directory (manifest, compiled SQL, docs site): work_dir()/target."""
    return work_dir(root) / "target"


def default_log_path(root: Path) -> Path:
    """dbt's log directory: work_dir()/logs."""
    return work_dir(root) / "logs"


def default_duckdb_path(root: Path) -> Path:
    """The DuckDB warehouse file: $LOTTERY_DUCKDB_PATH (relative to `work_dir()`), else
    target/lottery.duckdb in `work_dir()`."""
    configured = os.environ.get("LOTTERY_DUCKDB_PATH")
    if configured:
        path = Path(configured)
        return path if path.is_absolute() else work_dir(root) / path
    return default_target_path(root) / "lottery.duckdb"


def default_spark_dir(root: Path) -> Path:
    """Where the local Spark session keeps its warehouse (Parquet tables) and Derby
    metastore: $LOTTERY_SPARK_DIR (relative to `work_dir()`), else target/spark in
    `work_dir()`."""
    configured = os.environ.get("LOTTERY_SPARK_DIR")
    if configured:
        path = Path(configured)
        return path if path.is_absolute() else work_dir(root) / path
    return default_target_path(root) / "spark"


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

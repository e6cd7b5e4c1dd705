"""Connections to the PostgreSQL and Spark targets outside dbt (loader, tests, benchmark).

Both are configured from the same `profiles.yml` outputs dbt uses, rendered with the same
environment, so the loader writes where dbt reads:

* PostgreSQL: host, port, user, password and database of the `postgres` output
  (LOTTERY_PG_* variables).
* Spark: the `spark` output's `server_side_parameters` (warehouse directory, Derby
  metastore, session time zone...). A process has one SparkSession; dbt-spark's `session`
  method and `spark_session()` share it, and `spark_session()` refuses a session that
  was started with another warehouse directory.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lottery_analytics.errors import LotteryError
from lottery_analytics.project import PROJECT_NAME, dbt_environment

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


class EngineError(LotteryError):
    """A target engine cannot be reached or is configured inconsistently."""


def target_profile(root: Path, target: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """The rendered `profiles.yml` output of `target`, as dbt would see it for a run from
    this process (`dbt_environment` applied over the current environment and `env`)."""
    from dbt.config.profile import read_profile
    from dbt.config.renderer import ProfileRenderer
    from dbt_common.context import set_invocation_context

    environment = {**os.environ, **dbt_environment(root, target), **(env or {})}
    set_invocation_context(environment)
    raw = read_profile(str(root))
    try:
        output = raw[PROJECT_NAME]["outputs"][target]
    except KeyError as exc:
        raise EngineError(f"profiles.yml in {root} has no '{target}' output") from exc
    return ProfileRenderer({}).render_data(output)


def postgres_connect(
    root: Path,
    database: str | None = None,
    env: dict[str, str] | None = None,
    target: str = "postgres",
):
    """A psycopg2 connection to a PostgreSQL target (or another database on its server)."""
    try:
        import psycopg2
    except ImportError as exc:
        raise EngineError(
            "the postgres target needs psycopg2: pip install -e '.[postgres]'"
        ) from exc
    profile = target_profile(root, target, env)
    try:
        return psycopg2.connect(
            host=profile["host"],
            port=int(profile["port"]),
            user=profile["user"],
            password=profile.get("password") or None,
            dbname=database or profile["dbname"],
            connect_timeout=10,
        )
    except psycopg2.Error as exc:
        raise EngineError(
            f"cannot connect to PostgreSQL at {profile['host']}:{profile['port']} as "
            f"{profile['user']} (database {database or profile['dbname']}): "
            f"{str(exc).strip()}"
        ) from exc


def duckdb_settings(root: Path, database: Path) -> dict[str, str]:
    """DuckDB's own settings of the `duckdb` target for the warehouse file `database`
    (profiles.yml `settings`: memory_limit and threads from LOTTERY_DUCKDB_MEMORY_LIMIT /
    _THREADS; `config_options`: temp_directory from LOTTERY_DUCKDB_TEMP_DIR), so that a
    DuckDB connection opened outside dbt (the loader's) obeys the same limits as dbt's. A
    relative temp directory is taken relative to the project root, as dbt (run from it) does."""
    profile = target_profile(root, "duckdb", {"LOTTERY_DUCKDB_PATH": str(database)})
    configured = {**(profile.get("config_options") or {}), **(profile.get("settings") or {})}
    settings = {str(k): str(v) for k, v in configured.items()}
    temp = settings.get("temp_directory")
    if temp and not Path(temp).is_absolute():
        settings["temp_directory"] = str(root / temp)
    return settings


def recreate_postgres_database(root: Path, name: str, attempts: int = 10) -> str:
    """Drop (closing its connections) and create database `name` on the `postgres` target's
    server, connected through the target's own database; returns `name`.

    `with (force)` must terminate every session on the database. An autovacuum worker
    (which the server starts after large writes) belongs to no role, and only a superuser
    or a member of pg_signal_backend may terminate it: without that right the drop is
    tried again, once a second, while the worker finishes."""
    import psycopg2

    con = postgres_connect(root, database=target_profile(root, "postgres")["dbname"])
    con.autocommit = True
    try:
        cur = con.cursor()
        for attempt in range(1, attempts + 1):
            try:
                cur.execute(f'drop database if exists "{name}" with (force)')
                break
            except psycopg2.errors.InsufficientPrivilege as exc:
                if attempt == attempts:
                    raise EngineError(
                        f"cannot drop PostgreSQL database {name}: {str(exc).strip()} "
                        f"(tried {attempts} times)"
                    ) from exc
                time.sleep(1)
        cur.execute(f'create database "{name}"')
    finally:
        con.close()
    return name


def spark_settings(
    root: Path, env: dict[str, str] | None = None, target: str = "spark"
) -> dict[str, str]:
    """The session settings of a Spark target, as dbt-spark applies them (it always turns
    ANSI mode off)."""
    profile = target_profile(root, target, env)
    if profile.get("method") != "session":
        raise EngineError(
            "the loader writes to Spark through a local session (method: session); "
            f"the spark target uses method '{profile.get('method')}'"
        )
    settings = {str(k): str(v) for k, v in (profile.get("server_side_parameters") or {}).items()}
    settings["spark.sql.ansi.enabled"] = "false"
    return settings


def _local_path(uri: str) -> str:
    return os.path.normpath(uri.removeprefix("file:").removeprefix("//"))


def spark_session(
    root: Path, env: dict[str, str] | None = None, target: str = "spark"
) -> SparkSession:
    """The process's SparkSession for a Spark target (started with its settings if no
    session runs yet). `spark` and `spark_dev` share one warehouse and metastore."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise EngineError("the spark target needs pyspark: pip install -e '.[spark]'") from exc
    settings = spark_settings(root, env, target)
    for key, value in dbt_environment(root, target).items():
        if key.startswith("SPARK_"):
            os.environ.setdefault(key, value)
    builder = SparkSession.builder.enableHiveSupport()
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    wanted = settings.get("spark.sql.warehouse.dir")
    actual = session.conf.get("spark.sql.warehouse.dir", None)
    if wanted and actual and _local_path(wanted) != _local_path(actual):
        raise EngineError(
            f"this process already runs a Spark session on warehouse {actual}, not {wanted} "
            "(LOTTERY_SPARK_DIR changed after Spark started): use one LOTTERY_SPARK_DIR per "
            "process"
        )
    return session

"""Checks run before dbt, so the errors an analyst meets name the cause and the fix."""

from __future__ import annotations

from pathlib import Path

import duckdb
import yaml

from lottery_analytics.project import ProjectError


def check_duckdb_unlocked(database: Path) -> None:
    """Raise ProjectError when another process holds the DuckDB file."""
    if not database.exists():
        return
    try:
        duckdb.connect(str(database)).close()
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise ProjectError(
                f"DuckDB file {database} is locked by another process (a running dbt, a "
                "notebook or the duckdb CLI holds it): close it and run again"
            ) from exc
        raise ProjectError(f"cannot open DuckDB file {database}: {exc}") from exc


def has_loaded_extracts(database: Path, schema: str = "raw") -> bool:
    """True when `lottery-analytics load` filled the raw schema of this DuckDB file."""
    if not database.exists():
        return False
    con = duckdb.connect(str(database), read_only=True)
    try:
        found = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = ? and table_name = '_lottery_load'",
            [schema],
        ).fetchone()
        return bool(found and found[0])
    finally:
        con.close()


def project_variable(root: Path, name: str) -> object:
    """A variable's default from dbt_project.yml."""
    project = yaml.safe_load((root / "dbt_project.yml").read_text(encoding="utf-8"))
    return project.get("vars", {}).get(name)

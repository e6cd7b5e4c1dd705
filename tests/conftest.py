"""Shared fixtures: the warehouse built from the bundled sample, in a temporary directory."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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
    yield BuiltWarehouse(run, database, work / "target")

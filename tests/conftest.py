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

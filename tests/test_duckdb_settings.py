"""The duckdb target's own settings (profiles.yml: LOTTERY_DUCKDB_MEMORY_LIMIT, _TEMP_DIR,
_THREADS) take effect in dbt's connection and in the loader's (docs/engines.md, "DuckDB's
memory")."""

from __future__ import annotations

from pathlib import Path

import pytest

from lottery_analytics.dbt_runner import run_dbt
from lottery_analytics.loader import connect_duckdb

SETTINGS_SQL = (
    "select current_setting('memory_limit') as memory_limit, "
    "current_setting('threads') as threads, current_setting('temp_directory') as temp_directory"
)
#: DuckDB prints a limit of 1GB (10^9 bytes) in binary units
ONE_GB = "953.6 MiB"


@pytest.fixture
def one_gb_one_thread(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("LOTTERY_DUCKDB_MEMORY_LIMIT", "1GB")
    monkeypatch.setenv("LOTTERY_DUCKDB_THREADS", "1")
    monkeypatch.setenv("LOTTERY_DUCKDB_TEMP_DIR", str(tmp_path / "spill"))
    return tmp_path / "spill"


def test_dbt_connection_has_the_target_settings(
    repo_root: Path, tmp_path: Path, one_gb_one_thread: Path
) -> None:
    run = run_dbt(
        ["show", "--inline", SETTINGS_SQL, "--output", "json"],
        repo_root,
        duckdb_path=tmp_path / "w.duckdb",
        target_path=tmp_path / "target",
    )
    assert run.success, run.errors
    table = run.result.results[0].agate_table
    row = dict(zip(table.column_names, table.rows[0], strict=True))
    assert (row["memory_limit"], int(row["threads"]), row["temp_directory"]) == (
        ONE_GB,
        1,
        str(one_gb_one_thread),
    )


def test_dbt_defaults_are_4gb_and_2_threads_spilling_next_to_the_file(
    repo_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (
        "LOTTERY_DUCKDB_MEMORY_LIMIT",
        "LOTTERY_DUCKDB_THREADS",
        "LOTTERY_DUCKDB_TEMP_DIR",
    ):
        monkeypatch.delenv(name, raising=False)
    database = tmp_path / "w.duckdb"
    run = run_dbt(
        ["show", "--inline", SETTINGS_SQL],
        repo_root,
        duckdb_path=database,
        target_path=tmp_path / "target",
    )
    assert run.success, run.errors
    table = run.result.results[0].agate_table
    row = dict(zip(table.column_names, table.rows[0], strict=True))
    assert (row["memory_limit"], int(row["threads"]), row["temp_directory"]) == (
        "3.7 GiB",  # 4GB = 4 * 10^9 bytes
        2,
        f"{database}.tmp",
    )


def test_loader_connection_has_the_target_settings(tmp_path: Path, one_gb_one_thread: Path) -> None:
    for database in (tmp_path / "w.duckdb", None):  # the file, and the in-memory check
        con = connect_duckdb(database)
        try:
            found = con.execute(SETTINGS_SQL).fetchone()
        finally:
            con.close()
        assert found == (ONE_GB, 1, str(one_gb_one_thread)), database

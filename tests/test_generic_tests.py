"""The project's cheaper generic tests fail on a bad fixture and pass on a good one.

Each test macro is compiled by dbt (`dbt compile --inline`) against small hand-made DuckDB
tables; a generic test fails when its query returns rows.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import duckdb
import pytest

#: fixture table -> rows (k, reason); the expected failing key values of unique_key
FIXTURES = {
    "clean_keys": ([("a", None), ("b", "x"), (None, "missing_key")], []),
    "duplicated_key": ([("a", None), ("a", "x"), ("b", None)], [("a", 2)]),
    "null_key_on_valid_row": ([("a", None), (None, None), (None, "missing_key")], [(None, 1)]),
    "null_keys_only_rejected": ([("a", None), (None, "missing_key"), (None, "missing_key")], []),
}
SEPARATOR = "-- next test --"
WHERE = "reason is null"


@pytest.fixture(scope="module")
def compiled(repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    work = tmp_path_factory.mktemp("generic_tests")
    inline = f"\n{SEPARATOR}\n".join(
        f"{{{{ test_unique_key(model='{name}', column_name='k', not_null_where={WHERE!r}) }}}}"
        for name in FIXTURES
    )
    env = {**os.environ, "LOTTERY_DUCKDB_PATH": str(work / "compile.duckdb")}
    result = subprocess.run(
        [
            "dbt",
            "compile",
            "--quiet",
            "--profiles-dir",
            str(repo_root),
            "--project-dir",
            str(repo_root),
            "--target-path",
            str(work / "target"),
            "--inline",
            inline,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=repo_root,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return dict(zip(FIXTURES, result.stdout.split(SEPARATOR), strict=True))


@pytest.mark.parametrize("fixture", FIXTURES)
def test_unique_key_fails_exactly_on_duplicates_and_required_nulls(
    compiled: dict[str, str], fixture: str
) -> None:
    rows, expected = FIXTURES[fixture]
    con = duckdb.connect()
    con.execute(f"create table {fixture} (k varchar, reason varchar)")
    con.executemany(f"insert into {fixture} values (?, ?)", rows)
    failures = con.execute(compiled[fixture]).fetchall()
    assert sorted(failures, key=str) == expected

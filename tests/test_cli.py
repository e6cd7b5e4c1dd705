"""The command line: the main job end to end, and the errors an analyst will meet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _cli(*args: str, database: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LOTTERY_DUCKDB_PATH": str(database), "COLUMNS": "160"}
    return subprocess.run(
        [sys.executable, "-m", "lottery_analytics.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_demo_builds_and_prints_every_answer(tmp_path: Path, repo_root: Path) -> None:
    result = _cli("demo", database=tmp_path / "demo.duckdb", cwd=repo_root)
    assert result.returncode == 0, result.stderr[-4000:]
    for title in (
        "Return on ad spend by channel",
        "Top 5 campaigns by ROAS under each attribution model",
        "Days from signup to first ticket",
        "High-jackpot players by acquisition channel",
        "VIP tiers",
    ):
        assert title in result.stdout
    for model in (
        "first_touch",
        "last_touch",
        "linear",
        "time_decay",
        "position_based",
        "markov",
        "shapley",
    ):
        assert model in result.stdout
    assert "static_index.html" in result.stderr
    assert (repo_root / "target" / "static_index.html").is_file()


def test_unknown_target_is_named(tmp_path: Path, repo_root: Path) -> None:
    result = _cli("build", "--target", "oracle", database=tmp_path / "w.duckdb", cwd=repo_root)
    assert result.returncode != 0
    assert "--target" in result.stderr and "oracle" in result.stderr


def test_impossible_variable_is_named(tmp_path: Path, repo_root: Path) -> None:
    result = _cli(
        "build",
        "--vars",
        "{attribution_lookback_days: -3}",
        database=tmp_path / "w.duckdb",
        cwd=repo_root,
    )
    assert result.returncode == 1
    assert "Variable 'attribution_lookback_days' must be at least 0; got -3." in result.stderr


def test_threshold_that_is_not_a_number_is_named(tmp_path: Path, repo_root: Path) -> None:
    result = _cli(
        "build",
        "--vars",
        "{high_jackpot_threshold: lots}",
        database=tmp_path / "w.duckdb",
        cwd=repo_root,
    )
    assert result.returncode == 1
    assert "Variable 'high_jackpot_threshold' must be a number; got 'lots'." in result.stderr


def test_missing_raw_tables_say_how_to_load(tmp_path: Path, repo_root: Path) -> None:
    result = _cli("build", "--no-sample", database=tmp_path / "w.duckdb", cwd=repo_root)
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert "Raw table(s) missing: raw." in message
    assert "lottery-analytics load DIR" in message


def test_locked_duckdb_file_is_explained(locked_duckdb: Path, repo_root: Path) -> None:
    result = _cli("build", database=locked_duckdb, cwd=repo_root)
    assert result.returncode == 1
    assert "is locked by another process" in result.stderr.replace("\n", " ")


def test_load_reports_a_bad_file_and_exits_non_zero(tmp_path: Path, repo_root: Path) -> None:
    result = _cli("load", str(tmp_path / "nowhere"), database=tmp_path / "w.duckdb", cwd=repo_root)
    assert result.returncode == 1
    assert "no such directory" in result.stderr


def test_load_append_adds_a_day_and_needs_the_history(tmp_path: Path, repo_root: Path) -> None:
    from test_loader import write_tables

    database = tmp_path / "w.duckdb"
    day = write_tables(tmp_path / "day", rows=1)
    result = _cli("load", str(day), "--append", database=database, cwd=repo_root)
    assert result.returncode == 1
    assert "load without --append first" in " ".join(result.stderr.split())
    history = write_tables(tmp_path / "history", rows=2)
    assert _cli("load", str(history), database=database, cwd=repo_root).returncode == 0
    result = _cli("load", str(day), "--append", database=database, cwd=repo_root)
    assert result.returncode == 0, result.stderr
    output = " ".join((result.stdout + result.stderr).split())  # the console writes stderr
    assert "raw.web_events: 1 rows appended from web_events.csv" in output


def test_dev_target_never_seeds_the_shared_raw_schema(tmp_path: Path, repo_root: Path) -> None:
    result = _cli(
        "build", "--target", "duckdb_dev", "--sample", database=tmp_path / "w.duckdb", cwd=repo_root
    )
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert "duckdb_dev is a development target" in message
    assert "lottery-analytics build --target duckdb" in message
    result = _cli(
        "load",
        str(tmp_path),
        "--target",
        "duckdb_dev",
        database=tmp_path / "w.duckdb",
        cwd=repo_root,
    )
    assert result.returncode == 1
    assert "Load with --target duckdb" in " ".join(result.stderr.split())


def test_dev_target_without_raw_tables_says_where_they_come_from(
    tmp_path: Path, repo_root: Path
) -> None:
    result = _cli("build", "--target", "duckdb_dev", database=tmp_path / "w.duckdb", cwd=repo_root)
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert "Raw table(s) missing: raw." in message
    assert "duckdb_dev is a development target: it reads the shared raw schema" in message

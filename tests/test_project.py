"""Which dbt project a command runs and where its runs write (README, "Installing")."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lottery_analytics import cli, project


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package installed as a wheel: site-packages/lottery_analytics with its project
    copy, imported from there; the working directory an empty folder outside any clone."""
    package = tmp_path / "site-packages" / "lottery_analytics"
    (package / "dbt_project").mkdir(parents=True)
    (package / "dbt_project" / "dbt_project.yml").write_text("name: lottery_analytics\n")
    monkeypatch.setattr(project, "__file__", str(package / "project.py"))
    monkeypatch.setattr(project, "PACKAGED_PROJECT", package / "dbt_project")
    for name in ("LOTTERY_HOME", "LOTTERY_DUCKDB_PATH", "LOTTERY_SPARK_DIR"):
        monkeypatch.delenv(name, raising=False)
    anywhere = tmp_path / "anywhere"
    anywhere.mkdir()
    monkeypatch.chdir(anywhere)
    return package / "dbt_project"


def test_a_checkout_runs_and_writes_in_itself(
    repo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LOTTERY_DUCKDB_PATH", raising=False)
    monkeypatch.delenv("LOTTERY_SPARK_DIR", raising=False)
    monkeypatch.setenv("LOTTERY_HOME", "/nowhere")  # applies to the packaged copy only
    monkeypatch.chdir(repo_root / "models")
    assert project.project_root() == repo_root
    assert not project.is_packaged(repo_root)
    assert project.work_dir(repo_root) == repo_root
    assert project.default_target_path(repo_root) == repo_root / "target"
    assert project.default_duckdb_path(repo_root) == repo_root / "target" / "lottery.duckdb"
    assert project.default_spark_dir(repo_root) == repo_root / "target" / "spark"
    monkeypatch.setenv("LOTTERY_DUCKDB_PATH", "elsewhere.duckdb")
    assert project.default_duckdb_path(repo_root) == repo_root / "elsewhere.duckdb"


def test_outside_a_checkout_the_packaged_copy_runs_and_writes_in_the_work_dir(
    installed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert project.project_root() == installed
    assert project.is_packaged(installed)
    work = tmp_path / "anywhere" / "lottery-analytics"
    assert project.work_dir(installed) == work
    assert project.default_target_path(installed) == work / "target"
    assert project.default_log_path(installed) == work / "logs"
    assert project.default_duckdb_path(installed) == work / "target" / "lottery.duckdb"
    assert project.default_spark_dir(installed) == work / "target" / "spark"
    monkeypatch.setenv("LOTTERY_DUCKDB_PATH", "mine.duckdb")
    assert project.default_duckdb_path(installed) == work / "mine.duckdb"
    monkeypatch.setenv("LOTTERY_HOME", str(tmp_path / "home"))
    assert project.work_dir(installed) == tmp_path / "home"
    assert project.default_duckdb_path(installed) == tmp_path / "home" / "mine.duckdb"
    monkeypatch.setenv("LOTTERY_HOME", "relative")
    assert project.work_dir(installed) == tmp_path / "anywhere" / "relative"


def test_a_clone_under_the_working_directory_comes_before_the_packaged_copy(
    installed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = tmp_path / "anywhere" / "clone"
    (clone / "models").mkdir(parents=True)
    (clone / "dbt_project.yml").write_text("name: lottery_analytics\n")
    monkeypatch.chdir(clone / "models")
    assert project.project_root() == clone
    assert project.work_dir(clone) == clone


def test_no_project_anywhere_is_explained(installed: Path) -> None:
    (installed / "dbt_project.yml").unlink()
    with pytest.raises(project.ProjectError, match="pip install"):
        project.project_root()
    result = CliRunner().invoke(cli.main, ["build"])
    assert result.exit_code == 1
    assert "error: cannot find the lottery_analytics dbt project" in result.output


def test_the_group_lists_its_commands() -> None:
    assert sorted(cli.main.commands) == ["build", "demo", "docs", "generate", "load", "test"]


def test_a_helpers_error_is_one_message_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOTTERY_DUCKDB_PATH", str(tmp_path / "w.duckdb"))
    result = CliRunner().invoke(cli.main, ["build", "--vars", "[1, 2]"])
    assert result.exit_code == 1
    assert result.output.startswith("error: --vars must be a YAML mapping")
    assert result.exception is None or isinstance(result.exception, SystemExit)

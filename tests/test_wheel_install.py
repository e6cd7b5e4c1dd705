"""`pip install .` installs the package as packages are: the wheel carries the dbt project,
and `lottery-analytics demo` run from an empty folder builds the warehouse in the work
directory (./lottery-analytics), writing nothing inside the installed package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.slow

#: top-level entries of a checkout that a build does not read (or that runs leave behind)
_NOT_SOURCES = {
    ".git",
    "target",
    "logs",
    "build",
    "dist",
    ".venv",
    "venv",
    ".pytest_cache",
    ".ruff_cache",
    "dbt_packages",
    "out",
}
#: dbt_project.yml keys naming the directories dbt reads
_PATH_KEYS = (
    "model-paths",
    "analysis-paths",
    "test-paths",
    "seed-paths",
    "macro-paths",
    "snapshot-paths",
    "docs-paths",
)


def _copy_sources(repo_root: Path, dest: Path) -> None:
    """The checkout without .git and run outputs, so the build leaves nothing in it."""

    def ignore(directory: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n == "__pycache__" or n.endswith((".egg-info", ".duckdb"))}
        if Path(directory) == repo_root:
            skipped |= _NOT_SOURCES & set(names)
        return skipped

    shutil.copytree(repo_root, dest, ignore=ignore)


def _project_files(root: Path) -> set[str]:
    """Relative paths of the files dbt reads in the project at `root`."""
    project = yaml.safe_load((root / "dbt_project.yml").read_text(encoding="utf-8"))
    files = {"dbt_project.yml", "profiles.yml"}
    for key in _PATH_KEYS:
        for directory in project.get(key, []):
            for path in (root / directory).rglob("*"):
                if path.is_file() and "__pycache__" not in path.parts:
                    files.add(path.relative_to(root).as_posix())
    return files


def _package_files(package: Path) -> set[str]:
    return {
        p.relative_to(package).as_posix()
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 900):
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=timeout
    )
    assert result.returncode == 0, f"{args}: {result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def test_wheel_installs_into_a_fresh_venv_and_runs_the_demo_anywhere(
    tmp_path: Path, repo_root: Path, report_figure: Callable[[str], None]
) -> None:
    started = time.monotonic()
    source = tmp_path / "source"
    _copy_sources(repo_root, source)
    wheels = tmp_path / "wheels"
    pip = ["-m", "pip", "--disable-pip-version-check", "--quiet"]
    _run([sys.executable, *pip, "wheel", str(source), "--no-deps", "-w", str(wheels)], tmp_path)
    (wheel,) = wheels.glob("lottery_analytics-*.whl")
    built = time.monotonic()

    # The wheel carries every file of the dbt project, directories whole.
    with zipfile.ZipFile(wheel) as archive:
        shipped = {
            name.removeprefix("lottery_analytics/dbt_project/")
            for name in archive.namelist()
            if name.startswith("lottery_analytics/dbt_project/")
        }
    assert shipped == _project_files(repo_root)

    # A fresh venv, the wheel and its dependencies (from the package index), in an
    # environment without this checkout's settings (PYTHONPATH would import its sources).
    venv = tmp_path / "venv"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LOTTERY_", "PYTHON", "VIRTUAL_ENV", "DBT_"))
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "160"
    _run([sys.executable, "-m", "venv", str(venv)], tmp_path, env)
    python = venv / "bin" / "python"
    _run([str(python), *pip, "install", str(wheel)], tmp_path, env)
    installed = time.monotonic()

    anywhere = tmp_path / "anywhere"
    anywhere.mkdir()

    # The venv runs the wheel's code and the wheel's project, not this checkout's.
    where = _run(
        [
            str(python),
            "-c",
            "import lottery_analytics.project as p; print(p.__file__); print(p.project_root())",
        ],
        anywhere,
        env,
    ).stdout.splitlines()
    package = venv.resolve() / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    package = package / "site-packages" / "lottery_analytics"
    assert Path(where[0]) == package / "project.py"
    assert Path(where[1]) == package / "dbt_project"
    before = _package_files(package)

    demo = _run([str(venv / "bin" / "lottery-analytics"), "demo"], anywhere, env)
    finished = time.monotonic()
    for title in (
        "Return on ad spend by channel",
        "Top 5 campaigns by ROAS under each attribution model",
        "Days from signup to first ticket",
        "High-jackpot players by acquisition channel",
        "VIP tiers",
    ):
        assert title in demo.stdout
    assert "shapley" in demo.stdout and "markov" in demo.stdout

    # Everything the demo wrote is in the work directory; nothing in the package.
    work = anywhere / "lottery-analytics"
    assert [p.name for p in anywhere.iterdir()] == ["lottery-analytics"]
    assert (work / "target" / "lottery.duckdb").is_file()
    assert (work / "target" / "static_index.html").is_file()
    assert (work / "logs").is_dir()  # dbt's log path (the CLI runs dbt with --log-level none)
    assert str(work / "target" / "lottery.duckdb") in "".join(demo.stderr.split())
    assert _package_files(package) == before
    assert not list(venv.rglob("*.duckdb"))

    report_figure(
        f"wheel {built - started:.0f} s, venv + install {installed - built:.0f} s, "
        f"demo {finished - installed:.0f} s"
    )

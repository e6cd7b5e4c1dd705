"""Lint is part of the test command: ruff for Python, sqlfluff (dbt templater) for SQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)


def test_ruff_lint(repo_root: Path) -> None:
    result = _run([sys.executable, "-m", "ruff", "check", "."], repo_root)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format(repo_root: Path) -> None:
    result = _run([sys.executable, "-m", "ruff", "format", "--check", "."], repo_root)
    assert result.returncode == 0, result.stdout + result.stderr


def test_sqlfluff(repo_root: Path) -> None:
    result = _run(
        [sys.executable, "-m", "sqlfluff", "lint", "models", "analyses", "data_tests"],
        repo_root,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]

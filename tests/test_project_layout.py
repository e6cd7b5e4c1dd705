"""The project's shape, checked without a warehouse: properties next to their model, small
properties files, unit tests apart, two models per raw table before the marts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

#: "no properties file over about 400 lines" (issue 17)
MAX_PROPERTIES_LINES = 400
RAW_TABLES = ("signups", "deposits", "ticket_purchases", "games", "funnel_spend", "web_events")


def _model_files(repo_root: Path) -> list[Path]:
    models = repo_root / "models"
    return sorted(
        path
        for path in [*models.rglob("*.sql"), *models.rglob("*.py")]
        if "python_step_outputs" not in path.parts
    )


def _yaml_files(repo_root: Path) -> list[Path]:
    return sorted((repo_root / "models").rglob("*.yml"))


def test_every_model_has_its_properties_file_beside_it(repo_root: Path) -> None:
    missing = [
        str(path.relative_to(repo_root))
        for path in _model_files(repo_root)
        if not path.with_suffix(".yml").is_file()
    ]
    assert not missing, f"models without a <model>.yml beside them: {missing}"


def test_a_properties_file_describes_only_its_own_model(repo_root: Path) -> None:
    wrong = []
    for path in _yaml_files(repo_root):
        if path.name.startswith("_"):
            continue
        model = path.name.removesuffix(".unit.yml").removesuffix(".yml")
        text = path.read_text(encoding="utf-8")
        if path.name.endswith(".unit.yml"):
            named = set(re.findall(r"^    model: *(\w+)", text, re.M))
        else:
            named = set(re.findall(r"^  - name: *(\w+)", text, re.M))
        if named != {model}:
            wrong.append(f"{path.relative_to(repo_root)}: {sorted(named)}")
    assert not wrong, wrong


def test_unit_tests_live_in_their_own_files(repo_root: Path) -> None:
    mixed = [
        str(path.relative_to(repo_root))
        for path in _yaml_files(repo_root)
        if not path.name.endswith(".unit.yml")
        and re.search(r"^unit_tests:", path.read_text(encoding="utf-8"), re.M)
    ]
    assert not mixed, f"unit tests outside a <model>.unit.yml: {mixed}"


def test_no_properties_file_is_over_the_limit(repo_root: Path) -> None:
    long = {
        str(path.relative_to(repo_root)): n
        for path in _yaml_files(repo_root)
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_PROPERTIES_LINES
    }
    assert not long, f"properties files over {MAX_PROPERTIES_LINES} lines: {long}"


@pytest.mark.parametrize("table", RAW_TABLES)
def test_two_models_per_raw_table_before_the_marts(repo_root: Path, table: str) -> None:
    """The raw table is read by its staging model only, and its rows reach other models
    only through its validated model (valid_rows or int_rejected_rows)."""
    names = {path.stem: path for path in _model_files(repo_root)}
    assert f"stg_{table}" in names and f"int_{table}_validated" in names
    readers_of_source, readers_of_staging = [], []
    for name, path in names.items():
        sql = path.read_text(encoding="utf-8")
        if re.search(rf"source\('\w+', '{table}'\)", sql):
            readers_of_source.append(name)
        if f"ref('stg_{table}')" in sql:
            readers_of_staging.append(name)
    assert readers_of_source == [f"stg_{table}"]
    assert readers_of_staging == [f"int_{table}_validated"]

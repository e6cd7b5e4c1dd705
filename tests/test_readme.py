"""The README is the project's front door: its commands and its variable table stay true."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

#: read while dbt renders dbt_project.yml: their defaults are given where they are read
DEFAULTS_READ_IN_PLACE = ("raw_schema", "use_bundled_sample")


def test_readme_opens_with_the_two_commands(repo_root: Path) -> None:
    lines = (repo_root / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```bash") + 1 : lines.index("```bash") + 3]
    assert block[0].startswith("pip install -e . && lottery-analytics demo")
    assert block[1].startswith("pip install -e '.[test,postgres,spark]' && pytest")
    ci = (repo_root / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install --quiet --disable-pip-version-check -e '.[test,postgres,spark]'" in ci
    assert ci.rstrip().endswith("python3 -m pytest")


def _variable_table(readme: str) -> list[tuple[str, object, str]]:
    """(name, default, meaning) of each row of the README's Variables table; the default
    cell is YAML in backticks (`\\|` is a `|` of the value)."""
    section = readme.split("\n## Variables\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        assert len(cells) == 3, f"not a 3-column row: {line}"
        name, default, meaning = cells
        assert name.startswith("`") and default.startswith("`") and default.endswith("`"), line
        rows.append((name.strip("`"), yaml.safe_load(default[1:-1].replace("\\|", "|")), meaning))
    return rows


def _var_calls(repo_root: Path) -> list[tuple[str, str, str | None]]:
    """(file, variable, default as written or None) of every `var(...)` call in the dbt
    project's SQL and YAML, dbt_project.yml included."""
    files = [repo_root / "dbt_project.yml"]
    for folder in ("models", "macros", "analyses", "data_tests", "seeds"):
        files += sorted((repo_root / folder).rglob("*.sql")) + sorted(
            (repo_root / folder).rglob("*.yml")
        )
    calls = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        for name, default in _VAR_CALL.findall(text):
            calls.append((str(path.relative_to(repo_root)), name, default or None))
    return calls


_VAR_CALL = re.compile(r"\bvar\(\s*['\"]([A-Za-z_][A-Za-z0-9_]*)['\"]\s*(?:,\s*([^)]+?))?\s*\)")


def test_the_readme_table_and_dbt_project_agree(repo_root: Path) -> None:
    """Names in the same order, the same defaults (type included: 1.0 is not 1)."""
    project = yaml.safe_load((repo_root / "dbt_project.yml").read_text(encoding="utf-8"))
    table = _variable_table((repo_root / "README.md").read_text(encoding="utf-8"))
    names = [name for name, _, _ in table]
    assert names == [*DEFAULTS_READ_IN_PLACE, *project["vars"]], (
        "the README's Variables table must list raw_schema, use_bundled_sample, then the "
        "variables of dbt_project.yml in its order"
    )
    for name, default, meaning in table:
        assert len(meaning) > 20, f"{name}: no meaning in the README"
        if name in project["vars"]:
            value = project["vars"][name]
            assert (default, type(default)) == (value, type(value)), (
                f"{name}: README says {default!r}, dbt_project.yml {value!r}"
            )


def test_defaults_given_in_place_agree_with_the_readme(repo_root: Path) -> None:
    """A default written at a `var()` call (raw_schema and use_bundled_sample have no
    other) equals the README's; every variable the project reads is in the table."""
    table = {
        name: default
        for name, default, _ in _variable_table(
            (repo_root / "README.md").read_text(encoding="utf-8")
        )
    }
    calls = _var_calls(repo_root)
    assert len({name for _, name, _ in calls}) >= 20
    for path, name, default in calls:
        assert name in table, f"{path} reads variable {name}, which the README does not list"
        if default is not None:
            assert yaml.safe_load(default) == table[name], (
                f"{path}: var('{name}', {default}) but the README's default is {table[name]!r}"
            )
    for name in DEFAULTS_READ_IN_PLACE:
        assert any(n == name and d is not None for _, n, d in calls), name
    unused = set(table) - {name for _, name, _ in calls}
    assert not unused, f"documented but never read: {sorted(unused)}"


def test_every_variable_is_validated(repo_root: Path) -> None:
    """validate_vars checks each variable of the table before every run."""
    macro = (repo_root / "macros" / "validate_vars.sql").read_text(encoding="utf-8")
    table = _variable_table((repo_root / "README.md").read_text(encoding="utf-8"))
    missing = [name for name, _, _ in table if f"'{name}'" not in macro]
    assert not missing, f"validate_vars does not check {missing}"

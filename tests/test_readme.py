"""The README is the project's front door: its commands and its variable table stay true."""

from __future__ import annotations

from pathlib import Path

import yaml

DEFAULTS_READ_IN_PLACE = {"raw_schema", "use_bundled_sample"}


def test_readme_opens_with_the_two_commands(repo_root: Path) -> None:
    lines = (repo_root / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```bash") + 1 : lines.index("```bash") + 3]
    assert block[0].startswith("pip install -e . && lottery-analytics demo")
    assert block[1].startswith("pip install -e '.[test,postgres,spark]' && pytest")
    ci = (repo_root / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install --quiet --disable-pip-version-check -e '.[test,postgres,spark]'" in ci
    assert ci.rstrip().endswith("python3 -m pytest")


def test_every_variable_is_in_the_readme_table(repo_root: Path) -> None:
    project = yaml.safe_load((repo_root / "dbt_project.yml").read_text(encoding="utf-8"))
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    table = {
        line.split("|")[1].strip().strip("`")
        for line in readme.splitlines()
        if line.startswith("| `")
    }
    expected = set(project["vars"]) | DEFAULTS_READ_IN_PLACE
    assert expected - table == set(), "variables missing from the README table"
    assert table >= expected

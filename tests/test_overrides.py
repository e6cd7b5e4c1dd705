"""Overrides are declared: every project macro that replaces a macro of dbt or of an adapter
lives in macros/overrides/ and is described in macros/overrides/_overrides.yml (what it
replaces, on which engines, why). No dbt run: macro names are read from the SQL files of the
project and of the installed dbt packages (dbt-core's global project and the adapters)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ADAPTERS = ("duckdb", "postgres", "spark")
_MACRO = re.compile(r"\{%-?\s*(macro|test)\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(")


def _macro_names(files) -> dict[str, Path]:
    names: dict[str, Path] = {}
    for path in files:
        for kind, name in _MACRO.findall(path.read_text(encoding="utf-8")):
            names[f"test_{name}" if kind == "test" else name] = path
    return names


def _dbt_macro_names() -> set[str]:
    """Macros of dbt's global project and of every installed adapter (dbt/include/*)."""
    import dbt.include

    files = [p for root in dbt.include.__path__ for p in Path(root).rglob("*.sql")]
    return set(_macro_names(files))


def _replaces_dbt(name: str, dbt_names: set[str]) -> bool:
    """A root-project macro named like one of dbt's wins over it; `<adapter>__x` (and
    `default__x`) also wins when dbt dispatches its own `x`."""
    if name in dbt_names:
        return True
    prefix, _, base = name.partition("__")
    return (
        prefix in (*ADAPTERS, "default")
        and bool(base)
        and (base in dbt_names or f"default__{base}" in dbt_names)
    )


def _declared(repo_root: Path) -> dict[str, dict]:
    spec = yaml.safe_load((repo_root / "macros/overrides/_overrides.yml").read_text())
    return {m["name"]: m for m in spec["macros"]}


def test_dbt_macros_are_found() -> None:
    names = _dbt_macro_names()
    assert {"generate_schema_name", "default__load_csv_rows", "spark__dateadd"} <= names


def test_every_override_is_in_the_overrides_folder(repo_root: Path) -> None:
    project = _macro_names(sorted((repo_root / "macros").rglob("*.sql")))
    dbt_names = _dbt_macro_names()
    overrides = {n: p for n, p in project.items() if _replaces_dbt(n, dbt_names)}
    assert "generate_schema_name" in overrides
    misplaced = {
        n: str(p.relative_to(repo_root))
        for n, p in overrides.items()
        if p.parent != repo_root / "macros" / "overrides"
    }
    assert not misplaced, f"overrides outside macros/overrides/: {misplaced}"
    # and the folder holds nothing else but their helpers, each declared as such
    folder = {n for n, p in project.items() if p.parent == repo_root / "macros" / "overrides"}
    declared = _declared(repo_root)
    assert folder == set(declared), "macros/overrides/ and _overrides.yml differ"
    helpers = folder - set(overrides)
    for name in helpers:
        assert "meta" not in (declared[name].get("config") or {}), (
            f"{name} replaces no dbt macro: it must not claim to"
        )
        assert "Not an override" in declared[name]["description"], name


def test_each_override_says_what_it_replaces_where_and_why(repo_root: Path) -> None:
    dbt_names = _dbt_macro_names()
    for name, spec in _declared(repo_root).items():
        if not _replaces_dbt(name, dbt_names):
            continue
        meta = (spec.get("config") or {}).get("meta") or {}
        replaces = meta.get("replaces", "")
        assert replaces.split(" ")[0] in ("dbt", "dbt-spark", "dbt-postgres", "dbt-duckdb"), name
        replaced = replaces.split(" ")[1] if " " in replaces else ""
        assert replaced in dbt_names, f"{name}: replaces {replaced!r}, which dbt does not have"
        engines = meta.get("engines") or []
        assert engines and set(engines) <= set(ADAPTERS), name
        prefix = name.partition("__")[0]
        if prefix in ADAPTERS:
            assert engines == [prefix], f"{name} takes effect on {prefix} only"
        assert len(spec.get("description", "")) > 80, f"{name}: say why it replaces dbt's"

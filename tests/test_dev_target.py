"""Schemas per target: a development target builds in prefixed schemas of the same warehouse
and leaves the plain schemas of production (what analysts read) alone; it reads the shared
raw schema and never writes it (macros/overrides/generate_schema_name.sql, docs/engines.md)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import yaml
from conftest import BuiltWarehouse
from engine_support import compare_mart, public_marts

from lottery_analytics import project
from lottery_analytics.dbt_runner import run_dbt
from lottery_analytics.engines import target_profile

PRODUCTION_SCHEMAS = ("main", "raw", "lookups", "staging", "intermediate", "marts")
DEV = "dev_test"


def _relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    return con.execute(
        "select table_schema, table_name, table_type from information_schema.tables order by all"
    ).fetchall()


def _fingerprints(database: Path) -> dict[tuple[str, str], tuple]:
    """Rows, and two aggregates of the rows' hashes, of every relation in the production
    schemas: a dev build that wrote any of them changes one."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        found = {}
        for schema, name, _ in _relations(con):
            if schema in PRODUCTION_SCHEMAS:
                found[schema, name] = con.execute(
                    f'select count(*), bit_xor(hash(t)), sum(hash(t)) from "{schema}"."{name}" as t'
                ).fetchone()
        return found
    finally:
        con.close()


def _rows(database: Path, schema: str, table: str, columns: list[str]) -> list[dict]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        rows = con.execute(f'select {", ".join(columns)} from "{schema}"."{table}"').fetchall()
    finally:
        con.close()
    return [dict(zip(columns, row, strict=True)) for row in rows]


def test_dev_build_leaves_the_production_schemas_alone(
    sample_warehouse: BuiltWarehouse, repo_root: Path, tmp_path: Path
) -> None:
    """A production build (the session's sample warehouse, copied), then a dev build of
    every seed and model into the same file: production's relations are unchanged, row for
    row, and the dev schemas hold the same marts."""
    assert sample_warehouse.run.success, "the production build failed"
    database = tmp_path / "shared.duckdb"
    shutil.copy(sample_warehouse.database, database)
    before = _fingerprints(database)
    assert ("marts", "dim_customer") in before and ("raw", "web_events") in before

    target = tmp_path / "target"
    run = run_dbt(
        ["build", "--resource-type", "seed", "--resource-type", "model", "--threads", "2"],
        repo_root,
        target="duckdb_dev",
        duckdb_path=database,
        target_path=target,
        env={"LOTTERY_DEV_SCHEMA": DEV},
    )
    failed = [f"{n.name}: {n.status} {n.message}" for n in run.failed()]
    assert run.success and not failed, "\n".join(failed + run.errors)
    seeds = {n.name for n in run.nodes if n.resource_type == "seed"}
    lookups = {path.stem for path in (repo_root / "seeds" / "lookups").glob("*.csv")}
    assert "exchange_rates" in lookups and "payment_methods" in lookups
    assert seeds == lookups, (
        "a development target seeds the lookups only, never the shared raw schema"
    )

    assert _fingerprints(database) == before, "the dev build changed a production relation"
    con = duckdb.connect(str(database), read_only=True)
    try:
        schemas = {schema for schema, _, _ in _relations(con)}
    finally:
        con.close()
    assert {f"{DEV}_{s}" for s in ("lookups", "staging", "intermediate", "marts")} <= schemas
    assert f"{DEV}_raw" not in schemas

    manifest = json.loads((target / "manifest.json").read_text())
    built = {n["schema"] for n in manifest["nodes"].values() if n["resource_type"] != "test"}
    assert all(s == DEV or s.startswith(f"{DEV}_") for s in built), built
    assert {s["schema"] for s in manifest["sources"].values()} == {"raw"}
    specs = public_marts(manifest)
    assert len(specs) >= 10
    differences: list[str] = []
    for spec in specs:
        production = _rows(database, "marts", spec.name, spec.columns)
        development = _rows(database, f"{DEV}_marts", spec.name, spec.columns)
        assert production, f"marts.{spec.name} is empty"
        differences += compare_mart(spec, production, development, ("marts", f"{DEV}_marts"))
    assert not differences, "\n".join(differences[:40])


def test_production_targets_are_listed_alike(repo_root: Path) -> None:
    """The production targets: lottery_analytics.project, macros/targets.sql and the raw
    seeds' `enabled` in dbt_project.yml (rendered before macros exist) name the same."""
    macro = (repo_root / "macros" / "targets.sql").read_text(encoding="utf-8")
    listed = re.search(r"macro production_targets\(\).*?return\((\[[^\]]*\])\)", macro, re.S)
    assert listed and yaml.safe_load(listed.group(1)) == list(project.PRODUCTION_TARGETS)
    config = yaml.safe_load((repo_root / "dbt_project.yml").read_text(encoding="utf-8"))
    enabled = config["seeds"]["lottery_analytics"]["raw"]["+enabled"]
    in_project = re.search(r"target\.name in (\[[^\]]*\])", enabled)
    assert in_project and yaml.safe_load(in_project.group(1)) == list(project.PRODUCTION_TARGETS)
    assert set(project.DEVELOPMENT_TARGETS) == {f"{t}_dev" for t in project.PRODUCTION_TARGETS}


def test_dev_targets_are_their_production_twin_with_a_prefix(repo_root: Path, monkeypatch) -> None:
    """Each dev target reaches the same warehouse as its production target (so it reads the
    same raw schema); only the schema differs: $LOTTERY_DEV_SCHEMA, else dev_<user>."""
    monkeypatch.delenv("LOTTERY_DEV_SCHEMA", raising=False)
    monkeypatch.setenv("USER", "Ann.Lee")
    for production in project.PRODUCTION_TARGETS:
        dev = f"{production}_dev"
        assert project.engine_of(dev) == production and not project.is_production(dev)
        plain, prefixed = target_profile(repo_root, production), target_profile(repo_root, dev)
        assert prefixed.pop("schema") == "dev_ann_lee"
        assert plain.pop("schema") in ("main", "public", "default")
        assert prefixed == plain
    monkeypatch.setenv("LOTTERY_DEV_SCHEMA", "dev_ci")
    assert target_profile(repo_root, "postgres_dev")["schema"] == "dev_ci"

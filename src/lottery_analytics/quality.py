"""Documentation and key-test gate, read from dbt's own artifacts (manifest and catalog).

Every model must have a description that starts with its grain ("One row ..."), every column
the warehouse actually has (the catalog) must be described, and every model must have a
primary-key test: `unique` (or the project's `unique_key`) on a column, or the project's
`unique_combination` on a set of columns. `problems()` lists what is missing; the test
suite fails when the list is not empty.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT = "lottery_analytics"
GRAIN_PREFIX = "One row"
KEY_TESTS = {"unique", "unique_key", "unique_combination"}


@dataclass(frozen=True)
class Problem:
    node: str
    what: str

    def __str__(self) -> str:
        return f"{self.node}: {self.what}"


def load_artifacts(target_path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """manifest.json and catalog.json (from `dbt docs generate`) of a target directory."""
    manifest = json.loads((target_path / "manifest.json").read_text(encoding="utf-8"))
    catalog = json.loads((target_path / "catalog.json").read_text(encoding="utf-8"))
    return manifest, catalog


def _models(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        uid: node
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["package_name"] == PROJECT
    }


def _key_tested_models(manifest: dict[str, Any]) -> set[str]:
    tested: set[str] = set()
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test":
            continue
        test_name = (node.get("test_metadata") or {}).get("name")
        if test_name in KEY_TESTS:
            attached = node.get("attached_node") or next(iter(node["depends_on"]["nodes"]), "")
            tested.add(attached)
    return tested


def problems(manifest: dict[str, Any], catalog: dict[str, Any]) -> list[Problem]:
    """Everything the gate finds missing, model by model (empty when all is documented)."""
    found: list[Problem] = []
    key_tested = _key_tested_models(manifest)
    catalog_nodes = catalog.get("nodes", {})
    for uid, node in sorted(_models(manifest).items()):
        name = node["name"]
        description = (node.get("description") or "").strip()
        if not description:
            found.append(Problem(name, "no description"))
        elif not description.startswith(GRAIN_PREFIX):
            found.append(
                Problem(name, f"description does not start with its grain ('{GRAIN_PREFIX} ...')")
            )
        if uid not in key_tested:
            found.append(Problem(name, "no primary-key test (unique or unique_combination)"))
        documented = {
            column_name.lower()
            for column_name, column in node.get("columns", {}).items()
            if (column.get("description") or "").strip()
        }
        actual = catalog_nodes.get(uid, {}).get("columns")
        if actual is None:
            found.append(Problem(name, "not in the catalog (not built?)"))
            continue
        for column_name in actual:
            if column_name.lower() not in documented:
                found.append(Problem(name, f"column '{column_name}' is not described"))
    return found

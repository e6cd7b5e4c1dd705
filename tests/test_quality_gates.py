"""Quality gates on the dbt project: documentation, primary-key tests, dbt-score."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from collections.abc import Callable

from conftest import BuiltWarehouse

from lottery_analytics.quality import load_artifacts, problems


def test_every_model_and_column_documented_with_a_key_test(
    sample_warehouse: BuiltWarehouse,
) -> None:
    manifest, catalog = load_artifacts(sample_warehouse.target_path)
    found = problems(manifest, catalog)
    assert not found, "\n".join(str(p) for p in found)


def test_gate_fails_on_a_missing_description_or_key_test(
    sample_warehouse: BuiltWarehouse,
) -> None:
    manifest, catalog = load_artifacts(sample_warehouse.target_path)
    broken = copy.deepcopy(manifest)
    model_id = "model.lottery_analytics.dim_customer"
    broken["nodes"][model_id]["columns"]["country_code"]["description"] = ""
    broken["nodes"][model_id]["description"] = "Customers."
    for uid, node in list(broken["nodes"].items()):
        if node["resource_type"] == "test" and node.get("attached_node") == model_id:
            del broken["nodes"][uid]
    found = {str(p) for p in problems(broken, catalog)}
    assert found == {
        "dim_customer: column 'country_code' is not described",
        "dim_customer: description does not start with its grain ('One row ...')",
        "dim_customer: no primary-key test (unique or unique_combination)",
    }


def test_dbt_score_at_least_9(
    sample_warehouse: BuiltWarehouse, report_figure: Callable[[str], None]
) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dbt_score",
            "lint",
            "--manifest",
            str(sample_warehouse.target_path / "manifest.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    score = re.search(r"Project score: \x1b\[1m([0-9.]+)|Project score: ([0-9.]+)", result.stdout)
    assert score, result.stdout[-3000:] + result.stderr[-2000:]
    value = float(score.group(1) or score.group(2))
    report_figure(f"dbt-score project score: {value}")
    assert value >= 9.0

"""The Python step mechanism (lottery_analytics.python_steps) without a warehouse: which
dbt invocations `build` makes around the steps, and that it stops at a failure."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest
import yaml
from conftest import BuiltWarehouse

from lottery_analytics import python_steps, step_registry
from lottery_analytics.dbt_runner import DbtRun, NodeOutcome


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[list[str]]:
    """Two fake steps (b reads what a produces); dbt and the steps only record their calls."""
    calls: list[list[str]] = []
    steps = (
        python_steps.PythonStep("step_a", "input_a", lambda t: t),
        python_steps.PythonStep("step_b", "downstream_of_a", lambda t: t),
    )
    monkeypatch.setattr(python_steps, "STEPS", steps)
    (tmp_path / "manifest.json").write_text(json.dumps({"nodes": {}}))

    def fake_dbt(args, root, **kwargs) -> DbtRun:
        calls.append(list(args))
        return DbtRun(list(args), True, [NodeOutcome("m", "model", "success")])

    def fake_step(step, root, target, manifest, env=None) -> int:
        calls.append([f"python step {step.model}"])
        return 3

    monkeypatch.setattr(python_steps, "run_dbt", fake_dbt)
    monkeypatch.setattr(python_steps, "run_outside_dbt", fake_step)
    return calls


def _vars(args: list[str]) -> dict:
    return yaml.safe_load(args[args.index("--vars") + 1])


def test_each_node_is_built_once_around_the_steps(
    recorded: list[list[str]], tmp_path: Path
) -> None:
    run = python_steps.build(
        tmp_path, "postgres", ["--threads", "2"], {"as_of_date": "2026-03-31"}, target_path=tmp_path
    )
    assert run.success
    assert [c[: c.index("--vars")] if "--vars" in c else c for c in recorded] == [
        ["build", "--threads", "2", "--exclude", "step_a+", "step_b+"],
        ["python step step_a"],
        ["build", "--threads", "2", "--select", "step_a+", "--exclude", "step_b+"],
        ["python step step_b"],
        ["build", "--threads", "2", "--select", "step_b+"],
    ]
    assert [_vars(c)["python_steps_done"] for c in recorded if c[0] == "build"] == [
        [],
        ["step_a"],
        ["step_a", "step_b"],
    ]
    assert all(_vars(c)["as_of_date"] == "2026-03-31" for c in recorded if c[0] == "build")
    assert [n.name for n in run.nodes if n.resource_type == "python_step"] == ["step_a", "step_b"]


def test_duckdb_is_one_dbt_build(recorded: list[list[str]], tmp_path: Path) -> None:
    run = python_steps.build(tmp_path, "duckdb", ["--threads", "2"], target_path=tmp_path)
    assert run.success
    assert recorded == [["build", "--threads", "2"]]


def test_a_failing_step_stops_the_build(
    recorded: list[list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(step, root, target, manifest, env=None) -> int:
        raise python_steps.PythonStepError(f"Python step {step.model} failed on spark: boom")

    monkeypatch.setattr(python_steps, "run_outside_dbt", failing)
    run = python_steps.build(tmp_path, "spark", target_path=tmp_path)
    assert not run.success
    assert len(recorded) == 1
    assert [(n.name, n.status) for n in run.failed()] == [("step_a", "error")]
    assert run.errors == ["Python step step_a failed on spark: boom"]


def test_run_step_accepts_a_batch_reader() -> None:
    paths = pa.table(
        {
            "channel_path": ["email"],
            "channel_set": ["email"],
            "conversions": [1],
            "non_conversions": [1],
        }
    )
    reader = pa.RecordBatchReader.from_batches(paths.schema, paths.to_batches())
    result = step_registry.run_step("int_attribution_model_weights", reader)
    assert result.to_pylist() == [
        {"attribution_model": "markov", "channel_set": "*", "channel": "email", "weight": 1.0},
        {"attribution_model": "shapley", "channel_set": "email", "channel": "email", "weight": 1.0},
    ]


def test_run_step_raises_the_steps_own_exception() -> None:
    """The step runs in a child process; its exception comes back as itself."""
    from lottery_analytics.ltv_model import LtvFitError

    one_buyer = pa.table(
        {
            "user_id": ["u1"],
            "as_of_date": ["2026-01-31"],
            "first_occasion_date": ["2026-01-01"],
            "last_occasion_date": ["2026-01-01"],
            "frequency": [0],
            "recency_days": [0],
            "age_days": [30],
            "repeat_amount": [0.0],
            "repeat_occasion_value": [0.0],
        }
    )
    with pytest.raises(LtvFitError, match="repeat customers"):
        step_registry.run_step("int_ltv_fit", one_buyer)


def test_each_step_model_reads_its_registered_input(sample_warehouse: BuiltWarehouse) -> None:
    """On DuckDB each step is a dbt Python model whose only parent is the step's input."""
    manifest = json.loads((sample_warehouse.target_path / "manifest.json").read_text())
    for step in python_steps.STEPS:
        node = manifest["nodes"][f"model.lottery_analytics.{step.model}"]
        assert node["language"] == "python"
        assert node["depends_on"]["nodes"] == [f"model.lottery_analytics.{step.input_model}"]

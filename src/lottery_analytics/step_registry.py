"""The Python steps, which model each produces from which input, and how a dbt Python
model runs one: `run_step` computes it in a child process (`python -m
lottery_analytics.step_registry`). This module imports no dbt, so the child starts fast;
lottery_analytics.python_steps runs the steps outside dbt on PostgreSQL and Spark.

STEPS is in dependency order: a step's input may be downstream of an earlier step only.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from lottery_analytics.attribution import model_weights_table
from lottery_analytics.errors import LotteryError
from lottery_analytics.ltv_steps import fit_table, predictions_table

#: what run_step starts: `python -m CHILD_MODULE MODEL IN OUT ERROR`
CHILD_MODULE = "lottery_analytics.step_registry"


class PythonStepError(LotteryError):
    """A Python step could not read its input or write its output."""


@dataclass(frozen=True)
class PythonStep:
    #: the dbt model the step produces
    model: str
    #: the dbt model it reads
    input_model: str
    #: input rows (Arrow) to output rows (Arrow, with the output's column types)
    function: Callable[[pa.Table], pa.Table]


STEPS: tuple[PythonStep, ...] = (
    PythonStep(
        model="int_attribution_model_weights",
        input_model="int_attribution_paths",
        function=model_weights_table,
    ),
    PythonStep(model="int_ltv_fit", input_model="int_ltv_summary", function=fit_table),
    PythonStep(
        model="int_ltv_predictions",
        input_model="int_ltv_prediction_inputs",
        function=predictions_table,
    ),
)


def step_named(model: str) -> PythonStep:
    for step in STEPS:
        if step.model == model:
            return step
    raise KeyError(f"no Python step produces {model}")


def run_step(model: str, rows: Any) -> pa.Table:
    """The output of step `model` for its input `rows` (an Arrow table or batch reader,
    e.g. what a DuckDB relation's `.arrow()` returns), computed in a child process.

    The dbt Python models call this inside dbt's process, where dbt's other thread
    compiles and runs tests meanwhile: both held one interpreter lock, and the LTV fit
    (thousands of small numpy calls) ran about five times slower than alone (1 M
    accounts: 422 s inside the build, 85 s in a process of its own, same machine load).
    The child gets the rows and returns the output as Arrow IPC files; an exception in
    the step is raised again here, as itself.
    """
    if isinstance(rows, pa.RecordBatchReader):
        rows = rows.read_all()
    step_named(model)  # KeyError for an unknown step, before starting anything
    with tempfile.TemporaryDirectory(prefix="lottery-step-") as work:
        source, output, error = (Path(work) / n for n in ("in.arrow", "out.arrow", "error"))
        _write_ipc(rows, source)
        package_parent = str(Path(__file__).resolve().parents[1])  # this very package
        path = os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH")) if p)
        child = subprocess.run(
            [
                sys.executable,
                "-m",
                "lottery_analytics.step_registry",
                model,
                str(source),
                str(output),
                str(error),
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": path},
        )
        if error.exists():
            raise pickle.loads(error.read_bytes())
        if child.returncode != 0 or not output.exists():
            raise PythonStepError(
                f"Python step {model}: its process failed (exit {child.returncode}): "
                f"{child.stderr.strip()[-2000:]}"
            )
        return _read_ipc(output)


def _write_ipc(table: pa.Table, path: Path) -> None:
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def _read_ipc(path: Path) -> pa.Table:
    with pa.memory_map(str(path)) as source:
        return pa.ipc.open_file(source).read_all()


def _child_main(model: str, source: str, output: str, error: str) -> None:
    """`python -m lottery_analytics.python_steps MODEL IN OUT ERROR` (what run_step starts)."""
    try:
        _write_ipc(step_named(model).function(_read_ipc(Path(source))), Path(output))
    except Exception as exc:
        try:
            Path(error).write_bytes(pickle.dumps(exc))
        except Exception:  # an exception that does not pickle: its message
            Path(error).write_bytes(pickle.dumps(PythonStepError(f"{model}: {exc!r}")))


if __name__ == "__main__":  # run as a module: use the importable one, whose classes pickle
    from lottery_analytics.step_registry import _child_main as child_main

    child_main(*sys.argv[1:5])

"""Python steps: models computed by a Python function, on every engine.

A step is a dbt model whose rows a Python function computes from one (small) input model.
The same function runs on every engine:

* DuckDB: the step is a dbt Python model (`<model>.py`, enabled on duckdb only) that reads
  its input with `dbt.ref` and returns `run_step(...)`: plain `dbt build` builds it.
* PostgreSQL and Spark: dbt cannot run Python models there (dbt-labs/dbt-spark#415). The
  step is a same-named SQL model (`python_step_outputs/<model>.sql`, enabled on the other
  targets) that selects the table `<model>__python` written by `build` below:
  dbt builds everything not downstream of the step, this module reads the input model
  through a connection, runs the function and writes `<model>__python` next to the input,
  then dbt builds the step and everything downstream. The SQL model refuses to build
  unless the `python_steps_done` variable names it, so a plain `dbt build` on those targets
  fails with a message naming the step instead of building on a missing or stale table.

STEPS is in dependency order: a step's input may be downstream of an earlier step only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

from lottery_analytics.dbt_runner import DbtRun, NodeOutcome, run_dbt
from lottery_analytics.project import PROJECT_NAME, default_target_path, engine_of
from lottery_analytics.step_registry import STEPS, PythonStep, PythonStepError

#: the table a step writes on PostgreSQL and Spark: `<model><OUTPUT_SUFFIX>`
OUTPUT_SUFFIX = "__python"
#: dbt variable listing the steps whose output tables this build has written
DONE_VARIABLE = "python_steps_done"


def steps_outside_dbt(target: str) -> tuple[PythonStep, ...]:
    """The steps `build` runs itself on `target`: none on DuckDB (dbt runs them)."""
    return () if engine_of(target) == "duckdb" else STEPS


# ------------------------------------------------------------- reading and writing tables

_POSTGRES_TYPES = {pa.string(): "text", pa.float64(): "double precision", pa.int64(): "bigint"}
_SPARK_TYPES = {pa.string(): "string", pa.float64(): "double", pa.int64(): "bigint"}


def _column_types(schema: pa.Schema, types: Mapping[pa.DataType, str]) -> list[tuple[str, str]]:
    try:
        return [(f.name, types[f.type]) for f in schema]
    except KeyError as exc:
        raise PythonStepError(f"no warehouse type for Arrow type {exc.args[0]}") from exc


def _relation(manifest: dict, model: str) -> tuple[str, str]:
    """(schema, identifier) of a model in the manifest of the build."""
    node = manifest["nodes"].get(f"model.{PROJECT_NAME}.{model}")
    if node is None:
        raise PythonStepError(f"the build's manifest has no enabled model {model}")
    return node["schema"], node.get("alias") or node["name"]


def _run_postgres(
    step: PythonStep, root: Path, target: str, manifest: dict, env: dict[str, str]
) -> int:
    from psycopg2 import sql
    from psycopg2.extras import execute_values

    from lottery_analytics.engines import postgres_connect

    schema, input_name = _relation(manifest, step.input_model)
    output_schema, output_name = _relation(manifest, step.model)
    con = postgres_connect(root, env=env, target=target)
    try:
        with con:
            cur = con.cursor()
            cur.execute(
                sql.SQL("select * from {}.{}").format(
                    sql.Identifier(schema), sql.Identifier(input_name)
                )
            )
            names = [d[0] for d in cur.description]
            records = cur.fetchall()
            rows = pa.table({n: [r[i] for r in records] for i, n in enumerate(names)})
            result = step.function(rows)
            target = sql.Identifier(output_schema, output_name + OUTPUT_SUFFIX)
            columns = sql.SQL(", ").join(
                sql.SQL("{} {}").format(sql.Identifier(n), sql.SQL(t))
                for n, t in _column_types(result.schema, _POSTGRES_TYPES)
            )
            cur.execute(sql.SQL("drop table if exists {}").format(target))
            cur.execute(sql.SQL("create table {} ({})").format(target, columns))
            values = [tuple(r.values()) for r in result.to_pylist()]
            if values:
                execute_values(
                    cur, sql.SQL("insert into {} values %s").format(target).as_string(cur), values
                )
    finally:
        con.close()
    return result.num_rows


def _run_spark(
    step: PythonStep, root: Path, target: str, manifest: dict, env: dict[str, str]
) -> int:
    from lottery_analytics.engines import spark_session

    spark = spark_session(root, env, target=target)
    schema, input_name = _relation(manifest, step.input_model)
    output_schema, output_name = _relation(manifest, step.model)
    rows = spark.sql(f"select * from `{schema}`.`{input_name}`").toArrow()
    result = step.function(rows)
    ddl = ", ".join(f"`{n}` {t}" for n, t in _column_types(result.schema, _SPARK_TYPES))
    frame = spark.createDataFrame(result, schema=ddl) if result.num_rows else None
    if frame is None:
        frame = spark.createDataFrame([], schema=ddl)
    frame.write.mode("overwrite").format("parquet").saveAsTable(
        f"`{output_schema}`.`{output_name}{OUTPUT_SUFFIX}`"
    )
    return result.num_rows


def run_outside_dbt(
    step: PythonStep, root: Path, target: str, manifest: dict, env: dict[str, str] | None = None
) -> int:
    """Run `step` on a PostgreSQL or Spark warehouse: read its input model, write
    `<model>__python` in the step model's schema; returns the rows written."""
    runners = {"postgres": _run_postgres, "spark": _run_spark}
    engine = engine_of(target)
    if engine not in runners:
        raise PythonStepError(f"dbt runs the Python steps itself on {target}")
    try:
        return runners[engine](step, root, target, manifest, env or {})
    except PythonStepError:
        raise
    except Exception as exc:  # the engines' own errors, named with the step
        raise PythonStepError(f"Python step {step.model} failed on {target}: {exc}") from exc


# ------------------------------------------------------------------------------ the build


def build(
    root: Path,
    target: str,
    options: Sequence[str] = (),
    variables: Mapping[str, Any] | None = None,
    duckdb_path: Path | None = None,
    on_node: Callable[[NodeOutcome], None] | None = None,
    target_path: Path | None = None,
    env: dict[str, str] | None = None,
) -> DbtRun:
    """`dbt build <options>` of the whole project on `target`, Python steps included.

    On DuckDB this is one dbt invocation. Elsewhere, with steps S1..Sn: dbt builds
    everything not downstream of a step, then for each step k in turn the step runs and
    dbt builds what is downstream of Sk and of no later step. Each node is built once; the
    result lists every invocation's nodes (a step shows as a node of type `python_step`)
    and stops at the first invocation or step that fails."""
    steps = steps_outside_dbt(target)
    variables = dict(variables or {})
    manifest_dir = target_path or default_target_path(root)
    combined = DbtRun(command=["build", *options], success=True)
    for k in range(len(steps) + 1):
        args = ["build", *options]
        if k > 0:
            args += ["--select", f"{steps[k - 1].model}+"]
        later = [f"{s.model}+" for s in steps[k:]]
        if later:
            args += ["--exclude", *later]
        if steps:
            variables[DONE_VARIABLE] = [s.model for s in steps[:k]]
        if variables:
            args += ["--vars", yaml.safe_dump(variables, default_flow_style=True).strip()]
        run = run_dbt(
            args,
            root,
            target=target,
            duckdb_path=duckdb_path,
            on_node=on_node,
            target_path=target_path,
            env=env,
        )
        combined.nodes += run.nodes
        combined.errors += run.errors
        combined.result = run.result
        if not run.success or run.failed():
            combined.success = False
            return combined
        if k == len(steps):
            break
        step = steps[k]
        manifest = json.loads((manifest_dir / "manifest.json").read_text())
        try:
            written = run_outside_dbt(step, root, target, manifest, env)
        except PythonStepError as exc:
            outcome = NodeOutcome(step.model, "python_step", "error", str(exc))
            combined.success = False
        else:
            outcome = NodeOutcome(step.model, "python_step", "success", f"{written} rows")
        combined.nodes.append(outcome)
        if on_node:
            on_node(outcome)
        if not combined.success:
            combined.errors.append(outcome.message)
            return combined
    return combined

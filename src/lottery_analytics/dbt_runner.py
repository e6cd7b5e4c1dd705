"""Run dbt commands in-process with the project's defaults and a progress display."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dbt.cli.main import dbtRunner, dbtRunnerResult

from lottery_analytics.errors import LotteryError
from lottery_analytics.project import (
    dbt_environment,
    default_log_path,
    default_target_path,
    engine_of,
    is_packaged,
)


class DbtError(LotteryError):
    """A dbt command failed; the message says which nodes and why."""


@dataclass
class NodeOutcome:
    name: str
    resource_type: str
    status: str
    message: str = ""


#: node statuses that mean the node did not do its job (dbt's RunStatus / TestStatus values)
FAILED_STATUSES = frozenset({"error", "fail", "runtime error", "skipped"})


@dataclass
class DbtRun:
    command: list[str]
    success: bool
    nodes: list[NodeOutcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: dbt's own result (`dbtRunnerResult.result`), e.g. the compiled SQL of `compile --inline`
    result: Any = None

    def count(self, resource_type: str, status: str | None = None) -> int:
        return sum(
            1
            for n in self.nodes
            if n.resource_type == resource_type and (status is None or n.status == status)
        )

    def failed(self) -> list[NodeOutcome]:
        """Nodes in one of FAILED_STATUSES (warnings and exposures' "no-op" are not)."""
        return [n for n in self.nodes if n.status in FAILED_STATUSES]


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def _release_duckdb() -> None:
    """dbt-duckdb keeps the database open in-process after a command; close it so this
    process (or another) can open the file again, e.g. read-only to print results."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        if DuckDBConnectionManager._ENV is not None:
            try:
                DuckDBConnectionManager._ENV.close()
            finally:
                DuckDBConnectionManager._ENV = None


def run_dbt(
    args: Sequence[str],
    root: Path,
    target: str = "duckdb",
    duckdb_path: Path | None = None,
    on_node: Callable[[NodeOutcome], None] | None = None,
    quiet: bool = True,
    target_path: Path | None = None,
    env: dict[str, str] | None = None,
) -> DbtRun:
    """Invoke `dbt <args>` on the project at `root`; never raises for failing nodes (see
    `DbtRun.success`), raises DbtError when dbt itself cannot run. `env` adds environment
    variables for this run (e.g. LOTTERY_PG_DATABASE to build in another database).
    `target_path` holds dbt's artifacts and, in its logs/, dbt's log; by default they go
    where lottery_analytics.project puts them (target/ and logs/ of the checkout or of the
    packaged project's work directory).

    On Spark (session method) dbt runs in this process's SparkSession, which outlives the
    run and is reused by the next one (a process has one; see lottery_analytics.engines)."""
    run = DbtRun(command=list(args), success=False)

    def callback(event: Any) -> None:
        name = event.info.name
        if name == "NodeFinished":
            info = event.data.node_info
            result = getattr(event.data, "run_result", None)
            outcome = NodeOutcome(
                name=info.unique_id.split(".", 2)[-1] if info.unique_id else info.node_name,
                resource_type=info.resource_type,
                status=info.node_status,
                message=(getattr(result, "message", "") or "") if result is not None else "",
            )
            run.nodes.append(outcome)
            if on_node:
                on_node(outcome)
        elif event.info.level == "error" and event.info.msg:
            run.errors.append(event.info.msg)

    full_args = [
        *args,
        "--project-dir",
        str(root),
        "--profiles-dir",
        str(root),
    ]
    if target_path is not None:
        full_args += ["--target-path", str(target_path), "--log-path", str(target_path / "logs")]
    elif is_packaged(root):
        # The installed package's copy of the project is read, never written: dbt's
        # target and logs go to the work directory (lottery_analytics.project.work_dir).
        full_args += [
            "--target-path",
            str(default_target_path(root)),
            "--log-path",
            str(default_log_path(root)),
        ]
    if quiet:
        # Progress and errors are reported from dbt's events (see callback); dbt's own
        # console log would repeat them. The log file in the target directory keeps all.
        full_args += ["--log-level", "none"]
    with _environment({**(env or {}), **dbt_environment(root, target, duckdb_path)}):
        result: dbtRunnerResult = dbtRunner(callbacks=[callback]).invoke(full_args)
    if engine_of(target) == "duckdb":
        _release_duckdb()
    run.success = bool(result.success)
    run.result = result.result
    if result.exception is not None:
        raise DbtError(f"dbt {' '.join(args)} could not run: {result.exception}")
    return run

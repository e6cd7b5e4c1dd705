"""The `lottery-analytics` command line.

Commands raise the package's errors (lottery_analytics.errors.LotteryError); the command
group turns every one into a message on stderr and exit code 1, in one place
(`LotteryGroup.invoke`). Commands that run dbt on a warehouse check it first
(`warehouse_checked`). The group lists its commands explicitly (`main`, at the end).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
import yaml
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from lottery_analytics import __version__, python_steps
from lottery_analytics.dbt_runner import DbtRun, NodeOutcome, run_dbt
from lottery_analytics.errors import LotteryError
from lottery_analytics.generator.cli import generate
from lottery_analytics.loader import load_directory, load_directory_to
from lottery_analytics.preflight import (
    check_duckdb_unlocked,
    has_loaded_extracts,
    project_variable,
)
from lottery_analytics.project import (
    TARGETS,
    default_duckdb_path,
    default_target_path,
    engine_of,
    is_production,
    project_root,
)
from lottery_analytics.report import print_answers, run_analyses

console = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])


class CommandError(LotteryError):
    """A command cannot do what was asked (an option's value, the warehouse's state)."""


class NodesFailed(LotteryError):
    """dbt ran and some nodes failed; `summary` counts the nodes, `lines` name the failed
    ones and dbt's errors (rich markup)."""

    def __init__(self, summary: str, lines: list[str]) -> None:
        super().__init__(summary)
        self.summary = summary
        self.lines = lines


def _report(error: LotteryError) -> None:
    """Print `error` for the analyst, on stderr."""
    if isinstance(error, NodesFailed):
        console.print(f"[red]✗[/] {error.summary}")
        for line in error.lines:
            console.print(line)
        return
    console.print(f"[bold red]error:[/] {escape(str(error))}", soft_wrap=True, highlight=False)


class _Reported(click.ClickException):
    """A LotteryError on its way out through click, which shows it and exits 1."""

    exit_code = 1

    def __init__(self, error: LotteryError) -> None:
        super().__init__(str(error))
        self.error = error

    def show(self, file: Any = None) -> None:
        _report(self.error)


class LotteryGroup(click.Group):
    """The command group: the one place where errors become a message and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LotteryError as exc:
            raise _Reported(exc) from exc


def _checked_warehouse(target: str) -> Path | None:
    """The DuckDB file of a DuckDB target, checked to be free; None for other targets."""
    if engine_of(target) != "duckdb":
        return None
    database = default_duckdb_path(project_root())
    check_duckdb_unlocked(database)
    return database


def warehouse_checked(command: F) -> F:
    """Command decorator, the preflight: before the command runs, the DuckDB file of its
    `target` (DuckDB when it has no --target) is checked to be free, and passed to it as
    `database` (None for the other targets)."""

    @functools.wraps(command)
    def checked(**options: Any) -> Any:
        return command(database=_checked_warehouse(options.get("target", "duckdb")), **options)

    return checked  # type: ignore[return-value]


def _dbt(
    args: list[str], title: str, target: str = "duckdb", database: Path | None = None
) -> DbtRun:
    """Run one dbt command with a live progress line; NodesFailed when a node fails."""
    root = project_root()
    return _with_progress(
        title,
        lambda on_node: run_dbt(args, root, target=target, duckdb_path=database, on_node=on_node),
    )


def _build(options: list[str], variables: dict, title: str, target: str = "duckdb") -> DbtRun:
    """`dbt build` with the Python steps (lottery_analytics.python_steps): one dbt
    invocation on DuckDB; on the other targets dbt, each step, then dbt again."""
    root = project_root()
    return _with_progress(
        title,
        lambda on_node: python_steps.build(
            root, target, options=options, variables=variables, on_node=on_node
        ),
    )


def _with_progress(title: str, run_it: Callable[[Callable[[NodeOutcome], None]], DbtRun]) -> DbtRun:
    """Run dbt (`run_it(on_node)`) with a live progress line; print a summary; raise
    NodesFailed when a node fails."""
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(bar_width=None),
        TextColumn("{task.completed} nodes"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(title, total=None)

        def on_node(node: NodeOutcome) -> None:
            progress.update(task, advance=1, description=f"{title}: {node.name[:60]}")

        run = run_it(on_node)
    failed = run.failed()
    summary = (
        f"{title}: {run.count('model')} models, {run.count('seed')} seeds, "
        f"{run.count('test')} data tests, {run.count('unit_test')} unit tests"
    )
    if run.count("python_step"):
        summary += f", {run.count('python_step')} Python steps"
    if run.success and not failed:
        console.print(f"[green]✓[/] {summary}")
        return run
    raise NodesFailed(
        f"{summary}; {len(failed)} failed:",
        [
            *(
                f"  [red]{node.status}[/] {node.resource_type} {node.name}: {node.message}"
                for node in failed[:20]
            ),
            *(f"  {message}" for message in run.errors[:10]),
        ],
    )


target_option = click.option(
    "--target",
    type=click.Choice(TARGETS),
    default="duckdb",
    show_default=True,
    help="dbt target (profiles.yml) to run against.",
)


@click.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--database",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="DuckDB file to load into (default: $LOTTERY_DUCKDB_PATH or target/lottery.duckdb).",
)
@click.option("--schema", default="raw", show_default=True, help="Raw schema to load into.")
@click.option(
    "--append",
    is_flag=True,
    help="Add DIRECTORY's rows to the existing raw tables instead of replacing them "
    "(a day's extract; the tables must exist: load without --append first).",
)
@target_option
def load(directory: Path, database: Path | None, schema: str, target: str, append: bool) -> None:
    """Load the six raw tables of DIRECTORY (Parquet or CSV) into the warehouse.

    Every file is checked against the contract first; then the six tables are replaced
    (default) or, with --append, DIRECTORY's rows are added to them: all six or nothing.
    A daily schedule loads the history once without --append, then each day appends that
    day's extract (new, late and re-delivered rows; a file may hold no rows) with
    `load DAY_DIR --append` and runs `lottery-analytics build`, whose incremental models
    take up the new rows (re-deliveries are resolved by the models, not the loader).
    """
    if target == "duckdb":
        database = database or default_duckdb_path(project_root())
    with console.status("checking and loading raw tables") as status:
        if target == "duckdb":
            loaded = load_directory(
                directory, database, schema, on_table=status.update, append=append
            )
        else:
            loaded = load_directory_to(
                target,
                directory,
                database=database,
                schema=schema,
                on_table=status.update,
                append=append,
            )
    verb = "appended" if append else "loaded"
    for table in loaded:
        console.print(
            f"  {schema}.{table.table}: {table.rows:,} rows {verb} from {table.path.name}"
        )
    if target != "duckdb":
        console.print(
            f"[green]✓[/] {verb} into the {target} target. Build on it with "
            f"`lottery-analytics build --target {target} --no-sample`."
        )
        return
    console.print(
        f"[green]✓[/] {verb} into {database}. Build on it with "
        "`lottery-analytics build` (or `dbt build --vars '{use_bundled_sample: false}'`)."
    )


def _build_args(
    full_refresh: bool, use_sample: bool, variables: str | None = None
) -> tuple[list[str], dict]:
    """`dbt build` options and project variables; `variables` is a YAML mapping."""
    args = ["--threads", "2"]
    if full_refresh:
        args.append("--full-refresh")
    merged: dict = {}
    if variables:
        try:
            parsed = yaml.safe_load(variables)
        except yaml.YAMLError as exc:
            raise CommandError(f"--vars is not YAML: {exc}") from exc
        if not isinstance(parsed, dict):
            raise CommandError(
                "--vars must be a YAML mapping such as '{as_of_date: 2026-03-31}'; "
                f"got {variables!r}"
            )
        merged.update(parsed)
    if not use_sample:
        merged["use_bundled_sample"] = False
    return args, merged


@click.command()
@target_option
@click.option("--full-refresh", is_flag=True, help="Rebuild incremental models from scratch.")
@click.option(
    "--sample/--no-sample",
    default=None,
    help="Seed the bundled sample as raw data. Default: --no-sample when the raw schema "
    "holds extracts loaded with `lottery-analytics load`, else --sample. A development "
    "target (*_dev) never seeds: it reads the raw schema its production target filled.",
)
@click.option(
    "--vars",
    "variables",
    default=None,
    help="Project variables as YAML, e.g. '{as_of_date: 2026-03-31}'.",
)
@warehouse_checked
def build(
    target: str,
    database: Path | None,
    full_refresh: bool,
    sample: bool | None,
    variables: str | None,
) -> None:
    """Seed, build and test every model (dbt build), Python steps included."""
    if not is_production(target):
        if sample:
            raise CommandError(
                f"{target} is a development target: it reads the shared raw schema and never "
                f"seeds it. Seed the sample with `lottery-analytics build --target "
                f"{engine_of(target)}`, then build {target} without --sample."
            )
        sample = False
    if sample is None:
        sample = not (database is not None and has_loaded_extracts(database))
        if not sample:
            console.print("raw schema holds loaded extracts: building on them (--no-sample)")
    _build(*_build_args(full_refresh, sample, variables), "dbt build", target=target)


@click.command()
@target_option
@warehouse_checked
def test(target: str, database: Path | None) -> None:
    """Run every data test and unit test (dbt test)."""
    _dbt(["test", "--threads", "2"], "dbt test", target=target)


@click.command()
@target_option
@warehouse_checked
def docs(target: str, database: Path | None) -> None:
    """Write the documentation site as one static file (target/static_index.html)."""
    _dbt(["docs", "generate", "--static"], "dbt docs", target=target)
    console.print(f"docs: {default_target_path(project_root()) / 'static_index.html'}")


@click.command()
@warehouse_checked
def demo(database: Path) -> None:
    """Build the warehouse from the bundled sample on DuckDB, test it, and print the answers."""
    root = project_root()
    target_path = default_target_path(root)
    if has_loaded_extracts(database):
        raise CommandError(
            f"{database} holds extracts loaded with `lottery-analytics load`; the demo would "
            "replace them with the bundled sample. Build them with `lottery-analytics build`, "
            "or point LOTTERY_DUCKDB_PATH at another file for the demo."
        )
    console.rule("[bold]1/3 build and test the warehouse on the bundled sample")
    _build(*_build_args(full_refresh=True, use_sample=True), "dbt build")
    console.rule("[bold]2/3 documentation and analyses")
    _dbt(["docs", "generate", "--static"], "dbt docs generate")
    _dbt(["compile", "--select", "path:analyses"], "dbt compile analyses")
    console.rule("[bold]3/3 the answers")
    results = run_analyses(database, target_path)
    currency = str(project_variable(root, "reporting_currency") or "USD")
    out = Console()
    if not out.is_terminal:
        out = Console(width=140)
    print_answers(results, out, currency)
    compiled = target_path / "compiled" / "lottery_analytics" / "analyses"
    console.print(
        "\n[bold]Where everything is[/]\n"
        f"  warehouse (DuckDB): {database}  (schemas raw, staging, intermediate, marts)\n"
        f"  documentation:      {target_path / 'static_index.html'}  (open in a browser)\n"
        f"  analyses (SQL):     {root / 'analyses'}  compiled: {compiled}\n"
        f'  query the marts:    duckdb {database} "select * from marts.dim_customer limit 5"'
    )


@click.group(
    cls=LotteryGroup,
    commands=[demo, generate, load, build, test, docs],
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="lottery-analytics")
def main() -> None:
    """Analytics warehouse of an online lottery ticket seller."""


if __name__ == "__main__":
    main()

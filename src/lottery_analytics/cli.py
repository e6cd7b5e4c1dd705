"""The `lottery-analytics` command line."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click
import yaml
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from lottery_analytics import __version__, python_steps
from lottery_analytics.dbt_runner import DbtError, DbtRun, NodeOutcome, run_dbt
from lottery_analytics.loader import LoadError, load_directory, load_directory_to
from lottery_analytics.preflight import (
    check_duckdb_unlocked,
    has_loaded_extracts,
    project_variable,
)
from lottery_analytics.project import (
    TARGETS,
    ProjectError,
    default_duckdb_path,
    engine_of,
    is_production,
    project_root,
)
from lottery_analytics.report import ReportError, print_answers, run_analyses

console = Console(stderr=True)


def _fail(message: str) -> None:
    console.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True, highlight=False)
    sys.exit(1)


def _dbt(
    args: list[str], title: str, target: str = "duckdb", database: Path | None = None
) -> DbtRun:
    """Run one dbt command with a live progress line; exit non-zero when a node fails."""
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
    """Run dbt (`run_it(on_node)`) with a live progress line; print a summary; exit
    non-zero when a node fails."""
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

        try:
            run = run_it(on_node)
        except DbtError as exc:
            _fail(str(exc))
            raise  # unreachable
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
    console.print(f"[red]✗[/] {summary}; {len(failed)} failed:")
    for node in failed[:20]:
        console.print(f"  [red]{node.status}[/] {node.resource_type} {node.name}: {node.message}")
    for message in run.errors[:10]:
        console.print(f"  {message}")
    sys.exit(1)


target_option = click.option(
    "--target",
    type=click.Choice(TARGETS),
    default="duckdb",
    show_default=True,
    help="dbt target (profiles.yml) to run against.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lottery-analytics")
def main() -> None:
    """Analytics warehouse of an online lottery ticket seller."""


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--database",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="DuckDB file to load into (default: $LOTTERY_DUCKDB_PATH or target/lottery.duckdb).",
)
@click.option("--schema", default="raw", show_default=True, help="Raw schema to load into.")
@target_option
def load(directory: Path, database: Path | None, schema: str, target: str) -> None:
    """Load the six raw tables of DIRECTORY (Parquet or CSV) into the warehouse."""
    try:
        if target == "duckdb":
            database = database or default_duckdb_path(project_root())
        with console.status("checking and loading raw tables") as status:
            if target == "duckdb":
                loaded = load_directory(directory, database, schema, on_table=status.update)
            else:
                loaded = load_directory_to(
                    target, directory, database=database, schema=schema, on_table=status.update
                )
    except (LoadError, ProjectError) as exc:
        _fail(str(exc))
        return
    for table in loaded:
        console.print(f"  {schema}.{table.table}: {table.rows:,} rows from {table.path.name}")
    if target != "duckdb":
        console.print(
            f"[green]✓[/] loaded into the {target} target. Build on it with "
            f"`lottery-analytics build --target {target} --no-sample`."
        )
        return
    console.print(
        f"[green]✓[/] loaded into {database}. Build on it with "
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
            _fail(f"--vars is not YAML: {exc}")
        if not isinstance(parsed, dict):
            _fail(
                "--vars must be a YAML mapping such as '{as_of_date: 2026-03-31}'; "
                f"got {variables!r}"
            )
        merged.update(parsed)
    if not use_sample:
        merged["use_bundled_sample"] = False
    return args, merged


def _preflight(target: str) -> Path | None:
    """The DuckDB file of a DuckDB target, checked to be free; None for other targets."""
    if engine_of(target) != "duckdb":
        return None
    try:
        database = default_duckdb_path(project_root())
        check_duckdb_unlocked(database)
    except ProjectError as exc:
        _fail(str(exc))
        raise
    return database


@main.command()
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
def build(target: str, full_refresh: bool, sample: bool | None, variables: str | None) -> None:
    """Seed, build and test every model (dbt build), Python steps included."""
    database = _preflight(target)
    if not is_production(target):
        if sample:
            _fail(
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


@main.command()
@target_option
def test(target: str) -> None:
    """Run every data test and unit test (dbt test)."""
    _preflight(target)
    _dbt(["test", "--threads", "2"], "dbt test", target=target)


@main.command()
@target_option
def docs(target: str) -> None:
    """Write the documentation site as one static file (target/static_index.html)."""
    _preflight(target)
    _dbt(["docs", "generate", "--static"], "dbt docs", target=target)
    console.print(f"docs: {project_root() / 'target' / 'static_index.html'}")


@main.command()
def demo() -> None:
    """Build the warehouse from the bundled sample on DuckDB, test it, and print the answers."""
    root = project_root()
    database = _preflight("duckdb")
    assert database is not None
    if has_loaded_extracts(database):
        _fail(
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
    try:
        results = run_analyses(database, root / "target")
    except ReportError as exc:
        _fail(str(exc))
        return
    currency = str(project_variable(root, "reporting_currency") or "USD")
    out = Console()
    if not out.is_terminal:
        out = Console(width=140)
    print_answers(results, out, currency)
    compiled = root / "target" / "compiled" / "lottery_analytics" / "analyses"
    console.print(
        "\n[bold]Where everything is[/]\n"
        f"  warehouse (DuckDB): {database}  (schemas raw, staging, intermediate, marts)\n"
        f"  documentation:      {root / 'target' / 'static_index.html'}  (open in a browser)\n"
        f"  analyses (SQL):     {root / 'analyses'}  compiled: {compiled}\n"
        f'  query the marts:    duckdb {database} "select * from marts.dim_customer limit 5"'
    )


def _register() -> None:
    from lottery_analytics.generator.cli import generate

    main.add_command(generate)


_register()


if __name__ == "__main__":
    main()

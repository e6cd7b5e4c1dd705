"""The `lottery-analytics` command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from lottery_analytics import __version__
from lottery_analytics.dbt_runner import DbtError, DbtRun, NodeOutcome, run_dbt
from lottery_analytics.loader import LoadError, load_directory
from lottery_analytics.project import TARGETS, ProjectError, default_duckdb_path, project_root

console = Console(stderr=True)

FAILED_STATUSES = {"error", "fail", "runtime error", "skipped"}


def _fail(message: str) -> None:
    console.print(f"[bold red]error:[/] {message}")
    sys.exit(1)


def _dbt(
    args: list[str], title: str, target: str = "duckdb", database: Path | None = None
) -> DbtRun:
    """Run one dbt command with a live progress line; exit non-zero when a node fails."""
    root = project_root()
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
            run = run_dbt(args, root, target=target, duckdb_path=database, on_node=on_node)
        except DbtError as exc:
            _fail(str(exc))
            raise  # unreachable
    failed = [n for n in run.nodes if n.status in FAILED_STATUSES]
    summary = (
        f"{title}: {run.count('model')} models, {run.count('seed')} seeds, "
        f"{run.count('test')} data tests, {run.count('unit_test')} unit tests"
    )
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
def load(directory: Path, database: Path | None, schema: str) -> None:
    """Load the six raw tables of DIRECTORY (Parquet or CSV) into the warehouse."""
    try:
        database = database or default_duckdb_path(project_root())
        with console.status("checking and loading raw tables") as status:
            loaded = load_directory(directory, database, schema, on_table=status.update)
    except (LoadError, ProjectError) as exc:
        _fail(str(exc))
        return
    for table in loaded:
        console.print(f"  {schema}.{table.table}: {table.rows:,} rows from {table.path.name}")
    console.print(
        f"[green]✓[/] loaded into {database}. Build on it with "
        "`lottery-analytics build` (or `dbt build --vars '{use_bundled_sample: false}'`)."
    )


def _build_args(full_refresh: bool, use_sample: bool) -> list[str]:
    args = ["build", "--threads", "2"]
    if full_refresh:
        args.append("--full-refresh")
    if not use_sample:
        args += ["--vars", "{use_bundled_sample: false}"]
    return args


@main.command()
@target_option
@click.option("--full-refresh", is_flag=True, help="Rebuild incremental models from scratch.")
@click.option(
    "--sample/--no-sample",
    default=True,
    show_default=True,
    help="Seed the bundled sample as raw data (--no-sample after `lottery-analytics load`).",
)
def build(target: str, full_refresh: bool, sample: bool) -> None:
    """Seed, build and test every model (dbt build)."""
    _dbt(_build_args(full_refresh, sample), "dbt build", target=target)


@main.command()
@target_option
def test(target: str) -> None:
    """Run every data test and unit test (dbt test)."""
    _dbt(["test", "--threads", "2"], "dbt test", target=target)


@main.command()
@target_option
def docs(target: str) -> None:
    """Write the documentation site as one static file (target/static_index.html)."""
    _dbt(["docs", "generate", "--static"], "dbt docs", target=target)
    console.print(f"docs: {project_root() / 'target' / 'static_index.html'}")


@main.command()
def demo() -> None:
    """Load the bundled sample into DuckDB, build and test everything."""
    _dbt(_build_args(full_refresh=True, use_sample=True), "dbt build (bundled sample)")
    console.print(f"warehouse: {default_duckdb_path(project_root())}")


def _register() -> None:
    from lottery_analytics.generator.cli import generate

    main.add_command(generate)


_register()

"""`lottery-analytics generate`: synthetic raw tables with planted truth."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from lottery_analytics.generator.config import DIRT_KINDS, ConfigError, GenerationConfig
from lottery_analytics.project import TARGETS

_DIRT_HELP = ", ".join(d.qualified for d in DIRT_KINDS)


def _parse_date(ctx: click.Context, param: click.Parameter, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None


def _parse_dirt(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in values:
        name, sep, rate = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not KIND=RATE")
        try:
            out[name.strip()] = float(rate)
        except ValueError:
            raise click.BadParameter(f"rate {rate!r} of {name!r} is not a number") from None
    return out


@click.command("generate")
@click.option("--accounts", type=int, required=True, help="Number of registered accounts.")
@click.option(
    "--start", required=True, callback=_parse_date, help="First day of the window (YYYY-MM-DD)."
)
@click.option("--days", type=int, required=True, help="Length of the window in days.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Output directory (one file per raw table).",
)
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["parquet", "csv"]),
    default="parquet",
    show_default=True,
)
@click.option(
    "--truth-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Truth folder (default OUT/truth); always Parquet.",
)
@click.option(
    "--dirt-rate",
    type=float,
    default=0.01,
    show_default=True,
    help="Default rate of every dirt kind.",
)
@click.option(
    "--dirt",
    multiple=True,
    callback=_parse_dirt,
    metavar="KIND=RATE",
    help=f"Rate of one dirt kind (table.kind, kind, or table). Kinds: {_DIRT_HELP}.",
)
@click.option(
    "--workers",
    type=int,
    default=min(2, os.cpu_count() or 1),
    show_default="min(2, CPUs)",
    help="Chunks generated in parallel (output does not depend on it).",
)
@click.option(
    "--chunk-accounts",
    type=int,
    default=20_000,
    show_default=True,
    help="Accounts per chunk (bounds memory).",
)
@click.option("--overwrite", is_flag=True, help="Replace a non-empty output directory.")
@click.option(
    "--target",
    type=click.Choice(TARGETS),
    default=None,
    help="Also load the generated tables into this dbt target's raw schema "
    "(as `lottery-analytics load --target`: checked first, all or nothing).",
)
@click.option("--quiet", is_flag=True, help="No progress bar or summary.")
def generate(
    accounts: int,
    start: dt.date,
    days: int,
    seed: int,
    out: Path,
    file_format: str,
    truth_dir: Path | None,
    dirt_rate: float,
    dirt: dict[str, float],
    workers: int,
    chunk_accounts: int,
    overwrite: bool,
    target: str | None,
    quiet: bool,
) -> None:
    """Generate the six raw tables of the contract, with planted truth."""
    from lottery_analytics.generator.core import generate as run

    config = GenerationConfig(
        accounts=accounts,
        start=start,
        days=days,
        seed=seed,
        out=out,
        format=file_format,
        truth_dir=truth_dir,
        dirt_rate=dirt_rate,
        dirt=dirt,
        workers=workers,
        chunk_accounts=chunk_accounts,
        quiet=quiet,
        overwrite=overwrite,
    )
    try:
        config.validate()
    except ConfigError as err:
        raise click.BadParameter(err.message, param_hint=f"'{err.option}'") from None
    if quiet:
        run(config)
        if target:
            _load(config.out, target, quiet=True)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
    from rich.table import Table

    console = Console(stderr=True)
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("chunks", total=config.n_chunks)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        summary = run(config, progress)
    table = Table(title=f"generated into {summary.out} ({summary.format})")
    for col in ("table", "rows", "bytes", "seconds", "rows/s"):
        table.add_column(col, justify="left" if col == "table" else "right")
    for name, st in summary.tables.items():
        table.add_row(name, f"{st.rows:,}", f"{st.bytes:,}", "", "")
    table.add_row(
        "total",
        f"{summary.total_rows:,}",
        f"{sum(s.bytes for s in summary.tables.values()):,}",
        f"{summary.seconds:.2f}",
        f"{summary.rows_per_second:,.0f}",
    )
    console.print(table)
    console.print(f"truth: {summary.truth_dir}")
    if target:
        _load(config.out, target, quiet=False)


def _load(directory: Path, target: str, quiet: bool) -> None:
    """Load the generated tables into `target` with the loader (checked, all or nothing)."""
    from lottery_analytics.loader import LoadError, load_directory_to

    try:
        loaded = load_directory_to(target, directory)
    except LoadError as exc:
        message = f"generated into {directory}, but loading failed: {exc}"
        raise click.ClickException(message) from None
    if not quiet:
        rows = sum(table.rows for table in loaded)
        message = f"loaded {len(loaded)} tables ({rows:,} rows) into the {target} target"
        click.echo(message, err=True)

"""Generate data, load it into a new DuckDB warehouse and build models on it: the common
first step of the scripts that check the warehouse on generated data (the LTV backtest, the
high-jackpot check)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any


class BuildError(Exception):
    """The generated warehouse could not be built."""


def build_generated(
    root: Path,
    work: Path,
    *,
    accounts: int,
    start: dt.date,
    days: int,
    seed: int,
    select: str,
    variables: dict[str, Any] | None = None,
) -> Path:
    """Generate into ``work/raw`` (truth in ``work/raw/truth``), load into
    ``work/lottery.duckdb`` and build ``select`` (models and the seeds they read, no tests:
    the test suite runs those) with ``variables``. Returns the database's path."""
    from lottery_analytics.dbt_runner import run_dbt
    from lottery_analytics.generator import GenerationConfig, generate
    from lottery_analytics.loader import load_directory_to

    database = work / "lottery.duckdb"
    generate(
        GenerationConfig(
            accounts=accounts, start=start, days=days, seed=seed, out=work / "raw", quiet=True
        )
    )
    load_directory_to("duckdb", work / "raw", root=root, database=database)
    dbt_vars = {"use_bundled_sample": False, **(variables or {})}
    run = run_dbt(
        [
            *("build", "--threads", "2", "-s", select),
            *("--resource-type", "model", "--resource-type", "seed"),
            *("--vars", json.dumps(dbt_vars)),
        ],
        root,
        duckdb_path=database,
        target_path=work / "target",
    )
    if not run.success:
        failed = [n.name for n in run.failed()]
        raise BuildError(f"dbt build of {select} failed: {failed}")
    return database

"""What the benchmark scripts share: what they record about the machine they ran on, how
they write their figures, and the generator settings of their common arguments."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lottery_analytics.generator import GenerationConfig


def cpu_model() -> str:
    """The processor's model name (Linux: /proc/cpuinfo), else what platform reports."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def describe() -> dict[str, object]:
    """CPU count and model, Python and platform."""
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def measured_at() -> str:
    """Now, in UTC, as the scripts record it (``2026-12-01T23:08:34Z``)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def write_result(path: Path, result: dict) -> None:
    """Write a script's figures as indented JSON (the folder is created if need be)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n")


def generation_config(args: argparse.Namespace, out: Path, **options: Any) -> GenerationConfig:
    """The generator's settings from a script's ``--accounts``, ``--start``, ``--days`` and
    ``--seed``, writing to ``out``, plus ``options`` (format, workers, quiet, ...)."""
    from lottery_analytics.generator import GenerationConfig

    return GenerationConfig(
        accounts=args.accounts,
        start=dt.date.fromisoformat(args.start),
        days=args.days,
        seed=args.seed,
        out=out,
        **options,
    )

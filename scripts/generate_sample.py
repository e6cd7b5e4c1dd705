"""Regenerate the bundled sample: seeds/raw/*.csv and data/sample_truth/ (see docs/generator.md).

Generates into a temporary directory, then replaces only the six CSV files in seeds/raw
(other files there, such as dbt property files, are left alone) and the truth folder.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from lottery_analytics.contract import TABLE_NAMES
from lottery_analytics.generator import GenerationConfig, generate

ROOT = Path(__file__).resolve().parents[1]

#: The bundled sample's arguments; the equivalent command line is
#: lottery-analytics generate --accounts 600 --start 2026-01-01 --days 170 --seed 8 \
#:     --format csv --out OUT --truth-dir TRUTH
SAMPLE = dict(accounts=600, start=dt.date(2026, 1, 1), days=170, seed=8, format="csv")


def sample_config(out: Path, truth: Path) -> GenerationConfig:
    return GenerationConfig(out=out, truth_dir=truth, workers=1, **SAMPLE)  # type: ignore[arg-type]


def main() -> int:
    seeds, truth = ROOT / "seeds" / "raw", ROOT / "data" / "sample_truth"
    with tempfile.TemporaryDirectory(dir=ROOT) as tmp:
        out = Path(tmp) / "raw"
        summary = generate(sample_config(out, Path(tmp) / "truth"))
        seeds.mkdir(parents=True, exist_ok=True)
        for name in TABLE_NAMES:
            shutil.copyfile(out / f"{name}.csv", seeds / f"{name}.csv")
        if truth.exists():
            shutil.rmtree(truth)
        shutil.copytree(Path(tmp) / "truth", truth)
    total = sum(s.bytes for s in summary.tables.values())
    print(f"seeds/raw: {summary.total_rows:,} rows, {total:,} bytes; truth in {truth}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

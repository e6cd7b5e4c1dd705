"""How close is each attribution model to what marketing really caused? Scored on generated
data whose truth is planted.

    python benchmarks/attribution_accuracy.py                  # 3 seeds x 30,000 accounts, a year
    python benchmarks/attribution_accuracy.py --seeds 1 --accounts 10000

For each seed: generate, load into a new DuckDB warehouse, build `marketing_attribution`
and score its seven models against `truth/marketing_days.parquet` (see
`lottery_analytics.attribution_accuracy` for the four figures). Writes every seed's scores
and channel figures, and the median of each figure over the seeds, to
benchmarks/results/attribution_accuracy.json, and prints the table of medians (the one in
docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import machine  # benchmarks/machine.py (this script's folder is on sys.path)
import numpy as np

from lottery_analytics.attribution_accuracy import MODELS, AccuracyError, evaluate

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIGURES = ("roas_mape", "roas_spearman", "misallocated_spend_share", "conversion_share_mae")


def medians(runs: list[dict]) -> dict[str, dict[str, float]]:
    names = [*MODELS, "truth", "shuffled"]
    return {
        m: {f: round(float(np.median([r["scores"][m][f] for r in runs])), 4) for f in FIGURES}
        for m in names
    }


def table(med: dict[str, dict[str, float]]) -> str:
    lines = [
        "| model | channel ROAS MAPE | ROAS rank correlation | spend misallocated "
        "| conversion share MAE |",
        "|---|---|---|---|---|",
    ]
    for m, s in sorted(med.items(), key=lambda kv: kv[1]["roas_mape"]):
        lines.append(
            f"| {m} | {s['roas_mape']:.0%} | {s['roas_spearman']:+.2f} "
            f"| {s['misallocated_spend_share']:.0%} | {s['conversion_share_mae']:.3f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--accounts", type=int, default=30_000)
    ap.add_argument("--start", default="2025-01-01")
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--result", type=Path, default=HERE / "results" / "attribution_accuracy.json")
    args = ap.parse_args(argv)

    runs = []
    t0 = time.perf_counter()
    for seed in args.seeds:
        work = Path(tempfile.mkdtemp(prefix="lottery-attribution-"))
        try:
            runs.append(
                evaluate(
                    ROOT,
                    work,
                    accounts=args.accounts,
                    start=dt.date.fromisoformat(args.start),
                    days=args.days,
                    seed=seed,
                )
            )
        except AccuracyError as exc:
            print(f"attribution_accuracy: seed {seed}: {exc}", file=sys.stderr)
            return 1
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(f"seed {seed}: ranking {runs[-1]['ranking']}", flush=True)
    med = medians(runs)
    result = {
        "machine": machine.describe(),
        "seconds": round(time.perf_counter() - t0, 1),
        "median_over_seeds": med,
        "runs": runs,
    }
    args.result.parent.mkdir(parents=True, exist_ok=True)
    args.result.write_text(json.dumps(result, indent=2) + "\n")
    print(table(med))
    print(f"written to {args.result}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

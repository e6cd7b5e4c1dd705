"""How good is `predicted_ltv_12m`? A backtest on generated data.

    python benchmarks/ltv_backtest.py                      # 20,000 accounts, two years
    python benchmarks/ltv_backtest.py --seed 2 --result benchmarks/results/ltv_backtest_seed2.json

Generates N accounts over two years (`--days`, default 730, from `--start`), loads them into
a new DuckDB warehouse, and builds `customer_ltv_scoring` with `as_of_date` set to the end of
the first year, so the model sees only what happened up to then; then compares each scored
player's forecast with what the player really spent in the next 365 days, next to a naive
forecast (the player's last 365 days of spend, repeated). See
`lottery_analytics.ltv_backtest`.

Figures (written to benchmarks/results/ltv_backtest.json): calibration (sum of forecasts /
sum spent), Spearman rank correlation, top-decile capture (share of the next year's spend
made by the tenth of players the forecast ranks highest, against the most any ranking could
capture), mean absolute error, and mean forecast and spend by decile of the forecast.
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

from lottery_analytics.ltv_backtest import FORECASTS, BacktestError, backtest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--accounts", type=int, default=20_000)
    ap.add_argument("--start", default="2024-07-01")
    ap.add_argument("--days", type=int, default=730)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--result", type=Path, default=HERE / "results" / "ltv_backtest.json")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="lottery-ltv-"))
    t0 = time.perf_counter()
    try:
        result = backtest(
            ROOT,
            work,
            accounts=args.accounts,
            start=dt.date.fromisoformat(args.start),
            days=args.days,
            seed=args.seed,
        )
    except BacktestError as exc:
        print(f"ltv_backtest: {exc}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    result["seconds"] = round(time.perf_counter() - t0, 1)
    result["machine"] = machine.describe()
    result["measured_at"] = machine.measured_at()
    machine.write_result(args.result, result)
    summary = {k: v for k, v in result.items() if k != "machine"}
    for key in FORECASTS:
        summary[key] = {k: v for k, v in result[key].items() if k != "by_forecast_decile"}
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

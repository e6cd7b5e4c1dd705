"""Backtest of `customer_ltv_scoring.predicted_ltv_12m` on generated data.

Generate accounts over two years, build the warehouse as of the end of the first (var
`as_of_date`), and compare each scored player's forecast with what the player really spent
on valid tickets in the 365 days after it (reporting currency, from
`int_ticket_purchases_validated`, which the as-of date does not cut). Scored beside the model in
use: both purchase models (Pareto/NBD, BG/NBD) times Gamma-Gamma, the heuristic
(`heuristic_ltv_12m`, the baseline), and a naive forecast (the player's ticket spend over the
365 days before the as-of date, repeated).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from lottery_analytics.build_generated import BuildError, build_generated

#: the forecasts and real spend of every scored player, by user id: the model in use
#: (predicted_ltv_12m), each of the two purchase models times Gamma-Gamma's value per
#: occasion, the heuristic and the naive forecast
OUTCOMES = """
with

scored as (
    select
        scoring.user_id,
        cast(scoring.predicted_ltv_12m as double) as forecast,
        predictions.expected_purchases_pareto_nbd * scores.expected_value_per_purchase
            as pareto_nbd,
        predictions.expected_purchases_bg_nbd * scores.expected_value_per_purchase as bg_nbd,
        cast(scoring.heuristic_ltv_12m as double) as heuristic,
        cast(purchases.trailing_ticket_amount as double) as naive
    from marts.customer_ltv_scoring as scoring
    inner join intermediate.int_customer_purchases as purchases
        on scoring.user_id = purchases.user_id
    inner join intermediate.int_ltv_scores as scores
        on scoring.user_id = scores.user_id
    inner join intermediate.int_ltv_summary as summary
        on scoring.user_id = summary.user_id
    inner join intermediate.int_ltv_predictions as predictions
        on
            summary.frequency = predictions.frequency
            and summary.recency_days = predictions.recency_days
            and summary.age_days = predictions.age_days
),

next_year as (
    select
        user_id,
        sum(cast(amount as double)) as spent
    from intermediate.int_ticket_purchases_validated
    where reject_reason is null
        and purchased_at >= cast(? as timestamp)
        and purchased_at < cast(? as timestamp)
    group by user_id
)

select
    scored.user_id,
    scored.forecast,
    scored.pareto_nbd,
    scored.bg_nbd,
    scored.heuristic,
    scored.naive,
    coalesce(next_year.spent, 0) as spent
from scored
left join next_year
    on scored.user_id = next_year.user_id
order by scored.user_id
"""

#: result keys of the forecasts, in OUTCOMES' column order
FORECASTS = (
    "predicted_ltv_12m",
    "pareto_nbd_gamma_gamma",
    "bg_nbd_gamma_gamma",
    "heuristic_ltv_12m",
    "naive_last_365_days",
)


def _by_chaser(
    truth_dir: Path, user_ids: list[str], forecasts: list[np.ndarray], spent: np.ndarray
) -> dict[str, Any]:
    """Calibration of each forecast on the planted jackpot chasers and on the other players:
    where a jackpot run breaks the models' stationarity, it shows here."""
    con = duckdb.connect()
    try:
        chasers = {
            u
            for (u,) in con.execute(
                "select user_id from read_parquet(?) where is_jackpot_chaser",
                [str(truth_dir / "accounts.parquet")],
            ).fetchall()
        }
    finally:
        con.close()
    is_chaser = np.array([u in chasers for u in user_ids])
    out: dict[str, Any] = {"share_of_scored": round(float(is_chaser.mean()), 3)}
    for name, sel in (("chasers", is_chaser), ("others", ~is_chaser)):
        out[name] = {
            "players": int(sel.sum()),
            "spent": round(float(spent[sel].sum()), 2),
            **{
                key: round(float(f[sel].sum() / spent[sel].sum()), 3) if spent[sel].sum() else None
                for key, f in zip(FORECASTS, forecasts, strict=True)
            },
        }
    return out


class BacktestError(Exception):
    """The backtest cannot run (arguments, or the warehouse build failed)."""


def ranks(x: np.ndarray) -> np.ndarray:
    """Ranks 1..n of ``x``, tied values sharing their mean rank."""
    order = np.argsort(x, kind="stable")
    positions = np.empty(len(x), dtype=np.float64)
    positions[order] = np.arange(1, len(x) + 1)
    _, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    return np.bincount(inverse, weights=positions)[inverse] / counts[inverse]


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman rank correlation (Pearson correlation of the ranks, ties averaged)."""
    return float(np.corrcoef(ranks(x), ranks(y))[0, 1])


def top_decile_capture(forecast: np.ndarray, spent: np.ndarray) -> float:
    """Share of all spend made by the tenth of players (at least one) with the highest
    forecast; ties go to the earlier row."""
    k = max(1, len(spent) // 10)
    top = np.argsort(-forecast, kind="stable")[:k]
    return float(spent[top].sum() / spent.sum())


def evaluate(forecast: np.ndarray, spent: np.ndarray) -> dict[str, Any]:
    """Calibration (sum of forecasts / sum spent), Spearman, top-decile capture, mean
    absolute error, and mean forecast and spend by decile of the forecast."""
    deciles = np.array_split(np.argsort(forecast, kind="stable"), 10)
    return {
        "calibration": round(float(forecast.sum() / spent.sum()), 3),
        "spearman": round(spearman(forecast, spent), 3),
        "top_decile_capture": round(top_decile_capture(forecast, spent), 3),
        "mean_absolute_error": round(float(np.abs(forecast - spent).mean()), 2),
        "by_forecast_decile": [
            {
                "decile": i + 1,
                "mean_forecast": round(float(forecast[d].mean()), 2),
                "mean_spent": round(float(spent[d].mean()), 2),
            }
            for i, d in enumerate(deciles)
            if len(d)
        ],
    }


def backtest(
    root: Path, work: Path, *, accounts: int, start: dt.date, days: int = 730, seed: int = 1
) -> dict[str, Any]:
    """Generate, load and build in ``work`` (a new DuckDB warehouse), then score."""
    if days < 730:
        raise BacktestError(f"days={days}: at least 730, a year to learn from and one to check")
    as_of = start + dt.timedelta(days=days - 366)
    window_start = as_of + dt.timedelta(days=1)
    window_end = window_start + dt.timedelta(days=365)
    try:
        database = build_generated(
            root,
            work,
            accounts=accounts,
            start=start,
            days=days,
            seed=seed,
            select="+customer_ltv_scoring +ltv_model_parameters",
            variables={"as_of_date": as_of.isoformat()},
        )
    except BuildError as exc:
        raise BacktestError(str(exc)) from exc
    con = duckdb.connect(str(database), read_only=True)
    try:
        rows = con.execute(OUTCOMES, [window_start.isoformat(), window_end.isoformat()]).fetchall()
    finally:
        con.close()
    if not rows:
        raise BacktestError(f"no player was scored as of {as_of}: generate more accounts")
    user_ids = [r[0] for r in rows]
    columns = [np.array(c, dtype=np.float64) for c in zip(*(r[1:] for r in rows), strict=True)]
    forecasts, spent = columns[:-1], columns[-1]
    if spent.sum() <= 0:
        raise BacktestError(f"no scored player spent anything in [{window_start}, {window_end})")
    con = duckdb.connect(str(database), read_only=True)
    try:
        fit = con.execute("select * from marts.ltv_model_parameters").fetchall()[0]
        names = [d[0] for d in con.description]
    finally:
        con.close()
    parameters = {
        k: (v.isoformat() if hasattr(v, "isoformat") else v)
        for k, v in zip(names, fit, strict=True)
    }
    return {
        "data": f"{accounts} accounts, {days} days from {start}, seed {seed}",
        "as_of_date": as_of.isoformat(),
        "checked_window": f"[{window_start}, {window_end})",
        "scored_accounts": len(spent),
        "accounts_spending_in_window": int((spent > 0).sum()),
        "spent_in_window": round(float(spent.sum()), 2),
        **{k: evaluate(f, spent) for k, f in zip(FORECASTS, forecasts, strict=True)},
        "ltv_model_parameters": parameters,
        "jackpot_chasers": _by_chaser(work / "raw" / "truth", user_ids, forecasts, spent),
        "best_possible_top_decile_capture": round(top_decile_capture(spent, spent), 3),
    }

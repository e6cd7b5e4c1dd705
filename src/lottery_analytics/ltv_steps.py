"""The warehouse's two LTV Python steps, around lottery_analytics.ltv_model (the one
implementation of the fits and predictions).

- `fit_table`: int_ltv_summary (one row per scored account) -> int_ltv_fit (one row: the
  BG/NBD, Pareto/NBD and Gamma-Gamma parameters and how the fits went).
- `predictions_table`: int_ltv_prediction_inputs (one row per distinct (frequency,
  recency_days, age_days), with the fitted parameters) -> int_ltv_predictions (P(alive) and
  expected purchase occasions over the horizon under both models).

Times arrive in whole days and are fitted in weeks (ltv_model's docstring says why). A fit
that fails raises ltv_model.LtvFitError, which fails the build with its message. With no
scored account at all (an empty warehouse) there is nothing to fit or predict: both steps
return no row, and customer_ltv_scoring is empty.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from lottery_analytics import ltv_model as M

DAYS_PER_WEEK = 7.0

FIT_SCHEMA = pa.schema(
    [
        ("as_of_date", pa.string()),
        ("calibration_start", pa.string()),
        ("time_unit", pa.string()),
        ("accounts_fitted", pa.int64()),
        ("repeat_customers", pa.int64()),
        ("bg_nbd_r", pa.float64()),
        ("bg_nbd_alpha", pa.float64()),
        ("bg_nbd_a", pa.float64()),
        ("bg_nbd_b", pa.float64()),
        ("bg_nbd_log_likelihood", pa.float64()),
        ("pareto_nbd_r", pa.float64()),
        ("pareto_nbd_alpha", pa.float64()),
        ("pareto_nbd_s", pa.float64()),
        ("pareto_nbd_beta", pa.float64()),
        ("pareto_nbd_log_likelihood", pa.float64()),
        ("gamma_gamma_p", pa.float64()),
        ("gamma_gamma_q", pa.float64()),
        ("gamma_gamma_gamma", pa.float64()),
        ("gamma_gamma_log_likelihood", pa.float64()),
        ("gamma_gamma_customers", pa.int64()),
        ("monetary_frequency_correlation", pa.float64()),
    ]
)

PREDICTIONS_SCHEMA = pa.schema(
    [
        ("frequency", pa.int64()),
        ("recency_days", pa.int64()),
        ("age_days", pa.int64()),
        ("p_alive_bg_nbd", pa.float64()),
        ("expected_purchases_bg_nbd", pa.float64()),
        ("p_alive_pareto_nbd", pa.float64()),
        ("expected_purchases_pareto_nbd", pa.float64()),
    ]
)


def _column(table: pa.Table, name: str) -> np.ndarray:
    return np.asarray(table.column(name).to_numpy(zero_copy_only=False), dtype=np.float64)


def _date_text(table: pa.Table, name: str, pick: str) -> str:
    values = [v for v in table.column(name).to_pylist() if v is not None]
    chosen = min(values) if pick == "min" else max(values)
    return chosen.isoformat() if hasattr(chosen, "isoformat") else str(chosen)[:10]


def fit_table(summary: pa.Table) -> pa.Table:
    """Fit the three models on the scored accounts' summary."""
    if summary.num_rows == 0:
        return FIT_SCHEMA.empty_table()
    x = _column(summary, "frequency")
    t_x = _column(summary, "recency_days") / DAYS_PER_WEEK
    age = _column(summary, "age_days") / DAYS_PER_WEEK
    value = _column(summary, "repeat_occasion_value")
    bg = M.fit_bgnbd(x, t_x, age)
    pn = M.fit_pareto_nbd(x, t_x, age)
    gg = M.fit_gamma_gamma(x, value)
    row = {
        "as_of_date": _date_text(summary, "as_of_date", "max"),
        "calibration_start": _date_text(summary, "first_occasion_date", "min"),
        "time_unit": "weeks",
        "accounts_fitted": bg.n_customers,
        "repeat_customers": bg.n_repeat_customers,
        "bg_nbd_r": bg.params.r,
        "bg_nbd_alpha": bg.params.alpha,
        "bg_nbd_a": bg.params.a,
        "bg_nbd_b": bg.params.b,
        "bg_nbd_log_likelihood": bg.log_likelihood,
        "pareto_nbd_r": pn.params.r,
        "pareto_nbd_alpha": pn.params.alpha,
        "pareto_nbd_s": pn.params.s,
        "pareto_nbd_beta": pn.params.beta,
        "pareto_nbd_log_likelihood": pn.log_likelihood,
        "gamma_gamma_p": gg.params.p,
        "gamma_gamma_q": gg.params.q,
        "gamma_gamma_gamma": gg.params.gamma,
        "gamma_gamma_log_likelihood": gg.log_likelihood,
        "gamma_gamma_customers": gg.n_repeat_customers,
        "monetary_frequency_correlation": M.monetary_frequency_correlation(x, value),
    }
    return pa.Table.from_pylist([row], schema=FIT_SCHEMA)


def predictions_table(inputs: pa.Table) -> pa.Table:
    """P(alive) and expected occasions over the horizon for each distinct summary row."""
    if inputs.num_rows == 0:
        return PREDICTIONS_SCHEMA.empty_table()
    first = inputs.slice(0, 1).to_pylist()[0]
    bg = M.BgNbdParams(*(float(first[f"bg_nbd_{k}"]) for k in ("r", "alpha", "a", "b")))
    pn = M.ParetoNbdParams(*(float(first[f"pareto_nbd_{k}"]) for k in ("r", "alpha", "s", "beta")))
    horizon = float(first["horizon_days"]) / DAYS_PER_WEEK
    x = _column(inputs, "frequency")
    t_x = _column(inputs, "recency_days") / DAYS_PER_WEEK
    age = _column(inputs, "age_days") / DAYS_PER_WEEK
    columns = {
        "frequency": inputs.column("frequency").cast(pa.int64()),
        "recency_days": inputs.column("recency_days").cast(pa.int64()),
        "age_days": inputs.column("age_days").cast(pa.int64()),
        "p_alive_bg_nbd": M.bgnbd_p_alive(bg, x, t_x, age),
        "expected_purchases_bg_nbd": M.bgnbd_conditional_expected_purchases(
            bg, horizon, x, t_x, age
        ),
        "p_alive_pareto_nbd": M.pareto_nbd_p_alive(pn, x, t_x, age),
        "expected_purchases_pareto_nbd": M.pareto_nbd_conditional_expected_purchases(
            pn, horizon, x, t_x, age
        ),
    }
    return pa.table(columns, schema=PREDICTIONS_SCHEMA)

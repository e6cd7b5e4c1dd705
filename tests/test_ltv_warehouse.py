"""The warehouse's LTV models are the analyst's function: on the bundled sample, the SQL
summary, the fitted parameters and the predictions equal what
`lottery_analytics.ltv_model.fit_transactions` makes of the same transaction log.

(The models themselves are checked against published CDNOW figures in test_ltv_model.py.)"""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from lottery_analytics import ltv_model as M
from lottery_analytics import ltv_steps

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def con(sample_warehouse) -> duckdb.DuckDBPyConnection:
    assert sample_warehouse.run.success
    c = duckdb.connect(str(sample_warehouse.database), read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def reference(con: duckdb.DuckDBPyConnection) -> M.LtvFit:
    """fit_transactions on the valid ticket purchases, calibrated to the as-of date."""
    as_of = con.execute("select as_of_date from intermediate.int_as_of_date").fetchall()[0][0]
    log = con.sql(
        """select user_id as customer_id, cast(purchased_at as date) as timestamp,
                  cast(amount as double) as amount
           from intermediate.int_ticket_purchases_validated
           where reject_reason is null"""
    ).arrow()
    if isinstance(log, pa.RecordBatchReader):
        log = log.read_all()
    return M.fit_transactions(log, as_of, horizon=365 / 7)


def test_sql_summary_is_the_papers_summary(
    con: duckdb.DuckDBPyConnection, reference: M.LtvFit
) -> None:
    summary = reference.summary
    assert summary is not None
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            "select user_id, frequency, recency_days, age_days, repeat_occasion_value "
            "from intermediate.int_ltv_summary"
        ).fetchall()
    }
    assert len(rows) == len(summary.customer_id) > 200
    for i, user in enumerate(summary.customer_id):
        x, t_x, age, value = rows[str(user)]
        assert x == summary.x[i]
        assert t_x / 7 == pytest.approx(summary.t_x[i], abs=1e-12)
        assert age / 7 == pytest.approx(summary.T[i], abs=1e-12)
        assert value == pytest.approx(summary.monetary[i], rel=1e-12, abs=1e-12)


def test_parameters_are_the_functions_fit(
    con: duckdb.DuckDBPyConnection, reference: M.LtvFit
) -> None:
    row = con.execute("select * from marts.ltv_model_parameters").fetchall()
    assert len(row) == 1
    got = dict(zip([d[0] for d in con.description], row[0], strict=True))
    for prefix, fit in (
        ("bg_nbd", reference.bgnbd),
        ("pareto_nbd", reference.pareto_nbd),
        ("gamma_gamma", reference.gamma_gamma),
    ):
        # the SQL and the function compute the mean repeat value in different float
        # orders (last-bit differences), which the optimiser's tolerance turns into ~1e-5
        for name, value in fit.params._asdict().items():
            assert got[f"{prefix}_{name}"] == pytest.approx(value, rel=1e-4), (prefix, name)
        assert got[f"{prefix}_log_likelihood"] == pytest.approx(fit.log_likelihood, rel=1e-9)
    assert got["accounts_fitted"] == reference.bgnbd.n_customers
    assert got["repeat_customers"] == reference.bgnbd.n_repeat_customers
    assert got["time_unit"] == "weeks"
    assert got["model_in_use"] == "bg_nbd"  # the default the backtest chose


def test_predictions_are_the_functions_predictions(
    con: duckdb.DuckDBPyConnection, reference: M.LtvFit
) -> None:
    summary, pred = reference.summary, reference.predictions
    assert summary is not None
    index = {str(u): i for i, u in enumerate(summary.customer_id)}
    rows = con.execute(
        """select user_id, p_alive, expected_purchases_12m, expected_value_per_purchase,
                  predicted_ltv_12m
           from marts.customer_ltv_scoring"""
    ).fetchall()
    assert len(rows) == len(index)
    for user, p_alive, purchases, value, ltv in rows:
        i = index[user]
        assert p_alive == pytest.approx(pred.p_alive_bgnbd[i], rel=1e-4), user
        assert purchases == pytest.approx(pred.expected_purchases_bgnbd[i], rel=1e-4), user
        assert value == pytest.approx(pred.expected_value[i], rel=1e-4), user
        assert float(ltv) == pytest.approx(round(purchases * value, 2), abs=0.005), user


def test_too_few_repeat_buyers_fail_with_the_models_name() -> None:
    summary = pa.table(
        {
            "as_of_date": ["2026-06-30"] * 3,
            "first_occasion_date": ["2026-06-01"] * 3,
            "frequency": [0, 1, 0],
            "recency_days": [0, 3, 0],
            "age_days": [29, 29, 10],
            "repeat_occasion_value": [0.0, 12.0, 0.0],
        }
    )
    with pytest.raises(M.LtvFitError, match="too few repeat"):
        ltv_steps.fit_table(summary)


def test_no_scored_account_gives_no_fit_and_no_prediction() -> None:
    empty = pa.table({"frequency": pa.array([], pa.int64())})
    assert ltv_steps.fit_table(empty).num_rows == 0
    assert ltv_steps.predictions_table(empty).num_rows == 0

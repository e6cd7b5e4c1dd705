"""ltv_model against the published CDNOW figures, 50-digit references and bad data.

CDNOW: the raw transactions of the 2,357-customer cohort and the published summary ship in
the `lifetimes` wheel (its data files only; its code is not imported). Published figures:
Fader, Hardie & Lee (2005) "Counting your customers the easy way" (BG/NBD), Fader & Hardie's
Pareto/NBD note and their CDNOW analyses, and "RFM and CLV: using iso-value curves"
(Gamma-Gamma).
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.metadata
import time
from pathlib import Path

import mpmath
import numpy as np
import pyarrow as pa
import pytest

from lottery_analytics import ltv_model as lm

CALIBRATION_END = dt.date(1997, 9, 30)
HOLDOUT_END = dt.date(1998, 6, 30)


def _dataset(name: str) -> Path:
    path = Path(str(importlib.metadata.distribution("lifetimes").locate_file(name)))
    if not path.exists():
        pytest.skip(f"lifetimes data file {name} not installed")
    return path


@pytest.fixture(scope="module")
def transactions() -> list[tuple[int, dt.date, float]]:
    # columns: master customer id, cohort customer id (1..2357), YYYYMMDD, CDs, dollar value
    rows = []
    for line in _dataset("lifetimes/datasets/CDNOW_sample.txt").read_text().splitlines():
        _, cid, day, _, value = line.split()
        rows.append((int(cid), dt.datetime.strptime(day, "%Y%m%d").date(), float(value)))
    return rows


@pytest.fixture(scope="module")
def summary(transactions: list[tuple[int, dt.date, float]]) -> lm.CustomerSummary:
    # 8 customers' only order is a $0.00 one; the published cohort of 2,357 counts them
    return lm.summarise_transactions(transactions, CALIBRATION_END, zero_value="occasion")


@pytest.fixture(scope="module")
def bgnbd(summary: lm.CustomerSummary) -> lm.ModelFit[lm.BgNbdParams]:
    return lm.fit_bgnbd(summary.x, summary.t_x, summary.T)


@pytest.fixture(scope="module")
def pareto(summary: lm.CustomerSummary) -> lm.ModelFit[lm.ParetoNbdParams]:
    return lm.fit_pareto_nbd(summary.x, summary.t_x, summary.T)


def _rounds_to(actual: float, published: str) -> bool:
    """`actual` rounds to the published figure at the digits it is published with."""
    decimals = len(published.partition(".")[2])
    return abs(actual - float(published)) <= 0.5 * 10**-decimals + 1e-12


def _rel(actual: float, expected: float) -> float:
    return abs(actual - expected) / abs(expected)


# ------------------------------------------------------------------------------ CDNOW


def test_cdnow_summary_matches_published_file(summary: lm.CustomerSummary) -> None:
    assert summary.x.size == 2357
    assert summary.x.sum() == 2457
    assert int((summary.x > 0).sum()) == 946
    # customer 1: occasions 1997-01-01, 01-18, 08-02 in calibration; T to 1997-09-30
    assert summary.customer_id[0] == 1
    assert summary.T[0] == pytest.approx(38.86, abs=0.005)
    assert summary.t_x[0] == pytest.approx(30.43, abs=0.005)
    assert summary.monetary[0] == pytest.approx((29.73 + 14.96) / 2)
    path = _dataset("lifetimes/datasets/cdnow_customers_summary_with_transactions.csv")
    with path.open(newline="") as handle:
        published = list(csv.DictReader(handle))
    assert [int(row["ID"]) for row in published] == summary.customer_id.tolist()
    for column, ours in (("x", summary.x), ("t_x", summary.t_x), ("T", summary.T)):
        theirs = np.array([float(row[column]) for row in published])
        np.testing.assert_allclose(ours, theirs, atol=0.005 + 1e-9, err_msg=column)
    zbar = np.array([float(row["zbar"]) for row in published])
    np.testing.assert_allclose(summary.monetary, zbar, atol=0.005 + 1e-9, err_msg="zbar")


def test_cdnow_zero_value_orders_excluded_by_default(
    transactions: list[tuple[int, dt.date, float]],
) -> None:
    default = lm.summarise_transactions(transactions, CALIBRATION_END)
    assert default.excluded_rows["non_positive_amount"] == 8
    assert default.excluded_customers["no_positive_order"] == 8
    assert default.x.size == 2357 - 8
    assert default.x.sum() == 2457


def test_cdnow_bgnbd_parameters(bgnbd: lm.ModelFit[lm.BgNbdParams]) -> None:
    assert bgnbd.converged
    assert bgnbd.n_customers == 2357
    assert bgnbd.n_repeat_customers == 946
    for got, published in zip(bgnbd.params, ("0.243", "4.414", "0.793", "2.426"), strict=True):
        assert _rounds_to(got, published)
    assert bgnbd.log_likelihood == pytest.approx(-9582.4, abs=0.05)


def test_cdnow_bgnbd_predictions(
    bgnbd: lm.ModelFit[lm.BgNbdParams], summary: lm.CustomerSummary
) -> None:
    expected = lm.bgnbd_expected_purchases(bgnbd.params, [1.0, 31.86, 78.0])
    for got, published in zip(expected, (0.0532, 1.0405, 1.8576), strict=True):
        assert _rel(got, published) < 1e-3
    assert lm.bgnbd_conditional_expected_purchases(
        bgnbd.params, 39.0, 2, 30.43, 38.86
    ) == pytest.approx(1.226, abs=5e-4)
    assert lm.bgnbd_p_alive(bgnbd.params, 2, 30.43, 38.86) == pytest.approx(0.727, abs=5e-4)
    # the paper's cumulative tracking: repeat purchases by week 78
    forecast = lm.bgnbd_expected_purchases(bgnbd.params, 78.0 - summary.first_purchase).sum()
    assert _rel(forecast, 4166) < 0.01
    assert summary.first_purchase.min() == 0  # cohort start 1997-01-01


def test_cdnow_actual_repeat_purchases_by_week_78(
    transactions: list[tuple[int, dt.date, float]],
) -> None:
    by_78 = lm.summarise_transactions(transactions, HOLDOUT_END, zero_value="occasion")
    assert by_78.x.sum() == 4339  # 2,457 in calibration + 1,882 in the holdout


def test_cdnow_pareto_nbd(pareto: lm.ModelFit[lm.ParetoNbdParams]) -> None:
    assert pareto.converged
    assert pareto.log_likelihood == pytest.approx(-9595.0, abs=0.05)
    for got, published in zip(pareto.params, (0.553, 10.578, 0.606, 11.669), strict=True):
        assert _rel(got, published) < 2e-3
    p_alive = lm.pareto_nbd_p_alive(pareto.params, 26, 30.86, 31.0)
    assert p_alive == pytest.approx(0.9979, abs=5e-5)
    purchases = lm.pareto_nbd_conditional_expected_purchases(pareto.params, 52.0, 26, 30.86, 31.0)
    assert purchases == pytest.approx(25.46, abs=5e-3)


def test_cdnow_gamma_gamma(summary: lm.CustomerSummary) -> None:
    gg = lm.fit_gamma_gamma(summary.x, summary.monetary)
    assert gg.converged
    assert gg.n_repeat_customers == 946
    assert gg.n_excluded == 2357 - 946
    for got, published in zip(gg.params, ("6.25", "3.74", "15.44"), strict=True):
        assert _rounds_to(got, published)
    value = lm.gamma_gamma_expected_value(gg.params, summary.x[0], summary.monetary[0])
    assert value == pytest.approx(24.65, abs=0.01)
    # x = 0: the population mean p gamma / (q - 1)
    p, q, gamma = gg.params
    assert lm.gamma_gamma_expected_value(gg.params, 0, 0.0) == pytest.approx(p * gamma / (q - 1))
    # reported beside the model: frequency and spend of repeat customers, Pearson r
    r = lm.monetary_frequency_correlation(summary.x, summary.monetary)
    assert r == pytest.approx(
        np.corrcoef(summary.x[summary.x > 0], summary.monetary[summary.x > 0])[0, 1]
    )
    assert abs(r) < 0.3


def test_fit_transactions_end_to_end(transactions: list[tuple[int, dt.date, float]]) -> None:
    table = pa.table(
        {
            "customer_id": [row[0] for row in transactions],
            "timestamp": pa.array(
                [dt.datetime.combine(row[1], dt.time(20, 30)) for row in transactions]
            ),
            "amount": [row[2] for row in transactions],
        }
    )
    fit = lm.fit_transactions(table, "1997-09-30", horizon=39.0, zero_value="occasion")
    assert fit.summary is not None
    assert fit.summary.x.size == 2357
    assert fit.bgnbd.log_likelihood == pytest.approx(-9582.4, abs=0.05)
    predictions = fit.predictions
    assert predictions.expected_purchases_bgnbd[0] == pytest.approx(1.226, abs=5e-4)
    assert predictions.p_alive_bgnbd[0] == pytest.approx(0.727, abs=5e-4)
    assert predictions.expected_value[0] == pytest.approx(24.65, abs=0.01)
    for values in vars(predictions).values():
        assert values.shape == (2357,)
        assert np.all(np.isfinite(values))


# ------------------------------------------------------------------------- large x


def _bgnbd_reference(params, t, x, t_x, T):  # type: ignore[no-untyped-def]
    """The published formulas (FHL 2005 eq. 10, 11) evaluated with mpmath at 50 digits."""
    with mpmath.workdps(50):
        r, alpha, a, b = (mpmath.mpf(v) for v in params)
        t, x, t_x, T = (mpmath.mpf(v) for v in (t, x, t_x, T))
        z = t / (alpha + T + t)
        numerator = (a + b + x - 1) / (a - 1)
        numerator *= 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * mpmath.hyp2f1(
            r + x, b + x, a + b + x - 1, z
        )
        denominator = mpmath.mpf(1)
        if x > 0:
            denominator += a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x)
        return numerator / denominator, 1 / denominator


def _pareto_reference(params, t, x, t_x, T):  # type: ignore[no-untyped-def]
    """Fader & Hardie's note (eq. 22, 24, 27): both alpha/beta cases, mpmath at 50 digits."""
    with mpmath.workdps(50):
        r, alpha, s, beta = (mpmath.mpf(v) for v in params)
        t, x, t_x, T = (mpmath.mpf(v) for v in (t, x, t_x, T))

        def a0(y):  # type: ignore[no-untyped-def]
            if alpha >= beta:
                f = mpmath.hyp2f1(r + s + x, s + 1, r + s + x + 1, (alpha - beta) / (alpha + y))
                return f / (alpha + y) ** (r + s + x)
            f = mpmath.hyp2f1(r + s + x, r + x, r + s + x + 1, (beta - alpha) / (beta + y))
            return f / (beta + y) ** (r + s + x)

        alive = 1 / ((alpha + T) ** (r + x) * (beta + T) ** s)
        bracket = alive + s / (r + s + x) * (a0(t_x) - a0(T))
        p_alive = alive / bracket
        log_l = (
            mpmath.loggamma(r + x)
            - mpmath.loggamma(r)
            + r * mpmath.log(alpha)
            + s * mpmath.log(beta)
            + mpmath.log(bracket)
        )
        rate = (r + x) * (beta + T) / ((alpha + T) * (s - 1))
        purchases = rate * (1 - ((beta + T) / (beta + T + t)) ** (s - 1)) * p_alive
        return p_alive, purchases, log_l


# players of several purchase days a week for years (weeks); t_x = T - a few weeks
LARGE_X = [(300, 145.0, 150.0), (1000, 250.0, 260.0), (3000, 515.0, 520.0), (10000, 1995.0, 2000.0)]
LARGE_X += [(300, 120.0, 150.0), (3000, 500.0, 520.0)]  # absent for a while
BGNBD_PLAYERS = [(2.0, 1.0, 1.2, 3000.0), (0.9, 0.3, 0.6, 800.0)]
PARETO_PLAYERS = [(2.0, 1.0, 0.7, 80.0), (2.0, 50.0, 0.6, 3.0), (1.5, 0.4, 1.4, 0.4)]


@pytest.mark.parametrize("params", BGNBD_PLAYERS)
@pytest.mark.parametrize(("x", "t_x", "T"), LARGE_X)
def test_bgnbd_large_x_against_mpmath(params, x, t_x, T) -> None:  # type: ignore[no-untyped-def]
    for t in (1.0, 52.0, 260.0):
        purchases, p_alive = _bgnbd_reference(params, t, x, t_x, T)
        got = lm.bgnbd_conditional_expected_purchases(params, t, x, t_x, T)
        assert np.isfinite(got)
        assert _rel(float(got), float(purchases)) <= 1e-8
        got_alive = lm.bgnbd_p_alive(params, x, t_x, T)
        assert _rel(float(got_alive), float(p_alive)) <= 1e-8
    ref_ll = _bgnbd_ll_reference(params, x, t_x, T)
    assert _rel(float(lm.bgnbd_log_likelihood(params, x, t_x, T)), float(ref_ll)) <= 1e-8


def _bgnbd_ll_reference(params, x, t_x, T):  # type: ignore[no-untyped-def]
    with mpmath.workdps(50):
        r, alpha, a, b = (mpmath.mpf(v) for v in params)
        x, t_x, T = (mpmath.mpf(v) for v in (x, t_x, T))
        head = mpmath.gamma(r + x) * alpha**r / mpmath.gamma(r)
        first = mpmath.beta(a, b + x) / mpmath.beta(a, b) * head / (alpha + T) ** (r + x)
        second = mpmath.beta(a + 1, b + x - 1) / mpmath.beta(a, b) * head
        second /= (alpha + t_x) ** (r + x)
        return mpmath.log(first + second)


def test_bgnbd_unconditional_against_mpmath() -> None:
    for params in [(0.243, 4.414, 0.793, 2.426), *BGNBD_PLAYERS]:
        for t in (1.0, 78.0, 520.0):
            # E[X(t)] is E[Y(t) | x = 0, T = 0]
            reference, _ = _bgnbd_reference(params, t, 0, 0, 0)
            got = lm.bgnbd_expected_purchases(params, t)
            assert _rel(float(got), float(reference)) <= 1e-8


@pytest.mark.parametrize("params", PARETO_PLAYERS)
@pytest.mark.parametrize(("x", "t_x", "T"), LARGE_X)
def test_pareto_nbd_large_x_against_mpmath(params, x, t_x, T) -> None:  # type: ignore[no-untyped-def]
    p_alive, purchases, log_l = _pareto_reference(params, 52.0, x, t_x, T)
    got_alive = lm.pareto_nbd_p_alive(params, x, t_x, T)
    got_purchases = lm.pareto_nbd_conditional_expected_purchases(params, 52.0, x, t_x, T)
    got_ll = lm.pareto_nbd_log_likelihood(params, x, t_x, T)
    assert np.all(np.isfinite([got_alive, got_purchases, got_ll]))
    assert _rel(float(got_alive), float(p_alive)) <= 1e-8
    assert _rel(float(got_purchases), float(purchases)) <= 1e-8
    assert _rel(float(got_ll), float(log_l)) <= 1e-8


# --------------------------------------------------------------------------- 1 M rows


def _simulate_bgnbd(n, r, alpha, a, b, max_days, seed):  # type: ignore[no-untyped-def]
    """(x, t_x, T) in weeks from the BG/NBD process, times in whole days (as the warehouse)."""
    rng = np.random.default_rng(seed)
    lam = rng.gamma(r, 1.0 / alpha, n)
    p = rng.beta(a, b, n)
    t_days = rng.integers(0, max_days + 1, n)
    arrivals = rng.poisson(lam * t_days / 7.0)  # repeat purchases of a never-dying player
    x = np.minimum(rng.geometric(p), arrivals)  # dies at its Geometric(p)-th repeat purchase
    # the x-th of `arrivals` uniform arrival times on (0, T]
    fraction = np.where(x > 0, rng.beta(np.maximum(x, 1), arrivals - x + 1), 0.0)
    t_x_days = np.minimum(np.round(fraction * t_days), t_days)
    return x.astype(float), t_x_days / 7.0, t_days / 7.0


@pytest.mark.parametrize("z", [0.0, 0.3, 0.9, 0.985, 0.995, 0.998])
@pytest.mark.parametrize(("b", "c"), [(0.5, 1.2), (1.0, 2.0), (50.0, 70.0), (300.0, 300.7)])
def test_log_hyp2f1_both_paths_against_mpmath(b: float, c: float, z: float) -> None:
    """scipy's hyp2f1 below SCIPY_HYP2F1_MAX_Z, the series above: both agree with mpmath."""
    assert 0.985 < lm.SCIPY_HYP2F1_MAX_Z < 0.995  # the grid has points on each side
    with mpmath.workdps(50):
        reference = float(mpmath.log(mpmath.hyp2f1(1, b, c, z)))
    got = float(lm._log_hyp2f1_1b(np.array([b]), np.array([c]), np.array([z]))[0])
    assert abs(got - reference) <= 1e-12 * max(1.0, abs(reference))


def test_bgnbd_fit_on_one_million_players() -> None:
    truth = (2.0, 1.0, 1.0, 200.0)
    x, t_x, T = _simulate_bgnbd(1_000_000, *truth, 3 * 365, seed=1)
    started = time.perf_counter()
    fit = lm.fit_bgnbd(x, t_x, T)
    elapsed = time.perf_counter() - started
    print(f"BG/NBD fit on 1,000,000 rows (mean x {x.mean():.0f}): {elapsed:.1f} s, {fit}")
    assert fit.converged
    assert fit.n_customers == 1_000_000
    for got, true in zip(fit.params, truth, strict=True):
        assert _rel(got, true) < 0.05


# --------------------------------------------------------------------------- bad data


def _bgnbd_transactions(n: int, seed: int) -> list[tuple[object, object, object]]:
    """A transaction log of `n` BG/NBD customers with Gamma-Gamma spend, one order a day."""
    rng = np.random.default_rng(seed)
    start = dt.date(2024, 1, 1)
    rows: list[tuple[object, object, object]] = []
    for customer in range(n):
        rate = rng.gamma(0.8, 1.0 / 2.0) / 7.0  # per day
        p = rng.beta(1.0, 4.0)
        nu = rng.gamma(3.0, 1.0 / 40.0)  # Gamma-Gamma: spend per occasion ~ Gamma(4, nu)
        first = int(rng.integers(0, 90))
        days, day = [first], float(first)
        while rate > 0 and len(days) < 200:
            day += rng.exponential(1.0 / rate)
            if day > 400:
                break
            days.append(int(day))
            if rng.random() < p:
                break
        for d in sorted(set(days)):
            rows.append(
                (customer, start + dt.timedelta(days=d), round(rng.gamma(4.0, 1.0 / nu), 2))
            )
    return rows


def test_bad_orders_excluded_and_counted() -> None:
    clean = _bgnbd_transactions(600, seed=3)
    end = dt.date(2024, 1, 1) + dt.timedelta(days=300)
    reference = lm.summarise_transactions(clean, end)
    first_day = {}
    for customer, day, _ in clean:
        first_day.setdefault(customer, day)
    dirty = list(clean)
    dirty.append((0, first_day[0], 0.0))  # zero value on an occasion day
    dirty.append((1, first_day[1] + dt.timedelta(days=1), -12.0))  # refund the next day
    dirty.append((2, first_day[2] + dt.timedelta(days=2), 0.0))  # zero value, own day
    dirty.append((9999, first_day[3], -5.0))  # a customer with only a refund
    dirty.append((9998, None, 5.0))  # missing timestamp
    dirty.append((9997, first_day[4], None))  # missing amount
    summary = lm.summarise_transactions(dirty, end)
    assert summary.excluded_rows["non_positive_amount"] == 4
    assert summary.excluded_rows["missing"] == 2
    assert summary.excluded_customers == {"no_positive_order": 1}
    for column in ("customer_id", "x", "t_x", "T", "monetary"):
        np.testing.assert_array_equal(getattr(summary, column), getattr(reference, column))

    # two orders on one day are one occasion worth their sum
    doubled = [*clean, (0, first_day[0], 7.0)]
    one_more = lm.summarise_transactions(doubled, end)
    np.testing.assert_array_equal(one_more.x, reference.x)
    np.testing.assert_array_equal(one_more.t_x, reference.t_x)
    if reference.x[0] == 0:  # the first occasion is not part of the repeat mean
        assert one_more.monetary[0] == reference.monetary[0]

    one_occasion = int(np.sum(summary.x == 0))
    assert 50 < one_occasion < 550
    fit = lm.fit_transactions(dirty, end, horizon=26.0)
    assert fit.bgnbd.n_customers == 600  # one-occasion customers stay in BG/NBD, Pareto/NBD
    assert fit.pareto_nbd.n_customers == 600
    assert fit.gamma_gamma.n_repeat_customers == 600 - one_occasion  # and leave Gamma-Gamma
    assert fit.gamma_gamma.n_excluded == one_occasion
    for values in vars(fit.predictions).values():
        assert np.all(np.isfinite(values))
    x0 = fit.summary.x == 0 if fit.summary is not None else None
    p, q, gamma = fit.gamma_gamma.params
    np.testing.assert_allclose(fit.predictions.expected_value[x0], p * gamma / (q - 1))


def test_days_unit_scales_times() -> None:
    rows = _bgnbd_transactions(50, seed=4)
    end = dt.date(2024, 6, 30)
    weeks = lm.summarise_transactions(rows, end)
    days = lm.summarise_transactions(rows, end, unit="days")
    np.testing.assert_allclose(days.T, weeks.T * 7)
    np.testing.assert_allclose(days.t_x, weeks.t_x * 7)
    assert np.all(np.round(days.T) == days.T)


def test_weights_equal_repeated_rows() -> None:
    x = np.array([0, 1, 2, 5, 3, 0, 7, 1, 2, 4, 6, 2])
    t_x = np.array([0, 3, 8, 20, 15, 0, 30, 2, 10, 18, 25, 4.0])
    T = np.array([30, 30, 31, 32, 33, 34, 35, 20, 21, 22, 40, 9.0])
    w = np.array([5, 3, 2, 1, 1, 4, 1, 2, 1, 1, 1, 2])
    weighted = lm.fit_bgnbd(x, t_x, T, w)
    repeated = lm.fit_bgnbd(np.repeat(x, w), np.repeat(t_x, w), np.repeat(T, w))
    np.testing.assert_allclose(weighted.params, repeated.params, rtol=1e-5)
    assert weighted.log_likelihood == pytest.approx(repeated.log_likelihood, rel=1e-9)


def test_too_few_repeat_customers_raise() -> None:
    x = np.array([0.0] * 50 + [1.0] * 3)
    t_x = np.array([0.0] * 50 + [2.0] * 3)
    T = np.full(53, 10.0)
    for fit in (lm.fit_bgnbd, lm.fit_pareto_nbd):
        with pytest.raises(lm.LtvFitError, match="too few repeat customers"):
            fit(x, t_x, T)
    with pytest.raises(lm.LtvFitError, match="Gamma-Gamma: too few repeat customers"):
        lm.fit_gamma_gamma(x, np.where(x > 0, 10.0, 0.0))


def test_invalid_summary_raises() -> None:
    with pytest.raises(lm.LtvFitError, match=r"BG/NBD: .*t_x <= T"):
        lm.fit_bgnbd([1.0] * 20, [5.0] * 20, [3.0] * 20)


def test_non_convergence_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lm, "_converged", lambda *args: False)
    x = np.arange(30.0) % 4
    t_x = np.where(x > 0, x * 2.0, 0.0)
    with pytest.raises(lm.LtvFitError, match="BG/NBD: the maximum-likelihood fit did not converge"):
        lm.fit_bgnbd(x, t_x, np.full(30, 12.0))

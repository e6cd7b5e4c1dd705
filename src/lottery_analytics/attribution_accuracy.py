"""How close is each attribution model to what marketing really caused?

On generated data the truth is known: `truth/marketing_days.parquet` holds, per paid
campaign and day, the spend and the first deposits (count, value) that the spend caused.
This module builds a warehouse on generated data, reads every attribution model's channel
figures from `marts.marketing_attribution` and scores them against the true incremental
figures, channel by channel (the paid channels: those with spend):

- `roas_mape`: mean absolute percentage error of channel ROAS (first-deposit value / spend);
- `roas_spearman`: Spearman rank correlation of the channels' ROAS with the true ones;
- `misallocated_spend_share`: an analyst who splits the budget across channels in
  proportion to their ROAS puts this share of it in other channels than the truth would
  (half the L1 distance between the two splits; 0 = same split, 1 = disjoint);
- `conversion_share_mae`: mean absolute error, in shares of all conversions, of each
  channel's credited conversions against the first deposits it really caused.

Models are ranked by `roas_mape` (then `misallocated_spend_share`). Two reference rows help
read the table: `truth` (the true figures scored against themselves: 0 error) and
`shuffled` (each model's credited value and conversions moved to another channel).

Money is in the warehouse's reporting currency: the truth's campaign currencies are
converted with the warehouse's own daily rates (`lookups.exchange_rates`), spend on its
date and first-deposit value on the deposit's date, as the warehouse converts them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from lottery_analytics.attribution import ATTRIBUTION_MODELS
from lottery_analytics.build_generated import BuildError, build_generated
from lottery_analytics.ltv_backtest import spearman

MODELS = ATTRIBUTION_MODELS
#: seed of the shuffled reference row's permutation
SHUFFLE_SEED = 20260101


class AccuracyError(Exception):
    """The scoring cannot run (the build failed, or there is nothing to score)."""


@dataclass(frozen=True)
class Figures:
    """One channel's (or campaign's) spend, conversions and first-deposit value."""

    spend: float
    conversions: float
    value: float

    @property
    def roas(self) -> float:
        return self.value / self.spend


TRUTH_SQL = """
with

rates as (
    select rate_date, currency, usd_per_unit from lookups.exchange_rates
),

reporting as (
    select rate_date, usd_per_unit from rates where currency = ?
),

days as (
    select * from read_parquet(?)
)

select
    days.{key} as key,
    sum(days.spend * rates.usd_per_unit / reporting.usd_per_unit) as spend,
    sum(days.incremental_first_deposits) as conversions,
    sum(days.incremental_first_deposit_value * rates.usd_per_unit / reporting.usd_per_unit)
        as value
from days
inner join rates
    on days.currency = rates.currency and days.date = rates.rate_date
inner join reporting
    on days.date = reporting.rate_date
group by 1
"""

MODEL_SQL = """
select
    attribution_model,
    {key} as key,
    sum(cast(spend as double)) as spend,
    sum(attributed_conversions) as conversions,
    sum(cast(attributed_revenue as double)) as value
from marts.marketing_attribution
where campaign_id is not null
group by 1, 2
"""


def truth_figures(
    con: duckdb.DuckDBPyConnection, truth_dir: Path, key: str = "channel", currency: str = "USD"
) -> dict[str, Figures]:
    """The true incremental figures per channel (or ``key='campaign_id'``)."""
    sql = TRUTH_SQL.format(key=key)
    rows = con.execute(sql, [currency, str(truth_dir / "marketing_days.parquet")]).fetchall()
    return {k: Figures(float(s), float(c), float(v)) for k, s, c, v in rows}


def model_figures(
    con: duckdb.DuckDBPyConnection, key: str = "channel"
) -> dict[str, dict[str, Figures]]:
    """Each attribution model's credited figures per channel (or campaign)."""
    out: dict[str, dict[str, Figures]] = {}
    for model, k, s, c, v in con.execute(MODEL_SQL.format(key=key)).fetchall():
        out.setdefault(model, {})[k] = Figures(float(s), float(c or 0), float(v or 0))
    return out


def total_conversions(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("select count(*) from intermediate.int_conversions").fetchone()[0])


def score(
    model: dict[str, Figures], truth: dict[str, Figures], conversions: int
) -> dict[str, float]:
    """The four figures of one model over the paid channels (truth spend > 0)."""
    channels = sorted(c for c, f in truth.items() if f.spend > 0)
    empty = Figures(0.0, 0.0, 0.0)
    true_roas = np.array([truth[c].roas for c in channels])
    got = [model.get(c, empty) for c in channels]
    roas = np.array([f.value / f.spend if f.spend > 0 else 0.0 for f in got])
    split_true = true_roas / true_roas.sum()
    split = roas / roas.sum() if roas.sum() > 0 else np.full(len(roas), 1 / len(roas))
    true_share = np.array([truth[c].conversions for c in channels]) / conversions
    share = np.array([f.conversions for f in got]) / conversions
    return {
        "roas_mape": float(np.mean(np.abs(roas - true_roas) / true_roas)),
        "roas_spearman": spearman(roas, true_roas),
        "misallocated_spend_share": float(0.5 * np.abs(split - split_true).sum()),
        "conversion_share_mae": float(np.mean(np.abs(share - true_share))),
    }


def shuffled(model: dict[str, Figures], seed: int = SHUFFLE_SEED) -> dict[str, Figures]:
    """The model's credited value and conversions moved to other channels (a derangement:
    no channel keeps its own), spend left where it is."""
    keys = sorted(model)
    rng = np.random.default_rng(seed)
    while True:
        perm = rng.permutation(len(keys))
        if len(keys) < 2 or not (perm == np.arange(len(keys))).any():
            break
    return {
        k: Figures(model[k].spend, model[keys[p]].conversions, model[keys[p]].value)
        for k, p in zip(keys, perm, strict=True)
    }


def rank(scores: dict[str, dict[str, float]]) -> list[str]:
    """Model names, best first."""
    return sorted(
        scores, key=lambda m: (scores[m]["roas_mape"], scores[m]["misallocated_spend_share"])
    )


def score_warehouse(database: Path, truth_dir: Path) -> dict[str, Any]:
    """Score every model in a built warehouse against the truth beside its data."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        truth = truth_figures(con, truth_dir)
        models = model_figures(con)
        conversions = total_conversions(con)
    finally:
        con.close()
    missing = [m for m in MODELS if m not in models]
    if missing:
        raise AccuracyError(f"marts.marketing_attribution has no rows for {missing}")
    if conversions == 0:
        raise AccuracyError("the warehouse has no conversion: generate more accounts")
    scores = {m: score(models[m], truth, conversions) for m in MODELS}
    scores["truth"] = score(truth, truth, conversions)
    scores["shuffled"] = score(shuffled(models["linear"]), truth, conversions)
    channels = {
        c: {
            "spend": round(f.spend, 2),
            "true_roas": round(f.roas, 4),
            "true_conversions": f.conversions,
            **{
                f"{m}_roas": round(models[m][c].roas, 4) if c in models[m] else None for m in MODELS
            },
        }
        for c, f in sorted(truth.items())
        if f.spend > 0
    }
    return {
        "conversions": conversions,
        "ranking": rank(scores),
        "scores": {m: {k: round(v, 4) for k, v in s.items()} for m, s in scores.items()},
        "channels": channels,
    }


def evaluate(
    root: Path, work: Path, *, accounts: int, start: dt.date, days: int, seed: int
) -> dict[str, Any]:
    """Generate, load and build `marketing_attribution` in ``work``, then score."""
    try:
        database = build_generated(
            root,
            work,
            accounts=accounts,
            start=start,
            days=days,
            seed=seed,
            select="+marketing_attribution",
        )
    except BuildError as exc:
        raise AccuracyError(str(exc)) from exc
    result = score_warehouse(database, work / "raw" / "truth")
    return {"data": f"{accounts} accounts, {days} days from {start}, seed {seed}", **result}

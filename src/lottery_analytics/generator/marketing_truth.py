"""The planted marketing truth: what each paid campaign spent and what its spend caused.

Written after the chunks, from the accounts truth (``caused_by_campaign``, signup, first
deposit) and the plan's budgets and response curves:

- ``marketing_days.parquet``: one row per paid campaign per day of the window: spend (as
  in funnel_spend before any dirt; retargeting and CRM spend too, and cause nothing), and
  the registrations and first deposits (count, value) its spend caused, each on its own
  UTC date (registrations on the signup date, first deposits on the deposit date), in the
  campaign's currency (a campaign belongs to one market, so spend and value share it).
- ``marketing_effects.parquet``: one row per paid campaign and one per channel
  (``campaign_id`` null) over the run: spend, incremental registrations, first deposits
  and their value, the true incremental ROAS (value / spend) and CPA (spend / first
  deposits), and the true marginal ROAS at the run's spend: the extra first-deposit value
  of one more unit of spend when the campaign's whole budget is scaled up a little, from
  the planted adstock and Hill curve (expected registrations) times the campaign's
  realised first-deposit value per incremental registration. Channel rows are in USD at
  the generator's fixed rates (``USD_PER``); campaign rows in the campaign's currency.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lottery_analytics.generator.campaigns import Plan, SpendRows
from lottery_analytics.generator.params import USD_PER
from lottery_analytics.generator.timeutil import DAY

#: relative budget change used for the marginal response (central difference)
MARGINAL_STEP = 0.01

DAYS_SCHEMA = pa.schema(
    [
        ("date", pa.date32()),
        ("campaign_id", pa.string()),
        ("channel", pa.string()),
        ("currency", pa.string()),
        ("spend", pa.float64()),
        ("incremental_registrations", pa.int64()),
        ("expected_incremental_registrations", pa.float64()),
        ("incremental_first_deposits", pa.int64()),
        ("incremental_first_deposit_value", pa.float64()),
    ]
)
EFFECTS_SCHEMA = pa.schema(
    [
        ("channel", pa.string()),
        ("campaign_id", pa.string()),
        ("currency", pa.string()),
        ("spend", pa.float64()),
        ("incremental_registrations", pa.int64()),
        ("incremental_first_deposits", pa.int64()),
        ("incremental_first_deposit_value", pa.float64()),
        ("incremental_roas", pa.float64()),
        ("incremental_cpa", pa.float64()),
        ("marginal_roas", pa.float64()),
    ]
)


def _day_index(ts: pa.ChunkedArray, t0: int) -> np.ndarray:
    """Window day of each timestamp[us] (-1 where null)."""
    sec = pc.fill_null(pc.cast(ts, pa.int64()), -1).to_numpy() // 1_000_000
    return np.where(sec >= 0, (sec - t0) // DAY, -1)


def write_marketing_truth(plan: Plan, spend_rows: SpendRows, truth_dir: Path) -> None:
    acc = pq.read_table(
        truth_dir / "accounts.parquet",
        columns=["caused_by_campaign", "signed_up_at", "first_deposit_at", "first_deposit_amount"],
    )
    index = {c.campaign_id: c.index for c in plan.campaigns}
    caused_ids = acc["caused_by_campaign"].to_pylist()
    caused = np.array([index[x] if x is not None else -1 for x in caused_ids], dtype=np.int64)
    reg_day = _day_index(acc["signed_up_at"], plan.t0)
    ftd_day = _day_index(acc["first_deposit_at"], plan.t0)
    value = pc.fill_null(pc.cast(acc["first_deposit_amount"], pa.float64()), 0.0).to_numpy()
    n_c, days = len(plan.campaigns), plan.days

    def grid(day: np.ndarray, weight: np.ndarray | None) -> np.ndarray:
        ok = (caused >= 0) & (day >= 0) & (day < days)
        flat = np.bincount(
            caused[ok] * days + day[ok],
            weights=None if weight is None else weight[ok],
            minlength=n_c * days,
        )
        return flat.reshape(n_c, days)

    spend_grid = np.zeros((n_c, days))
    np.add.at(spend_grid, (spend_rows.campaign, spend_rows.day), spend_rows.spend_cents / 100)
    regs = grid(reg_day, None)
    ftds = grid(ftd_day, None)
    ftd_value = grid(ftd_day, value)

    paid = [c for c in plan.campaigns if c.paid]
    rows: dict[str, list] = {f.name: [] for f in DAYS_SCHEMA}
    dates = np.array(plan.start, dtype="datetime64[D]") + np.arange(days)
    for c in paid:
        resp = plan.response.get(c.index)
        expected = resp.expected(plan.budget[:, c.index]) if resp else np.zeros(days)
        spend = spend_grid[c.index]
        rows["date"].extend(dates.tolist())
        rows["campaign_id"].extend([c.campaign_id] * days)
        rows["channel"].extend([c.channel] * days)
        rows["currency"].extend([c.currency] * days)
        rows["spend"].extend(np.round(spend, 2).tolist())
        rows["incremental_registrations"].extend(regs[c.index].astype(np.int64).tolist())
        rows["expected_incremental_registrations"].extend(expected.tolist())
        rows["incremental_first_deposits"].extend(ftds[c.index].astype(np.int64).tolist())
        rows["incremental_first_deposit_value"].extend(np.round(ftd_value[c.index], 2).tolist())
    pq.write_table(pa.table(rows, schema=DAYS_SCHEMA), truth_dir / "marketing_days.parquet")

    effects: dict[str, list] = {f.name: [] for f in EFFECTS_SCHEMA}
    by_channel: dict[str, list[float]] = {}

    def add(channel: str, campaign_id: str | None, currency: str, v: list[float]) -> None:
        spend, n_reg, n_ftd, val, marginal_value = v
        effects["channel"].append(channel)
        effects["campaign_id"].append(campaign_id)
        effects["currency"].append(currency)
        effects["spend"].append(round(spend, 2))
        effects["incremental_registrations"].append(int(n_reg))
        effects["incremental_first_deposits"].append(int(n_ftd))
        effects["incremental_first_deposit_value"].append(round(val, 2))
        effects["incremental_roas"].append(val / spend if spend > 0 else None)
        effects["incremental_cpa"].append(spend / n_ftd if n_ftd > 0 else None)
        effects["marginal_roas"].append(marginal_value / spend if spend > 0 else None)

    for c in paid:
        # retargeting and CRM spend too, but cause no signup
        spend = float(spend_grid[c.index].sum())
        n_reg, n_ftd = float(regs[c.index].sum()), float(ftds[c.index].sum())
        val = float(ftd_value[c.index].sum())
        marginal_value = 0.0
        resp = plan.response.get(c.index)
        if resp is not None and n_reg > 0:
            b = plan.budget[:, c.index]
            up = resp.expected(b, 1 + MARGINAL_STEP).sum()
            down = resp.expected(b, 1 - MARGINAL_STEP).sum()
            # d(regs)/d(scale) * value per registration = extra value of scaling the
            # budget; divided by the spend (d spend / d scale) in add()
            marginal_value = (up - down) / (2 * MARGINAL_STEP) * val / n_reg
        v = [spend, n_reg, n_ftd, val, marginal_value]
        add(c.channel, c.campaign_id, c.currency, v)
        usd = USD_PER[c.currency]
        acc_v = by_channel.setdefault(c.channel, [0.0] * 5)
        for i, (x, per) in enumerate(zip(v, (usd, 1, 1, usd, usd), strict=True)):
            acc_v[i] += x * per
    for channel, v in by_channel.items():
        if v[0] > 0:
            add(channel, None, "USD", v)
    pq.write_table(
        pa.table(effects, schema=EFFECTS_SCHEMA), truth_dir / "marketing_effects.parquet"
    )

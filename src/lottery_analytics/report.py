"""The answers to the business questions, printed as tables.

Every figure comes from the project's analyses (analyses/*.sql, compiled by dbt), so the
demo shows exactly what an analyst gets by running them: nothing here recomputes a rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
from rich.console import Console
from rich.table import Table

from lottery_analytics.attribution import ATTRIBUTION_MODELS
from lottery_analytics.errors import LotteryError

ANALYSES = (
    "roas_by_campaign_and_channel",
    "time_to_first_purchase",
    "high_jackpot_channel_effectiveness",
    "most_valuable_players",
)
NONE = "-"  # shown for a null figure


class ReportError(LotteryError):
    """The analyses cannot be read or run against the warehouse."""


@dataclass
class Rows:
    columns: list[str]
    rows: list[dict[str, Any]]


def compiled_analysis(target_path: Path, name: str) -> str:
    path = target_path / "compiled" / "lottery_analytics" / "analyses" / f"{name}.sql"
    if not path.is_file():
        raise ReportError(f"{path} is missing: run `dbt compile -s path:analyses` first")
    return path.read_text(encoding="utf-8")


def run_analyses(database: Path, target_path: Path) -> dict[str, Rows]:
    """Run every compiled analysis against the DuckDB warehouse (read-only)."""
    results: dict[str, Rows] = {}
    con = duckdb.connect(str(database), read_only=True)
    try:
        for name in ANALYSES:
            cursor = con.execute(compiled_analysis(target_path, name))
            columns = [d[0] for d in cursor.description]
            results[name] = Rows(
                columns, [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]
            )
    except duckdb.Error as exc:
        raise ReportError(f"running the analyses on {database}: {exc}") from exc
    finally:
        con.close()
    return results


def _money(value: Any) -> str:
    return NONE if value is None else f"{Decimal(value):,.0f}"


def _ratio(value: Any, digits: int = 2) -> str:
    return NONE if value is None else f"{float(value):.{digits}f}"


def _share(value: Any) -> str:
    """A percentage, whole above 1 %; below, one decimal, so that 1 player of 364 reads
    "0.3%" rather than "0%"."""
    if value is None:
        return NONE
    share = float(value)
    return f"{share:.1%}" if 0 < abs(share) < 0.0095 else f"{share:.0%}"


def _share_of(value: Any, count: Any) -> str:
    """A rate with the number of players it is over: "82% of 11" ("-" over none)."""
    if value is None or not count:
        return NONE
    return f"{_share(value)} of {_int(count)}"


def _int(value: Any) -> str:
    return NONE if value is None else f"{int(value):,}"


def _table(
    title: str, headers: Sequence[str], caption: str | None = None, text_columns: int = 1
) -> Table:
    """A table whose first `text_columns` columns are text (left), the rest figures."""
    table = Table(title=title, title_justify="left", caption=caption, caption_justify="left")
    for i, header in enumerate(headers):
        table.add_column(header, justify="left" if i < text_columns else "right")
    return table


def roas_tables(rows: Rows, currency: str, top: int = 5) -> list[Table]:
    """Channel ROAS per attribution model, then the top campaigns by ROAS per model."""
    channel_rows = [r for r in rows.rows if r["row_level"] == "channel"]
    channels = sorted({r["channel"] for r in channel_rows})
    by_key = {(r["channel"], r["attribution_model"]): r for r in channel_rows}
    channel_table = _table(
        "Return on ad spend by channel (first-deposit revenue / spend)",
        ["channel", f"spend ({currency})", *ATTRIBUTION_MODELS],
        "ROAS per attribution model; - where the channel has no spend.",
    )
    for channel in channels:
        spend = by_key.get((channel, "linear"), {}).get("spend")
        channel_table.add_row(
            channel,
            _money(spend),
            *(_ratio(by_key.get((channel, m), {}).get("roas")) for m in ATTRIBUTION_MODELS),
        )
    campaign_table = _table(
        f"Top {top} campaigns by ROAS under each attribution model",
        ["model", "campaign", "channel", f"spend ({currency})", "conversions", "ROAS", "category"],
        text_columns=3,
    )
    for model in ATTRIBUTION_MODELS:
        ranked = sorted(
            (
                r
                for r in rows.rows
                if r["row_level"] == "campaign"
                and r["attribution_model"] == model
                and r["roas"] is not None
            ),
            key=lambda r: (-float(r["roas"]), r["campaign_id"]),
        )[:top]
        for i, r in enumerate(ranked):
            campaign_table.add_row(
                model if i == 0 else "",
                r["campaign_id"],
                r["channel"],
                _money(r["spend"]),
                _ratio(r["attributed_conversions"], 1),
                _ratio(r["roas"]),
                r["performance_category"],
            )
        campaign_table.add_section()
    return [channel_table, campaign_table]


def time_to_first_purchase_table(rows: Rows) -> Table:
    table = _table(
        "Days from signup to first ticket",
        ["group", "accounts", "purchasers", "median", "p75", "p90", "same day", "≤ 7 days"],
        "Nearest-rank percentiles of UTC calendar days, over purchasers.",
    )
    for dimension, label in (("customer_segment", "segment"), ("acquisition_channel", "channel")):
        for r in (r for r in rows.rows if r["dimension"] == dimension):
            table.add_row(
                f"{label}: {r['group_value']}",
                _int(r["account_count"]),
                _int(r["purchasers"]),
                _int(r["median_days"]),
                _int(r["p75_days"]),
                _int(r["p90_days"]),
                _share(r["same_day_share"]),
                _share(r["within_7_days_share"]),
            )
        table.add_section()
    return table


def high_jackpot_table(rows: Rows, currency: str) -> Table:
    table = _table(
        "High-jackpot players by acquisition channel",
        [
            "channel",
            "accounts",
            "purchasers",
            "high-jackpot share",
            "repeat 90d: high-jackpot",
            "repeat 90d: other",
            f"CPA ({currency})",
            "ROAS",
        ],
        'Repeat rates over the players (counted after "of") whose 90-day window has closed'
        " by the as-of date. High-jackpot = first ticket on a big draw: ordinary players who"
        " start in a hot period dilute the chasers' rate (docs: high_jackpot_reading).",
    )
    for r in rows.rows:
        table.add_row(
            r["acquisition_channel"],
            _int(r["accounts_acquired"]),
            _int(r["purchasers"]),
            _share(r["high_jackpot_share"]),
            _share_of(r["repeat_rate_high_jackpot"], r["high_jackpot_players_observable"]),
            _share_of(r["repeat_rate_other"], r["other_purchasers_observable"]),
            _money(r["cost_per_depositor"]),
            _ratio(r["roas"]),
        )
    return table


def vip_table(rows: Rows, currency: str) -> Table:
    table = _table(
        "VIP tiers",
        [
            "tier",
            "players",
            "share",
            f"ticket spend ({currency})",
            "share of spend",
            f"predicted 12 m ({currency})",
            "per player",
        ],
    )
    for r in rows.rows:
        table.add_row(
            r["vip_tier"],
            _int(r["players"]),
            _share(r["player_share"]),
            _money(r["lifetime_ticket_amount"]),
            _share(r["ticket_amount_share"]),
            _money(r["predicted_ltv_12m"]),
            _money(r["mean_predicted_ltv_12m"]),
        )
    return table


def print_answers(results: dict[str, Rows], console: Console, currency: str = "USD") -> None:
    for table in roas_tables(results["roas_by_campaign_and_channel"], currency):
        console.print(table)
    console.print(time_to_first_purchase_table(results["time_to_first_purchase"]))
    console.print(high_jackpot_table(results["high_jackpot_channel_effectiveness"], currency))
    console.print(vip_table(results["most_valuable_players"], currency))

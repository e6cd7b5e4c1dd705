"""The printed answers: figures shown as an analyst should read them (hand-made rows)."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console

from lottery_analytics.report import Rows, high_jackpot_table


def _rendered(rows: list[dict[str, object]]) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(high_jackpot_table(Rows(list(rows[0]), rows), "USD"))
    return console.export_text()


def _channel(name: str, **figures: object) -> dict[str, object]:
    row: dict[str, object] = {
        "acquisition_channel": name,
        "accounts_acquired": 40,
        "purchasers": 20,
        "high_jackpot_share": 0.5,
        "cost_per_depositor": Decimal("120.40"),
        "roas": 0.35,
    }
    row.update(figures)
    return row


def test_repeat_rates_are_shown_with_the_players_they_are_over() -> None:
    text = _rendered(
        [
            # 9 of 11 high-jackpot players came back (82 %), 1 of 1 other player
            _channel(
                "paid_search",
                repeat_rate_high_jackpot=9 / 11,
                high_jackpot_players_observable=11,
                repeat_rate_other=1.0,
                other_purchasers_observable=1,
            ),
            # nobody's window has closed: no rate, not "0 %"
            _channel(
                "email",
                repeat_rate_high_jackpot=None,
                high_jackpot_players_observable=0,
                repeat_rate_other=None,
                other_purchasers_observable=0,
            ),
        ]
    )
    search = next(line for line in text.splitlines() if "paid_search" in line)
    assert "82% of 11" in search
    assert "100% of 1" in search
    email = next(line for line in text.splitlines() if "email" in line)
    assert " of " not in email
    assert email.count(" - ") >= 2
    assert "counted after" in text

"""The printed answers: figures shown as an analyst should read them (hand-made rows)."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console

from lottery_analytics.report import Rows, high_jackpot_table, vip_table


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


def test_small_shares_keep_a_decimal_instead_of_reading_zero() -> None:
    rows = [
        # 1 Diamond player of 364 (0.27 %) holding 24 % of the spend; 3 Gold (0.82 %)
        {
            "vip_tier": "Diamond",
            "players": 1,
            "player_share": 1 / 364,
            "lifetime_ticket_amount": Decimal("9339"),
            "ticket_amount_share": 0.24,
            "predicted_ltv_12m": Decimal("20274"),
            "mean_predicted_ltv_12m": Decimal("20274"),
        },
        {
            "vip_tier": "Gold",
            "players": 3,
            "player_share": 3 / 364,
            "lifetime_ticket_amount": Decimal("4636"),
            "ticket_amount_share": 0.12,
            "predicted_ltv_12m": Decimal("8864"),
            "mean_predicted_ltv_12m": Decimal("2955"),
        },
        {
            "vip_tier": "Standard",
            "players": 0,
            "player_share": 0.0,
            "lifetime_ticket_amount": Decimal("0"),
            "ticket_amount_share": 0.0,
            "predicted_ltv_12m": Decimal("0"),
            "mean_predicted_ltv_12m": None,
        },
    ]
    console = Console(width=200, record=True, color_system=None)
    console.print(vip_table(Rows(list(rows[0]), rows), "USD"))
    lines = console.export_text().splitlines()
    diamond = next(line for line in lines if "Diamond" in line)
    gold = next(line for line in lines if "Gold" in line)
    standard = next(line for line in lines if "Standard" in line)
    assert "0.3%" in diamond and "24%" in diamond
    assert "0.8%" in gold and "12%" in gold
    assert " 0% " in standard

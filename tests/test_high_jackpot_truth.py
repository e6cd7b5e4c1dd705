"""The high-jackpot question against the generator's truth (marts issue).

The generator plants jackpot chasers: registrations that come in hot periods, first play
the biggest jackpot and churn faster (10 % still playing after a year, against 30 %). The
warehouse never sees that flag. It calls a player "high-jackpot" when the first ticket was
for a draw of at least `high_jackpot_threshold` (the contract's rule). If the rule answers
the question, the players it picks hold far more chasers than the others and it finds most
chasers; and the warehouse's 90-day repeat measure shows that chasers come back less.
Printed with it: the same figures for "mostly high-jackpot play" and the mart's repeat rates
by its flag, which ordinary players who start in a hot period dilute (doc block
`high_jackpot_reading`; `lottery_analytics.high_jackpot_check`).
"""

from __future__ import annotations

from collections.abc import Callable

from conftest import GeneratedWarehouse

from lottery_analytics.high_jackpot_check import evaluate


def _describe(name: str, f: dict) -> str:
    return (
        f"{name}: {f['chaser_share_flagged']:.1%} of {f['flagged']} flagged are chasers "
        f"(others {f['chaser_share_other']:.1%}), {f['chasers_flagged']:.1%} of chasers "
        f"flagged, 90-day repeat flagged {f['repeat_90d_flagged']['rate']:.1%} vs other "
        f"{f['repeat_90d_other']['rate']:.1%}, channel correlation {f['channel_correlation']}"
    )


def test_high_jackpot_players_are_mostly_where_the_chasers_are(
    generated_warehouse: GeneratedWarehouse, report_figure: Callable[[str], None]
) -> None:
    figures = evaluate(generated_warehouse.query, generated_warehouse.truth_dir)
    flag = figures["first_ticket_on_high_jackpot_draw"]
    chasers, others = (figures["repeat_90d_by_truth"][k] for k in ("chasers", "others"))
    report_figure(_describe("high-jackpot player", flag))
    report_figure(_describe("mostly high-jackpot play", figures["mostly_high_jackpot_play"]))
    report_figure(
        f"90-day repeat by the truth: chasers {chasers['rate']:.1%} of {chasers['observable']},"
        f" others {others['rate']:.1%} of {others['observable']}"
    )
    assert flag["flagged"] > 0 and flag["chaser_share_other"] is not None
    assert flag["chaser_share_flagged"] >= 3 * flag["chaser_share_other"]  # concentrates them
    assert flag["chasers_flagged"] >= 0.75  # chasers first play the biggest jackpot
    # the warehouse's repeat measure sees the planted churn when grouped by the truth
    assert chasers["observable"] >= 50
    assert chasers["rate"] <= others["rate"] - 0.10

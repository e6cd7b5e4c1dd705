"""The high-jackpot question against the generator's truth (marts issue).

The generator plants jackpot chasers: registrations that come in hot periods, first play
the biggest jackpot and churn faster (10 % still playing after a year, against 30 %). The
warehouse never sees that flag. It calls a player "high-jackpot" when the first ticket was
for a draw of at least `high_jackpot_threshold` (the contract's rule). If the rule answers
the question, the players it picks hold far more chasers than the others, it finds most
chasers, and the warehouse's 90-day repeat measure shows that chasers come back less.
Printed with it: the mart's own repeat rates by its flag, which the ordinary players who
happen to start in a hot period dilute (doc block `high_jackpot_reading`).
"""

from __future__ import annotations

from collections.abc import Callable

from conftest import GeneratedWarehouse

PLAYERS_SQL = """
select
    count(*) filter (where customer.is_high_jackpot_player),
    avg(truth.is_jackpot_chaser::int) filter (where customer.is_high_jackpot_player),
    avg(truth.is_jackpot_chaser::int) filter (where not customer.is_high_jackpot_player),
    count(*) filter (where truth.is_jackpot_chaser),
    avg(customer.is_high_jackpot_player::int) filter (where truth.is_jackpot_chaser)
from marts.dim_customer as customer
inner join read_parquet('{truth}/accounts.parquet') as truth
    on customer.user_id = truth.user_id
where customer.is_purchaser and truth.is_valid
"""

REPEAT_BY_TRUTH_SQL = """
select
    truth.is_jackpot_chaser,
    count(*),
    avg(customer.has_repeat_purchase_in_window::int)
from marts.dim_customer as customer
inner join read_parquet('{truth}/accounts.parquet') as truth
    on customer.user_id = truth.user_id
where customer.is_repeat_window_observable and truth.is_valid
group by all
"""

REPEAT_BY_FLAG_SQL = """
select
    sum(high_jackpot_players_observable),
    sum(high_jackpot_repeaters) / sum(high_jackpot_players_observable),
    sum(other_purchasers_observable),
    sum(other_repeaters) / sum(other_purchasers_observable)
from marts.high_jackpot_analysis
"""


def test_high_jackpot_players_are_mostly_where_the_chasers_are(
    generated_warehouse: GeneratedWarehouse, report_figure: Callable[[str], None]
) -> None:
    truth = generated_warehouse.truth_dir
    n_high, among_high, among_other, chasers, found = generated_warehouse.query(
        PLAYERS_SQL.format(truth=truth)
    )[0]
    by_truth = {
        chaser: (n, rate)
        for chaser, n, rate in generated_warehouse.query(REPEAT_BY_TRUTH_SQL.format(truth=truth))
    }
    n_hi_obs, repeat_high, n_other_obs, repeat_other = generated_warehouse.query(
        REPEAT_BY_FLAG_SQL
    )[0]
    report_figure(
        f"high-jackpot players: {among_high:.1%} of {n_high} are planted chasers "
        f"(other purchasers {among_other:.1%}); {found:.1%} of {chasers} chasers flagged; "
        f"90-day repeat by the truth: chasers {by_truth[True][1]:.1%} of {by_truth[True][0]}, "
        f"others {by_truth[False][1]:.1%} of {by_truth[False][0]}; by the mart's flag: "
        f"high-jackpot {float(repeat_high):.1%} of {n_hi_obs}, "
        f"other {float(repeat_other):.1%} of {n_other_obs}"
    )
    assert among_high >= 3 * among_other  # the flag concentrates the chasers
    assert found >= 0.75  # chasers first play the biggest jackpot, in hot periods
    # the warehouse's repeat measure sees the planted churn when grouped by the truth
    assert by_truth[True][0] >= 50
    assert by_truth[True][1] <= by_truth[False][1] - 0.10

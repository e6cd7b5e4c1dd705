"""How well the warehouse picks out the jackpot chasers the generator planted.

The generator marks some registrations as jackpot chasers (truth `accounts.is_jackpot_chaser`):
they come in hot periods, first play the biggest jackpot and churn faster. The warehouse
never sees that mark. Two observable flags are scored against it, over purchasers:

* the contract's **high-jackpot player** (`dim_customer.is_high_jackpot_player`: the first
  ticket was for a high-jackpot draw);
* **mostly high-jackpot play**: at least 90 % of the player's tickets were for high-jackpot
  draws (`customer_ltv_scoring.regular_draw_purchase_share <= 0.1`).

For each: how many players it flags, the chaser share among them and among the others
(precision and its baseline), the share of chasers it flags (recall), the 90-day repeat rates
of flagged and other players whose window is observable, and the correlation over channels
(with at least `MIN_CHANNEL_PURCHASERS` purchasers) of the flagged share with the true chaser
share. Besides: the 90-day repeat rates of chasers and of the others, grouped by the truth.
Used by `tests/test_high_jackpot_truth.py` and `benchmarks/high_jackpot_check.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

#: flag name -> its SQL over `customer` (dim_customer) and `scoring` (customer_ltv_scoring)
FLAGS = {
    "first_ticket_on_high_jackpot_draw": "customer.is_high_jackpot_player",
    "mostly_high_jackpot_play": "coalesce(scoring.regular_draw_purchase_share <= 0.1, false)",
}
MIN_CHANNEL_PURCHASERS = 30

_PLAYERS = """
players as (
    select
        customer.acquisition_channel,
        truth.is_jackpot_chaser as is_chaser,
        customer.is_repeat_window_observable as is_observable,
        customer.has_repeat_purchase_in_window as has_repeat,
        {flag} as is_flagged
    from marts.dim_customer as customer
    inner join read_parquet('{truth}/accounts.parquet') as truth
        on customer.user_id = truth.user_id
    left join marts.customer_ltv_scoring as scoring
        on customer.user_id = scoring.user_id
    where customer.is_purchaser and truth.is_valid
)
"""

_FLAG_SQL = (
    "with"
    + _PLAYERS
    + """,
channels as (
    select
        avg(is_flagged::int) as flagged_share,
        avg(is_chaser::int) as chaser_share
    from players
    group by acquisition_channel
    having count(*) >= {min_channel}
)

select
    count(*) filter (where is_flagged),
    avg(is_chaser::int) filter (where is_flagged),
    avg(is_chaser::int) filter (where not is_flagged),
    avg(is_flagged::int) filter (where is_chaser),
    count(*) filter (where is_flagged and is_observable),
    avg(has_repeat::int) filter (where is_flagged and is_observable),
    count(*) filter (where not is_flagged and is_observable),
    avg(has_repeat::int) filter (where not is_flagged and is_observable),
    (select corr(flagged_share, chaser_share) from channels),
    (select count(*) from channels)
from players
"""
)

_TRUTH_SQL = (
    "with"
    + _PLAYERS
    + """
select
    is_chaser,
    count(*) filter (where is_observable),
    avg(has_repeat::int) filter (where is_observable)
from players
group by is_chaser
"""
)


def _num(v: object, digits: int = 3) -> float | None:
    return None if v is None else round(float(v), digits)  # type: ignore[arg-type]


def evaluate(query: Callable[[str], list[tuple]], truth_dir: Path) -> dict[str, Any]:
    """The figures above, from a built warehouse (``query`` runs SQL on it) and the truth."""
    out: dict[str, Any] = {"purchasers_min_per_channel": MIN_CHANNEL_PURCHASERS}
    for name, flag in FLAGS.items():
        sql = _FLAG_SQL.format(flag=flag, truth=truth_dir, min_channel=MIN_CHANNEL_PURCHASERS)
        row = query(sql)[0]
        out[name] = {
            "flagged": row[0],
            "chaser_share_flagged": _num(row[1]),
            "chaser_share_other": _num(row[2]),
            "chasers_flagged": _num(row[3]),
            "repeat_90d_flagged": {"observable": row[4], "rate": _num(row[5])},
            "repeat_90d_other": {"observable": row[6], "rate": _num(row[7])},
            "channel_correlation": _num(row[8]),
            "channels": row[9],
        }
    by_truth = {
        bool(chaser): {"observable": n, "rate": _num(rate)}
        for chaser, n, rate in query(_TRUTH_SQL.format(flag="false", truth=truth_dir))
    }
    out["repeat_90d_by_truth"] = {"chasers": by_truth[True], "others": by_truth[False]}
    return out

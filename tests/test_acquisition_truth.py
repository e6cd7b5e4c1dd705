"""dim_customer's acquisition channel against the generator's truth (marts issue).

Of valid accounts whose true first touch was tracked (a campaign-tagged web visit present in
web_events), the share whose `acquisition_channel` is the true one must be at least 97 %.
Printed with it: the share lost because the first touch's cookie was never stitched to the
account, the share lost because the tagged visit was not a session's landing, and the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from conftest import GeneratedWarehouse

FIGURES_SQL = """
with

truth as (
    select * from read_parquet('{truth}/accounts.parquet')
    where is_valid and first_touch_tracked
),

joined as (
    select
        truth.user_id,
        truth.acquisition_channel as true_channel,
        customer.acquisition_channel,
        stitching.user_id as first_touch_cookie_owner,
        landing.session_id is not null as first_touch_is_a_landing
    from truth
    inner join marts.dim_customer as customer on truth.user_id = customer.user_id
    left join intermediate.int_identity_stitching as stitching
        on truth.first_touch_anonymous_id = stitching.anonymous_id
    left join intermediate.int_sessions as landing
        on
            truth.first_touch_anonymous_id = landing.anonymous_id
            and truth.first_touch_at = landing.session_start_at
            and landing.is_marketing_touch
)

select
    count(*) as tracked,
    count(*) filter (where acquisition_channel = true_channel) as right,
    count(*) filter (
        where acquisition_channel <> true_channel
        and coalesce(first_touch_cookie_owner, '') <> user_id
    ) as lost_unstitched,
    count(*) filter (
        where acquisition_channel <> true_channel
        and first_touch_cookie_owner = user_id
        and not first_touch_is_a_landing
    ) as lost_not_a_landing
from joined
"""


def test_acquisition_channel_matches_truth(
    generated_warehouse: GeneratedWarehouse, report_figure: Callable[[str], None]
) -> None:
    tracked, right, unstitched, not_landing = generated_warehouse.query(
        FIGURES_SQL.format(truth=generated_warehouse.truth_dir)
    )[0]
    other = tracked - right - unstitched - not_landing
    report_figure(
        f"acquisition channel right for {right / tracked:.2%} of {tracked} accounts whose "
        f"first touch was tracked; lost to never-stitched cookies {unstitched / tracked:.2%}, "
        f"to tagged visits that were not a session's landing {not_landing / tracked:.2%}, "
        f"other {other / tracked:.2%}"
    )
    assert tracked > 1000
    assert right / tracked >= 0.97

"""Identity stitching against the generator's truth (issue: staging, stitching, sessions).

Precision: of non-bot events given a person, the share given their real person.
Recall: of non-bot events whose real person could be known (their cookie met an account),
the share given that person. Cookies with one real owner must be nearly perfect; on shared
cookies the contract's rule ("the account created on the cookie, else the first account seen
logged in") necessarily gives some anonymous events to the wrong person: that figure is
reported apart and compared with the "last account seen wins" rule of common packages.
"""

from __future__ import annotations

from collections.abc import Callable

from conftest import GeneratedWarehouse

FIGURES_SQL = """
with

truth_events as (
    select * from read_parquet('{truth}/events.parquet')
),

owners as (
    select anonymous_id, count(distinct person_id) as owner_count
    from read_parquet('{truth}/cookies.parquet')
    group by anonymous_id
),

last_login as (
    select anonymous_id, arg_max(user_id, event_at) as last_user_id
    from intermediate.int_web_events_identified
    where user_id is not null
    group by anonymous_id
),

events as (
    select
        identified.event_id,
        coalesce(identified.user_id, stitching.user_id) as person_id,
        identified.user_id,
        coalesce(identified.user_id, last_login.last_user_id) as last_seen_person_id,
        truth_events.person_id as true_person_id,
        case when owners.owner_count > 1 then 'shared' else 'single' end as cookie_kind,
        stitching.anonymous_id is not null as cookie_met_an_account
    from intermediate.int_web_events_identified as identified
    inner join truth_events on identified.event_id = truth_events.event_id
    left join owners on identified.anonymous_id = owners.anonymous_id
    left join intermediate.int_identity_stitching as stitching
        on identified.anonymous_id = stitching.anonymous_id
    left join last_login on identified.anonymous_id = last_login.anonymous_id
    where not truth_events.is_bot
)

select
    cookie_kind,
    count(*) filter (where person_id is not null) as given,
    count(*) filter (where person_id = true_person_id) as given_right,
    count(*) filter (where cookie_met_an_account) as knowable,
    count(*) filter (where cookie_met_an_account and person_id = true_person_id)
        as knowable_right,
    count(*) filter (where cookie_met_an_account and user_id is null) as anonymous_knowable,
    count(*) filter (
        where cookie_met_an_account and user_id is null and person_id = true_person_id
    ) as anonymous_right_first_rule,
    count(*) filter (
        where cookie_met_an_account and user_id is null and last_seen_person_id = true_person_id
    ) as anonymous_right_last_rule
from events
group by cookie_kind
order by cookie_kind
"""


def test_identity_precision_and_recall_against_truth(
    generated_warehouse: GeneratedWarehouse, report_figure: Callable[[str], None]
) -> None:
    rows = generated_warehouse.query(FIGURES_SQL.format(truth=generated_warehouse.truth_dir))
    figures = {row[0]: row[1:] for row in rows}
    for kind, (given, given_right, knowable, knowable_right, anon, first_ok, last_ok) in sorted(
        figures.items()
    ):
        report_figure(
            f"{kind} cookies: precision {given_right / given:.4%} ({given_right}/{given}), "
            f"recall {knowable_right / knowable:.4%} ({knowable_right}/{knowable}); "
            f"anonymous events right: contract rule {first_ok / anon:.2%}, "
            f"last-account-seen rule {last_ok / anon:.2%} (of {anon})"
        )
    given, given_right, knowable, knowable_right, *_ = figures["single"]
    assert given > 10_000 and knowable > 10_000
    assert given_right / given >= 0.995
    assert knowable_right / knowable >= 0.99
    shared = figures["shared"]
    assert shared[5] > 0, "the generator plants shared cookies with anonymous events"
    assert shared[1] / shared[0] < 1.0, "on shared cookies the rule must miss some events"

"""The attribution scoring on one generated seed: it ranks the truth first and shuffled
credits last, and the planted touches that cause nothing show: last touch over-credits
brand search and affiliates against what they really caused.

The expected values are the truth the generator planted (truth/marketing_days.parquet),
never the warehouse's output."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from lottery_analytics import attribution_accuracy as A
from lottery_analytics.build_generated import build_generated

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("attribution_accuracy")
    database = build_generated(
        ROOT,
        work,
        accounts=10_000,
        start=dt.date(2025, 1, 1),
        days=365,
        seed=1,
        select="+marketing_attribution",
    )
    return database, work / "raw" / "truth"


def test_scoring_ranks_the_truth_first_and_shuffled_credits_last(
    built: tuple[Path, Path],
) -> None:
    result = A.score_warehouse(*built)
    ranking = result["ranking"]
    assert ranking[0] == "truth"
    assert ranking[-1] == "shuffled"
    assert set(ranking) == {*A.MODELS, "truth", "shuffled"}
    assert result["scores"]["truth"]["roas_mape"] == 0


def test_last_touch_over_credits_brand_search_and_affiliates(built: tuple[Path, Path]) -> None:
    database, truth_dir = built
    con = duckdb.connect(str(database), read_only=True)
    try:
        truth = A.truth_figures(con, truth_dir, key="campaign_id")
        models = A.model_figures(con, key="campaign_id")
    finally:
        con.close()

    def total(figures: dict[str, A.Figures], part: str) -> float:
        return sum(f.conversions for k, f in figures.items() if part in k)

    brand, affiliate = "paid_search-", "affiliate-"
    brand_true = sum(f.conversions for k, f in truth.items() if "-brand-" in k)
    brand_last = sum(f.conversions for k, f in models["last_touch"].items() if "-brand-" in k)
    brand_first = sum(f.conversions for k, f in models["first_touch"].items() if "-brand-" in k)
    # most brand-ad clickers would have come anyway (incremental_share 0.25)
    assert brand_last > 2 * brand_true
    # the brand-ad clicks on the signup visit come after other first touches
    assert brand_last > brand_first
    assert total(models["last_touch"], affiliate) > 1.2 * total(truth, affiliate)
    assert total(models["last_touch"], brand) > total(truth, brand)

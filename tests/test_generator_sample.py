"""The bundled sample (seeds/raw, data/sample_truth) is exactly what the generator makes."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pyarrow.parquet as pq
import pytest

from lottery_analytics.contract import TABLE_NAMES
from lottery_analytics.generator.truth import TRUTH_TABLES

ROOT = Path(__file__).resolve().parents[1]
TRUTH = TRUTH_TABLES


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generate_sample", ROOT / "scripts" / "generate_sample.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from lottery_analytics.generator import generate

    tmp = tmp_path_factory.mktemp("sample")
    generate(_script().sample_config(tmp / "raw", tmp / "truth"))
    return tmp


def test_sample_csvs_match_the_generator_byte_for_byte(regenerated: Path) -> None:
    for name in TABLE_NAMES:
        bundled = (ROOT / "seeds" / "raw" / f"{name}.csv").read_bytes()
        assert (regenerated / "raw" / f"{name}.csv").read_bytes() == bundled, name


def test_sample_truth_matches(regenerated: Path) -> None:
    for name in TRUTH:
        a = pq.read_table(regenerated / "truth" / f"{name}.parquet")
        b = pq.read_table(ROOT / "data" / "sample_truth" / f"{name}.parquet")
        assert a.equals(b), name
    params = json.loads((ROOT / "data" / "sample_truth" / "params.json").read_text())
    assert params == json.loads((regenerated / "truth" / "params.json").read_text())


def test_sample_is_small_and_has_a_big_us_jackpot_run() -> None:
    csvs = sum((ROOT / "seeds" / "raw" / f"{n}.csv").stat().st_size for n in TABLE_NAMES)
    truth = sum(p.stat().st_size for p in (ROOT / "data" / "sample_truth").iterdir())
    assert csvs + truth <= 5_000_000  # the cap: <= 5 MB in all
    draws = pq.read_table(ROOT / "data" / "sample_truth" / "draws.parquet").to_pylist()
    params = json.loads((ROOT / "data" / "sample_truth" / "params.json").read_text())
    window_end = params["end_exclusive"]
    big = [
        d
        for d in draws
        if d["game_name"] in ("Powerball", "Mega Millions")
        and d["jackpot_usd"] >= 300e6
        and d["draw_at"].date().isoformat() < window_end
    ]
    assert big


def test_sample_leaves_closed_90_day_repeat_windows() -> None:
    """The sample trades accounts for months (docs/generator.md): at least 60 days of first
    tickets must have a closed 90-day repeat window, or the demo's repeat rates rest on a
    handful of players."""
    params = json.loads((ROOT / "data" / "sample_truth" / "params.json").read_text())
    start = dt.date.fromisoformat(params["start"])
    end = dt.date.fromisoformat(params["end_exclusive"])
    assert (end - start).days - 90 >= 60

"""`lottery-analytics generate`: options, errors, nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lottery_analytics.cli import main
from lottery_analytics.contract import TABLE_NAMES

BASE = ["generate", "--accounts", "150", "--start", "2026-01-05", "--days", "20", "--seed", "3"]


def _run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.output


def test_generate_writes_six_tables_and_truth(tmp_path: Path) -> None:
    out = tmp_path / "raw"
    code, output = _run([*BASE, "--out", str(out), "--quiet"])
    assert code == 0, output
    assert sorted(p.name for p in out.iterdir() if p.name != "truth") == sorted(TABLE_NAMES)
    assert [p.name for p in (out / "signups").iterdir()] == ["part-00000.parquet"]
    truth = {p.name for p in (out / "truth").iterdir()}
    assert truth == {
        "events.parquet",
        "accounts.parquet",
        "cookies.parquet",
        "dirty_rows.parquet",
        "draws.parquet",
        "marketing_days.parquet",
        "marketing_effects.parquet",
        "params.json",
    }
    # nothing else is left next to the output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw"]


def test_generate_csv_with_separate_truth_dir_and_summary(tmp_path: Path) -> None:
    out, truth = tmp_path / "csv", tmp_path / "truth"
    code, output = _run([*BASE, "--out", str(out), "--format", "csv", "--truth-dir", str(truth)])
    assert code == 0, output
    assert "web_events" in output and "total" in output  # the summary table
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.csv" for t in TABLE_NAMES)
    assert (truth / "events.parquet").exists()


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--accounts", "-5"], "--accounts"),
        (["--accounts", "0"], "--accounts"),
        (["--days", "0"], "--days"),
        (["--start", "2026-13-01"], "--start"),
        (["--start", "yesterday"], "--start"),
        (["--start", "2017-06-01"], "--start"),
        (["--seed", "-1"], "--seed"),
        (["--dirt", "bogus_kind=0.1"], "--dirt"),
        (["--dirt", "redelivered"], "--dirt"),
        (["--dirt", "deposits.redelivered=1.5"], "--dirt"),
        (["--dirt-rate", "-0.1"], "--dirt-rate"),
        (["--dirt-rate", "2"], "--dirt-rate"),
        (["--workers", "0"], "--workers"),
        (["--chunk-accounts", "10"], "--chunk-accounts"),
        (["--format", "xlsx"], "--format"),
    ],
)
def test_bad_options_fail_naming_the_option_and_write_nothing(
    tmp_path: Path, args: list[str], option: str
) -> None:
    out = tmp_path / "out"
    base = dict(zip(BASE[1::2], BASE[2::2], strict=True))
    for flag in args[::2]:
        base.pop(flag, None)
    argv = ["generate", *[x for kv in base.items() for x in kv], *args, "--out", str(out)]
    code, output = _run(argv)
    assert code != 0
    assert option in output, output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_existing_non_empty_output_needs_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    code, output = _run([*BASE, "--out", str(out), "--quiet"])
    assert code != 0 and "--out" in output
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    code, output = _run([*BASE, "--out", str(out), "--quiet", "--overwrite"])
    assert code == 0, output
    assert not (out / "keep.txt").exists()
    assert (out / "signups" / "part-00000.parquet").exists()


def test_out_must_not_be_a_file(tmp_path: Path) -> None:
    out = tmp_path / "file"
    out.write_text("x")
    code, output = _run([*BASE, "--out", str(out), "--quiet"])
    assert code != 0 and "--out" in output
    assert out.read_text() == "x"


def test_generate_with_target_loads_what_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import duckdb
    import pyarrow.parquet as pq

    database = tmp_path / "w.duckdb"
    monkeypatch.setenv("LOTTERY_DUCKDB_PATH", str(database))
    out = tmp_path / "raw"
    code, output = _run([*BASE, "--out", str(out), "--target", "duckdb"])
    assert code == 0, output
    assert "into the duckdb target" in output
    con = duckdb.connect(str(database), read_only=True)
    try:
        for table in TABLE_NAMES:
            written = pq.read_table(out / table).num_rows
            loaded = con.execute(f"select count(*) from raw.{table}").fetchone()[0]
            assert loaded == written > 0, table
    finally:
        con.close()


def test_generate_with_a_target_that_cannot_load_fails_non_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOTTERY_PG_HOST", "127.0.0.1")
    monkeypatch.setenv("LOTTERY_PG_PORT", "1")  # nothing listens there
    out = tmp_path / "raw"
    code, output = _run([*BASE, "--out", str(out), "--quiet", "--target", "postgres"])
    assert code == 1
    assert "loading failed" in output and "postgres" in output.lower()
    assert (out / "signups" / "part-00000.parquet").exists()  # what was generated stays

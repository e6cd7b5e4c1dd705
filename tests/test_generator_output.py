"""Generator output: the contract's tables and types, reproducible bytes, any worker count."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from lottery_analytics.contract import RAW_TABLES, TABLE_NAMES
from lottery_analytics.generator import GenerationConfig, generate
from lottery_analytics.generator.truth import TRUTH_TABLES

TRUTH_FILES = TRUTH_TABLES


def _config(out: Path, **kw: object) -> GenerationConfig:
    base: dict = dict(
        accounts=450,
        start=dt.date(2025, 11, 3),
        days=45,
        seed=2024,
        out=out,
        chunk_accounts=200,
        dirt_rate=0.03,
    )
    base.update(kw)
    return GenerationConfig(**base)


def _bytes(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def parquet_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen_output") / "a"
    generate(_config(out))
    return out


def test_tables_have_contract_columns_and_arrow_types(parquet_run: Path) -> None:
    for name in TABLE_NAMES:
        expected = RAW_TABLES[name].arrow_schema
        for part in (parquet_run / name).iterdir():
            schema = pq.read_schema(part)
            assert schema.names == expected.names, name
            for field in expected:
                assert schema.field(field.name).type == field.type, (name, field.name)
        assert pq.read_table(parquet_run / name).num_rows > 0, name


def test_one_part_file_of_one_row_group_per_chunk(parquet_run: Path) -> None:
    n_chunks = 3  # 450 accounts / 200 per chunk
    assert sorted(p.name for p in parquet_run.iterdir()) == sorted([*TABLE_NAMES, "truth"])
    for name in TABLE_NAMES:
        parts = sorted(p.name for p in (parquet_run / name).iterdir())
        chunked = name in ("signups", "deposits", "ticket_purchases", "web_events")
        assert parts == [f"part-{i:05d}.parquet" for i in range(n_chunks if chunked else 1)]
        for part in parts:
            assert pq.ParquetFile(parquet_run / name / part).num_row_groups == 1
    # truth tables stay single files, a row group per chunk
    assert pq.ParquetFile(parquet_run / "truth" / "events.parquet").num_row_groups == n_chunks


def test_same_arguments_same_bytes_and_worker_count_does_not_matter(
    parquet_run: Path, tmp_path: Path
) -> None:
    again = tmp_path / "b"
    generate(_config(again, workers=2))
    assert _bytes(again) == _bytes(parquet_run)


def test_more_workers_than_chunks_in_flight_give_the_same_bytes(
    parquet_run: Path, tmp_path: Path
) -> None:
    again = tmp_path / "three"
    generate(_config(again, workers=3))
    assert _bytes(again) == _bytes(parquet_run)


def test_different_seed_different_data(parquet_run: Path, tmp_path: Path) -> None:
    other = tmp_path / "c"
    generate(_config(other, seed=2025))
    a = pq.read_table(parquet_run / "signups")
    b = pq.read_table(other / "signups")
    assert not a.equals(b)


def test_csv_header_types_and_reproducibility(parquet_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    generate(_config(out, format="csv", truth_dir=tmp_path / "truth_csv"))
    con = duckdb.connect()
    for name in TABLE_NAMES:
        path = out / f"{name}.csv"
        with path.open(newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            rows = list(reader)
        assert header == RAW_TABLES[name].column_names
        assert all(len(r) == len(header) for r in rows)
        # the same rows as the Parquet run, once parsed
        from_csv = con.execute(
            f"select count(*) from read_csv('{path}', header=true, all_varchar=true)"
        ).fetchone()[0]
        assert from_csv == pq.read_table(parquet_run / name).num_rows
        text = path.read_text()
        assert "\r" not in text
    loaded = rows[0][-1]  # web_events _loaded_at
    assert dt.datetime.strptime(loaded, "%Y-%m-%d %H:%M:%S")
    # truth is Parquet even with --format csv, identical to the Parquet run's
    for name in TRUTH_FILES:
        a = pq.read_table(tmp_path / "truth_csv" / f"{name}.parquet")
        b = pq.read_table(parquet_run / "truth" / f"{name}.parquet")
        assert a.equals(b), name


def test_csv_values_match_parquet_values(parquet_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv2"
    generate(_config(out, format="csv"))
    con = duckdb.connect()
    for name in TABLE_NAMES:
        cols = RAW_TABLES[name].column_names
        casts = ", ".join(
            f"cast({c} as varchar) as {c}"
            if RAW_TABLES[name].columns[i].logical_type != "timestamp"
            else f"strftime({c}, '%Y-%m-%d %H:%M:%S') as {c}"
            for i, c in enumerate(cols)
        )
        diff = con.execute(
            f"""
            select count(*) from (
                (select {casts} from read_parquet('{parquet_run / name}/*.parquet')
                 except all
                 select * from read_csv('{out / f"{name}.csv"}', header=true,
                                        all_varchar=true))
            )"""
        ).fetchone()[0]
        assert diff == 0, name


def test_params_json_records_the_run(parquet_run: Path) -> None:
    params = json.loads((parquet_run / "truth" / "params.json").read_text())
    assert params["seed"] == 2024
    assert params["accounts"] == 450
    assert params["start"] == "2025-11-03"
    assert params["days"] == 45
    pb = params["games"]["powerball"]["eras"][-1]
    assert pb["J0"] == 545e6 and pb["k"] == 2.6 and pb["base_plays"] == 12.1e6
    assert pb["weekday_ratio"] == {"mon": 0.65, "wed": 0.74, "sat": 1.0}
    assert set(params["dirt_rates"].values()) == {0.03}
    assert params["utm_pairs"]


def test_exports_the_python_api() -> None:
    import lottery_analytics.generator as g

    assert callable(g.generate)
    fields = set(g.GenerationConfig.__dataclass_fields__)
    assert {"accounts", "start", "days", "seed", "out", "format", "truth_dir"} <= fields
    assert {"dirt_rate", "dirt", "workers", "chunk_accounts", "quiet"} <= fields

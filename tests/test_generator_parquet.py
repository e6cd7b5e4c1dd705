"""The generator's Parquet output (pyarrow, per-table options): files that pyarrow and
DuckDB read back exactly, with the encodings, codecs and statistics the options ask for."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lottery_analytics.contract import RAW_TABLES
from lottery_analytics.generator import fmt
from lottery_analytics.generator import writer as W
from lottery_analytics.generator.columns import Frame, Num, from_arrow, strs_from_list
from lottery_analytics.generator.core import TRUTH_SCHEMAS
from lottery_analytics.generator.sorting import argsort_stable, lexsort

SCHEMA = pa.schema(
    [
        pa.field("id", pa.string()),
        pa.field("ts", pa.string()),
        pa.field("maybe_ts", pa.string()),
        pa.field("category", pa.string()),
        pa.field("all_null", pa.string()),
        pa.field("constant", pa.string()),
        pa.field("many", pa.string()),
        pa.field("amount", pa.decimal128(18, 2)),
        pa.field("day", pa.date32()),
        pa.field("count", pa.int64()),
        pa.field("flag", pa.bool_()),
        pa.field("loaded", pa.timestamp("us"), nullable=False),
        pa.field("text", pa.string()),
    ]
)
OPTIONS = {
    "dictionary": ("category", "all_null", "constant", "many", "text"),
    "uncompressed": ("id", "many", "loaded"),
}


def _frame(rng: np.random.Generator, n: int) -> Frame:
    maybe = rng.random(n) < 0.2
    texts = ["x" * int(k) + "é" if k % 7 else None for k in rng.integers(0, 40, n)]
    return Frame(
        {
            "id": fmt.hex_ids("e", fmt.mix48(np.arange(n), 7)),
            "ts": fmt.iso_timestamps(
                1_700_000_000 + rng.integers(0, 10**7, n), 3600, rng.integers(0, 3, n)
            ),
            "maybe_ts": fmt.iso_timestamps(
                1_700_000_000 + rng.integers(0, 10**7, n), -18000, rng.integers(0, 3, n)
            ).with_null(maybe),
            "category": fmt.categories(["a", "bb", None, "ccc"], rng.integers(0, 4, n)),
            "all_null": fmt.categories(["x"], np.zeros(n, int), np.ones(n, bool)),
            "constant": fmt.categories(["only"], np.zeros(n, int)),
            "many": fmt.categories(
                fmt.dec_ids("u", np.arange(70_000), 7),
                rng.integers(0, 70_000, n),
                rng.random(n) < 0.5,
            ),
            "amount": fmt.decimals(rng.integers(-(10**6), 10**6, n), rng.random(n) < 0.1),
            "day": fmt.dates(rng.integers(-1000, 20000, n), rng.random(n) < 0.1),
            "count": fmt.int64s(rng.integers(-5, 100, n)),
            "flag": Num(rng.random(n) < 0.3, "bool", rng.random(n) < 0.05),
            "loaded": fmt.timestamps_us(1_700_000_000 + rng.integers(0, 10**7, n)),
            # a plain string column written dictionary-encoded (pyarrow hashes it)
            "text": from_arrow(pa.array(texts, pa.string())),
        }
    )


@pytest.fixture(scope="module", autouse=True)
def _test_table() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(W.TABLE_OPTIONS, "t", OPTIONS)
        mp.setattr(W, "PAGE_BYTES", 1 << 15)  # many pages per column chunk
        yield


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[pa.Table]]:
    rng = np.random.default_rng(0)
    out = tmp_path_factory.mktemp("pq")
    frames = [_frame(rng, n) for n in (1, 9, 20_000, 50_003)]
    # the last chunk: two frames chained (as re-deliveries are), with different dictionaries
    frames.append(Frame.concat([_frame(rng, 3000), _frame(rng, 17)]))
    (out / "t").mkdir()
    for i, f in enumerate(frames):
        assert W.write_part(f, "t", SCHEMA, out, i) == f.num_rows
    return out / "t", [f.to_arrow(SCHEMA) for f in frames]


def test_pyarrow_reads_back_every_value_and_type(written: tuple[Path, list[pa.Table]]) -> None:
    folder, expected = written
    parts = sorted(folder.iterdir())
    assert [p.name for p in parts] == [f"part-{i:05d}.parquet" for i in range(5)]
    for part, table in zip(parts, expected, strict=True):
        got = pq.read_table(part)
        assert got.schema == SCHEMA  # no Arrow schema stored: dictionaries read as string
        assert got.equals(table)
        assert pq.ParquetFile(part).num_row_groups == 1


def test_duckdb_reads_back_every_value(written: tuple[Path, list[pa.Table]]) -> None:
    folder, expected = written
    got = duckdb.sql(
        f"select * from read_parquet('{folder}/*.parquet', filename = true) order by filename"
    ).to_arrow_table()
    want = pa.concat_tables(expected)
    for name in SCHEMA.names:
        col = got[name]
        if col.type != want[name].type:
            col = col.cast(want[name].type)
        assert col.equals(want[name]), name


def test_encodings_codecs_and_statistics_follow_the_options(
    written: tuple[Path, list[pa.Table]],
) -> None:
    folder, expected = written
    # part 4 chains two frames with different dictionaries: still dictionary columns
    for part in ("part-00003.parquet", "part-00004.parquet"):
        rg = pq.read_metadata(folder / part).row_group(0)
        for i, name in enumerate(SCHEMA.names):
            col = rg.column(i)
            dictionary = any("DICTIONARY" in e for e in col.encodings)
            if name != "all_null":
                assert dictionary == (name in OPTIONS["dictionary"]), (part, name)
            uncompressed = col.compression == "UNCOMPRESSED"
            assert uncompressed == (name in OPTIONS["uncompressed"]), (part, name)
            numeric = name in ("amount", "day", "count", "loaded")
            assert col.is_stats_set == numeric, (part, name)
    meta = pq.read_metadata(folder / "part-00003.parquet")
    rg = meta.row_group(0)
    amount = rg.column(SCHEMA.names.index("amount")).statistics
    amounts = expected[3]["amount"]
    assert amount.min == pa.compute.min(amounts).as_py()
    assert amount.max == pa.compute.max(amounts).as_py()
    assert amount.null_count == amounts.null_count
    assert meta.created_by.startswith("parquet-cpp-arrow")


def test_same_frame_same_bytes(tmp_path: Path) -> None:
    for out in (tmp_path / "a", tmp_path / "b"):
        (out / "t").mkdir(parents=True)
        W.write_part(_frame(np.random.default_rng(5), 5000), "t", SCHEMA, out, 7)
    a, b = (W.part_path(tmp_path / d, "t", 7).read_bytes() for d in "ab")
    assert a == b


def test_table_file_appends_a_row_group_per_non_empty_chunk(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    frames = [_frame(rng, 100), Frame({}), _frame(rng, 3)]
    f = W.TableFile(tmp_path / "t.parquet", "t", SCHEMA, "parquet")
    for frame in frames:
        f.write(frame)
    f.close()
    assert f.rows == 103
    assert pq.ParquetFile(tmp_path / "t.parquet").num_row_groups == 2
    got = pq.read_table(tmp_path / "t.parquet")
    assert got.equals(pa.concat_tables([frames[0].to_arrow(SCHEMA), frames[2].to_arrow(SCHEMA)]))


def test_empty_chunks_and_strings_from_lists(tmp_path: Path) -> None:
    schema = pa.schema([pa.field("s", pa.string())])
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(W.TABLE_OPTIONS, "s", {"dictionary": (), "uncompressed": ()})
        (tmp_path / "s").mkdir()
        W.write_part(Frame({"s": strs_from_list([])}), "s", schema, tmp_path, 0)
        W.write_part(Frame({"s": strs_from_list(["a", "bcd"])}), "s", schema, tmp_path, 1)
    assert pq.read_table(W.part_path(tmp_path, "s", 0)).num_rows == 0
    assert pq.read_table(tmp_path / "s").column("s").to_pylist() == ["a", "bcd"]


def test_every_table_has_options_for_its_own_columns() -> None:
    schemas = {**{n: t.arrow_schema for n, t in RAW_TABLES.items()}, **TRUTH_SCHEMAS}
    assert set(schemas) <= set(W.TABLE_OPTIONS)
    for name, schema in schemas.items():
        for kind, columns in W.TABLE_OPTIONS[name].items():
            assert set(columns) <= set(schema.names), (name, kind)
        opts = W.parquet_options(name, schema)
        assert set(opts["compression"]) == set(schema.names)
        assert opts["store_schema"] is False


def test_stable_orders_match_numpy() -> None:
    rng = np.random.default_rng(3)
    a, b = rng.integers(0, 50, 10_000), rng.integers(-7, 7, 10_000)
    c = rng.random(10_000) < 0.5
    assert (argsort_stable(a) == np.argsort(a, kind="stable")).all()
    assert (lexsort((a, b)) == np.lexsort((a, b))).all()
    assert (lexsort((c, a, b)) == np.lexsort((c, a, b))).all()

"""The generator's own Parquet writer: files that pyarrow and DuckDB read back exactly."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lottery_analytics.generator import fmt, thrift
from lottery_analytics.generator import parquet as PQ
from lottery_analytics.generator.columns import Frame, Num, from_arrow, strs_from_list
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
            "text": from_arrow(pa.array(texts, pa.string())),
        }
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pa.Table]:
    rng = np.random.default_rng(0)
    path = tmp_path_factory.mktemp("pq") / "t.parquet"
    frames = [_frame(rng, n) for n in (1, 9, 20_000, 50_003)]
    # the last row group: two frames chained (as re-deliveries are)
    frames.append(Frame.concat([_frame(rng, 3000), _frame(rng, 17)]))
    specs = PQ.specs(SCHEMA, {"id": "none", "ts": "zstd", "text": "lz4_raw"})
    old = PQ.PAGE_BYTES
    PQ.PAGE_BYTES = 1 << 15  # many pages per column chunk
    try:
        w = PQ.ParquetFileWriter(path, specs)
        for f in frames[:2]:
            w.append(PQ.encode_row_group(f, specs))
        spool = path.with_suffix(".spool")
        for f in frames[2:]:  # through a spool file, as from a worker process
            group = PQ.encode_row_group(f, specs)
            fd = os.open(spool, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            group.write_to(fd, 123)
            os.close(fd)
            w.append_file(str(spool), 123, group.meta())
        w.close()
    finally:
        PQ.PAGE_BYTES = old
    expected = pa.concat_tables([f.to_arrow(SCHEMA) for f in frames])
    return path, expected


def test_pyarrow_reads_back_every_value_and_type(written: tuple[Path, pa.Table]) -> None:
    path, expected = written
    got = pq.read_table(path)
    assert got.schema == SCHEMA
    assert got.equals(expected)
    assert pq.ParquetFile(path).num_row_groups == 5


def test_duckdb_reads_back_every_value(written: tuple[Path, pa.Table]) -> None:
    path, expected = written
    got = duckdb.sql(f"select * from read_parquet('{path}')").to_arrow_table()
    for name in SCHEMA.names:
        col = got[name]
        if col.type != expected[name].type:
            col = col.cast(expected[name].type)
        assert col.equals(expected[name]), name


def test_statistics_prune(written: tuple[Path, pa.Table]) -> None:
    path, expected = written
    meta = pq.read_metadata(path)
    stats = meta.row_group(3).column(SCHEMA.names.index("amount")).statistics
    amounts = expected.slice(20_010, 50_003)["amount"]
    assert stats.has_min_max
    assert stats.min == pa.compute.min(amounts).as_py()
    assert stats.max == pa.compute.max(amounts).as_py()
    assert stats.null_count == amounts.null_count
    loaded = meta.row_group(0).column(SCHEMA.names.index("loaded")).statistics
    assert loaded.min == loaded.max == expected["loaded"][0].as_py()


def test_footer_is_thrift_we_can_read_again(written: tuple[Path, pa.Table]) -> None:
    path, _ = written
    data = path.read_bytes()
    assert data[:4] == data[-4:] == b"PAR1"
    size = struct.unpack("<I", data[-8:-4])[0]
    meta, end = thrift.decode(data[-8 - size : -8])
    assert end == size
    assert dict((f[0], f[2]) for f in meta)[3] == 1 + 9 + 20_000 + 50_003 + 3017
    assert thrift.encode(meta) == data[-8 - size : -8]


def test_dictionary_index_widths() -> None:
    assert [PQ.index_width(n) for n in (1, 2, 3, 200, 256, 257, 70_000, 2**24 + 1)] == [
        1,
        1,
        2,
        8,
        8,
        16,
        24,
        32,
    ]
    values = np.array([5, 1, 7, 0, 3, 2, 6, 4, 1], dtype=np.int64)
    packed = PQ.bit_pack(values, 3)
    bits = "".join(f"{b:08b}"[::-1] for b in packed.tobytes())
    assert [int(bits[3 * i : 3 * i + 3][::-1], 2) for i in range(9)] == values.tolist()


def test_strings_from_lists_and_empty_frames(tmp_path: Path) -> None:
    schema = pa.schema([pa.field("s", pa.string())])
    specs = PQ.specs(schema)
    w = PQ.ParquetFileWriter(tmp_path / "e.parquet", specs)
    w.append(PQ.encode_row_group(Frame({"s": strs_from_list([])}), specs))
    w.close()
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 0


def test_stable_orders_match_numpy() -> None:
    rng = np.random.default_rng(3)
    a, b = rng.integers(0, 50, 10_000), rng.integers(-7, 7, 10_000)
    c = rng.random(10_000) < 0.5
    assert (argsort_stable(a) == np.argsort(a, kind="stable")).all()
    assert (lexsort((a, b)) == np.lexsort((a, b))).all()
    assert (lexsort((c, a, b)) == np.lexsort((c, a, b))).all()

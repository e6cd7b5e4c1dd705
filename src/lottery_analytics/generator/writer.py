"""The generator's output files: Parquet with pyarrow (part files of the raw tables, one
file per truth table) and CSV.

Each table has its Parquet settings in :data:`TABLE_OPTIONS`: the columns written
dictionary-encoded (the generator holds them as dictionary arrays, which pyarrow writes
as they are) and the columns stored uncompressed (snappy shrinks them by less than a
quarter: random-looking ids, load timestamps, wide dictionary indexes); every other column
is snappy. Statistics (min/max, null count) are written for numbers, decimals, dates and
timestamps only, and no Arrow schema is embedded (dictionary columns read back as
``string``).
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lottery_analytics.generator import fmt
from lottery_analytics.generator.columns import Frame
from lottery_analytics.generator.tables import DICT_COLS

_NEEDS_QUOTES = r'[,"\r\n]|^\s|\s$'

#: columns stored uncompressed, per table (raw and truth)
UNCOMPRESSED: dict[str, tuple[str, ...]] = {
    "signups": ("anonymous_id", "country_code", "date_of_birth", "_loaded_at"),
    "deposits": ("deposit_id", "_loaded_at"),
    "ticket_purchases": ("purchase_id", "game_id", "_loaded_at"),
    "games": ("_loaded_at",),
    "funnel_spend": ("_loaded_at",),
    "web_events": ("event_id", "user_id", "page_url", "device_type", "user_agent", "_loaded_at"),
    "events": ("event_id", "is_bot"),
    "accounts": (
        "acquisition_channel",
        "acquisition_campaign_id",
        "caused_by_channel",
        "caused_by_campaign",
        "first_touch_tracked",
        "signup_platform",
        "is_jackpot_chaser",
        "market",
        "country_code",
        "signed_up_at",
        "first_touch_at",
        "first_touch_anonymous_id",
        "signup_anonymous_id",
        "first_deposit_at",
        "currency",
    ),
    "cookies": (),
    "dirty_rows": (),
}
#: dictionary-encoded columns of the truth tables (the raw tables': tables.DICT_COLS)
TRUTH_DICT_COLS: dict[str, frozenset[str]] = {
    "events": frozenset({"person_id"}),
    "accounts": frozenset(
        {
            "acquisition_channel",
            "acquisition_campaign_id",
            "caused_by_channel",
            "caused_by_campaign",
            "signup_platform",
            "market",
            "country_code",
            "currency",
        }
    ),
    "cookies": frozenset({"person_id"}),
    "dirty_rows": frozenset({"table", "kind", "outcome"}),
}
#: per table: ``dictionary`` columns (dictionary-encoded) and ``uncompressed`` columns
#: (the rest is snappy)
TABLE_OPTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    name: {"dictionary": tuple(sorted(cols)), "uncompressed": UNCOMPRESSED[name]}
    for name, cols in {**DICT_COLS, **TRUTH_DICT_COLS}.items()
}
#: target uncompressed bytes of a data page
PAGE_BYTES = 1 << 21
#: dictionaries up to this size stay dictionaries (pyarrow's default, 1 MB, would fall
#: back to plain for the anonymous ids of a chunk's web events)
DICTIONARY_PAGE_LIMIT = 1 << 28


def _has_statistics(t: pa.DataType) -> bool:
    return (
        pa.types.is_integer(t)
        or pa.types.is_decimal(t)
        or pa.types.is_date(t)
        or pa.types.is_timestamp(t)
    )


def parquet_options(name: str, schema: pa.Schema) -> dict[str, Any]:
    """Keyword arguments of ``pq.write_table``/``pq.ParquetWriter`` for table ``name``."""
    opts = TABLE_OPTIONS[name]
    plain = set(opts["uncompressed"])
    return {
        "compression": {c: "none" if c in plain else "snappy" for c in schema.names},
        "use_dictionary": list(opts["dictionary"]),
        "write_statistics": [f.name for f in schema if _has_statistics(f.type)],
        "store_schema": False,
        "data_page_size": PAGE_BYTES,
        "dictionary_pagesize_limit": DICTIONARY_PAGE_LIMIT,
    }


def file_schema(name: str, schema: pa.Schema) -> pa.Schema:
    """``schema`` with the dictionary columns of table ``name`` as dictionary<int32, string>."""
    dictionary = TABLE_OPTIONS[name]["dictionary"]
    return pa.schema(
        [
            pa.field(f.name, pa.dictionary(pa.int32(), f.type), f.nullable)
            if f.name in dictionary
            else f
            for f in schema
        ]
    )


def _column(arr: pa.Array, dictionary: bool) -> pa.Array:
    if dictionary and not pa.types.is_dictionary(arr.type):
        return pc.dictionary_encode(arr)
    if not dictionary and pa.types.is_dictionary(arr.type):
        return arr.dictionary_decode()
    if dictionary:
        return _unique_dictionary(arr)
    return arr


def _unique_dictionary(arr: pa.DictionaryArray) -> pa.DictionaryArray:
    """``arr`` with a dictionary of distinct values. Parts with different dictionaries
    laid end to end (re-deliveries, unknown accounts) repeat values; pyarrow would write
    such a column plain, and not always with the same bytes."""
    values = arr.dictionary
    unique = pc.unique(values)
    if len(unique) == len(values):
        return arr
    position = pc.index_in(values, value_set=unique).cast(pa.int32())
    return pa.DictionaryArray.from_arrays(pc.take(position, arr.indices), unique)


def arrow_table(table: Frame | pa.Table, name: str, schema: pa.Schema) -> pa.Table:
    """A chunk of table ``name`` as Arrow, with the types of :func:`file_schema` (columns
    from the numpy buffers; dictionary columns as dictionary arrays)."""
    if (
        table.num_rows
        and (table.names if isinstance(table, Frame) else table.column_names) != schema.names
    ):
        raise ValueError(f"{name}: columns do not match {schema.names}")
    target = file_schema(name, schema)
    arrays = []
    for field in target:
        if isinstance(table, Frame):
            arr = table[field.name].to_arrow() if table.num_rows else pa.array([], field.type)
        else:
            arr = table.column(field.name).combine_chunks()
        arrays.append(_column(arr, pa.types.is_dictionary(field.type)))
    return pa.Table.from_arrays(arrays, schema=target)


def part_path(directory: Path, name: str, index: int) -> Path:
    """Where chunk ``index`` of table ``name`` goes: ``<directory>/<name>/part-NNNNN.parquet``."""
    return Path(directory) / name / f"part-{index:05d}.parquet"


def write_part(
    table: Frame | pa.Table, name: str, schema: pa.Schema, directory: Path, index: int
) -> int:
    """Write chunk ``index`` of table ``name`` as one Parquet part file (one row group);
    returns its rows."""
    tbl = arrow_table(table, name, schema)
    pq.write_table(
        tbl,
        part_path(directory, name, index),
        row_group_size=max(1, tbl.num_rows),
        **parquet_options(name, schema),
    )
    return tbl.num_rows


class TableFile:
    """One file that chunks of a table are appended to, in order: Parquet (one row group
    per non-empty chunk) or CSV."""

    def __init__(self, path: Path, name: str, schema: pa.Schema, file_format: str) -> None:
        self.path = Path(path)
        self.name = name
        self.schema = schema
        self.rows = 0
        self._pq: pq.ParquetWriter | None = None
        self._csv: int | None = None
        if file_format == "parquet":
            self._pq = pq.ParquetWriter(
                self.path, file_schema(name, schema), **parquet_options(name, schema)
            )
        else:
            self._csv = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            _write_all(self._csv, (",".join(schema.names) + "\n").encode("utf-8"))

    def write(self, table: Frame | pa.Table) -> None:
        """Append a chunk."""
        if self._csv is not None:
            assert isinstance(table, Frame)
            self.write_csv(csv_chunk(table, self.schema), table.num_rows)
            return
        assert self._pq is not None
        tbl = arrow_table(table, self.name, self.schema)
        if tbl.num_rows:
            self._pq.write_table(tbl, row_group_size=tbl.num_rows)
            self.rows += tbl.num_rows

    def write_csv(self, lines: bytes, rows: int) -> None:
        """Append a chunk's CSV lines (as :func:`csv_chunk` makes them)."""
        assert self._csv is not None
        _write_all(self._csv, lines)
        self.rows += rows

    def close(self) -> None:
        if self._pq is not None:
            self._pq.close()
            self._pq = None
        if self._csv is not None:
            os.close(self._csv)
            self._csv = None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def csv_chunk(frame: Frame, schema: pa.Schema) -> bytes:
    """A chunk of a table with ``schema`` as CSV lines (no header)."""
    if frame.num_rows == 0:
        return b""
    if frame.names != schema.names:
        raise ValueError(f"columns {frame.names} != {schema.names}")
    return csv_bytes(frame.to_arrow(schema))


def _csv_text(col: pa.ChunkedArray | pa.Array) -> pa.Array:
    """A column as CSV field text (null stays null: written as an empty field)."""
    arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    t = arr.type
    if pa.types.is_timestamp(t):
        us = arr.cast(pa.int64()).to_numpy(zero_copy_only=False)
        text = fmt.iso_timestamps(us // 1_000_000, 0, fmt.FORM_NAIVE, sep=" ").to_arrow()
        return pc.if_else(arr.is_null(), pa.scalar(None, pa.string()), text)
    if pa.types.is_boolean(t):
        return pc.if_else(arr, "true", "false")
    if not pa.types.is_string(t):
        return arr.cast(pa.string())
    needs = pc.match_substring_regex(arr, _NEEDS_QUOTES)
    if not pc.any(needs).as_py():
        return arr
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(arr, '"', '""'), '"', "")
    return pc.if_else(needs, quoted, arr)


def csv_bytes(table: pa.Table) -> bytes:
    """CSV lines (no header): fields quoted only when needed, null = empty field."""
    cols = [_csv_text(table.column(i)) for i in range(table.num_columns)]
    line = pc.binary_join_element_wise(*cols, ",", null_handling="replace", null_replacement="")
    line = pc.binary_join_element_wise(line, "", "\n")
    line = line.cast(pa.large_string()) if len(line) and _big(line) else line
    offsets = np.frombuffer(line.buffers()[1], dtype=_offset_dtype(line))
    start, end = int(offsets[line.offset]), int(offsets[line.offset + len(line)])
    return line.buffers()[2].to_pybytes()[start:end]


def _big(arr: pa.Array) -> bool:
    return pa.types.is_large_string(arr.type)


def _offset_dtype(arr: pa.Array) -> type:
    return np.int64 if pa.types.is_large_string(arr.type) else np.int32


def table_bytes(path: Path) -> int:
    """Bytes of a table's output: a file, or the part files of a folder."""
    path = Path(path)
    if path.is_dir():
        return sum(p.stat().st_size for p in path.glob("*.parquet"))
    return path.stat().st_size if path.exists() else 0


def write_dirs(directory: Path, names: Collection[str]) -> None:
    """Create the part folders of tables ``names`` in ``directory``."""
    for name in names:
        (Path(directory) / name).mkdir(parents=True, exist_ok=True)

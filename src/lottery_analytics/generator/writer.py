"""Writers of one output file per table: Parquet (one row group per chunk) or CSV."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from lottery_analytics.generator import fmt
from lottery_analytics.generator.columns import Frame
from lottery_analytics.generator.parquet import (
    ColumnSpec,
    EncodedRowGroup,
    ParquetFileWriter,
    RowGroupMeta,
    copy_range,
    encode_row_group,
    pwrite_all,
    specs,
)

_NEEDS_QUOTES = r'[,"\r\n]|^\s|\s$'


@dataclass
class Encoded:
    """A chunk of one table ready to append: a Parquet row group or CSV lines."""

    rows: int
    group: EncodedRowGroup | None = None
    csv: bytes | None = None

    @property
    def size(self) -> int:
        return self.group.size if self.group is not None else len(self.csv or b"")

    def write_to(self, fd: int, offset: int) -> None:
        if self.group is not None:
            self.group.write_to(fd, offset)
        elif self.csv:
            pwrite_all(fd, self.csv, offset)

    def copy_into(self, buf: memoryview, offset: int) -> None:
        if self.group is not None:
            self.group.copy_into(buf, offset)
        elif self.csv:
            buf[offset : offset + len(self.csv)] = self.csv

    def meta(self) -> Spooled:
        return Spooled(self.rows, self.size, self.group.meta() if self.group else None)


@dataclass
class Spooled:
    """What the writing process needs of a chunk another process wrote to a spool file."""

    rows: int
    size: int
    group: RowGroupMeta | None


def column_specs(schema: pa.Schema) -> list[ColumnSpec]:
    """Snappy where it pays (see parquet.MAX_COMPRESSED_SHARE)."""
    return specs(schema)


def encode(table: Frame | pa.Table, schema: pa.Schema, file_format: str) -> Encoded:
    """A chunk of a table with ``schema`` encoded for a ``file_format`` file."""
    frame = Frame.from_arrow(table) if isinstance(table, pa.Table) else table
    if frame.names != schema.names:
        raise ValueError(f"columns {frame.names} != {schema.names}")
    if frame.num_rows == 0:
        return Encoded(0)
    if file_format == "parquet":
        return Encoded(frame.num_rows, group=encode_row_group(frame, column_specs(schema)))
    return Encoded(frame.num_rows, csv=csv_bytes(frame.to_arrow(schema)))


class TableWriter:
    """Appends chunks of one table to ``path`` in ``file_format`` (parquet or csv).

    ``encode`` (any process) turns a chunk into bytes; ``append``/``append_spooled``
    (the writing process) add them in order.
    """

    def __init__(self, path: Path, schema: pa.Schema, file_format: str) -> None:
        self.path = Path(path)
        self.schema = schema
        self.format = file_format
        self.rows = 0
        self.columns = column_specs(schema)
        self._pq: ParquetFileWriter | None = None
        self._csv: int | None = None
        self._pos = 0
        if file_format == "parquet":
            self._pq = ParquetFileWriter(self.path, self.columns)
        else:
            self._csv = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            header = (",".join(schema.names) + "\n").encode("utf-8")
            self._pos = pwrite_all(self._csv, header, 0)

    def encode(self, table: Frame | pa.Table) -> Encoded:
        return encode(table, self.schema, self.format)

    def write(self, table: Frame | pa.Table) -> None:
        """Append a chunk."""
        self.append(self.encode(table))

    def append(self, enc: Encoded) -> None:
        self.rows += enc.rows
        if not enc.rows:
            return
        if self._pq is not None:
            assert enc.group is not None
            self._pq.append(enc.group)
        else:
            assert self._csv is not None
            enc.write_to(self._csv, self._pos)
            self._pos += enc.size

    def append_buffer(self, data: memoryview, sp: Spooled) -> None:
        """Append a chunk that another process encoded into ``data``."""
        self.rows += sp.rows
        if not sp.rows:
            return
        if self._pq is not None:
            assert sp.group is not None
            self._pq.append_buffer(data, sp.group)
        else:
            assert self._csv is not None
            self._pos += pwrite_all(self._csv, data, self._pos)

    def append_spooled(self, path: str, offset: int, sp: Spooled) -> None:
        """Append a chunk that another process encoded into ``path`` at ``offset``."""
        self.rows += sp.rows
        if not sp.rows:
            return
        if self._pq is not None:
            assert sp.group is not None
            self._pq.append_file(path, offset, sp.group)
        else:
            assert self._csv is not None
            src = os.open(path, os.O_RDONLY)
            try:
                copy_range(src, self._csv, offset, self._pos, sp.size)
            finally:
                os.close(src)
            self._pos += sp.size

    def close(self) -> None:
        if self._pq is not None:
            self._pq.close()
        if self._csv is not None:
            os.close(self._csv)
            self._csv = None

    @property
    def bytes(self) -> int:
        return self.path.stat().st_size if self.path.exists() else 0


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

"""Writers of one output file per table: Parquet (one row group per chunk) or CSV."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lottery_analytics.generator import fmt

#: string columns with (nearly) unique values: no dictionary encoding
_NO_DICTIONARY = frozenset(
    {
        "event_id",
        "anonymous_id",
        "user_id",
        "deposit_id",
        "purchase_id",
        "email",
        "signed_up_at",
        "event_at",
        "deposited_at",
        "purchased_at",
        "draw_at",
        "key",
        "person_id",
        "first_touch_anonymous_id",
        "signup_anonymous_id",
    }
)
_NEEDS_QUOTES = r'[,"\r\n]|^\s|\s$'


class TableWriter:
    """Appends chunks of one table to ``path`` in ``fmt`` (parquet or csv)."""

    def __init__(self, path: Path, schema: pa.Schema, file_format: str) -> None:
        self.path = Path(path)
        self.schema = schema
        self.format = file_format
        self.rows = 0
        self._pq: pq.ParquetWriter | None = None
        self._csv = None
        if file_format == "csv":
            self._csv = open(self.path, "wb")  # noqa: SIM115 - closed in close()
            self._csv.write((",".join(schema.names) + "\n").encode("utf-8"))

    def _open_parquet(self, schema: pa.Schema) -> pq.ParquetWriter:
        dict_cols = [
            f.name
            for f in schema
            if pa.types.is_dictionary(f.type)
            or (pa.types.is_string(f.type) and f.name not in _NO_DICTIONARY)
        ]
        return pq.ParquetWriter(
            str(self.path),
            schema,
            compression="snappy",
            use_dictionary=dict_cols,
            # min/max statistics where they prune (dates, numbers, _loaded_at); string
            # statistics cost more to compute than they save
            write_statistics=[
                f.name
                for f in schema
                if not (pa.types.is_string(f.type) or pa.types.is_dictionary(f.type))
            ],
            store_schema=False,
        )

    def write(self, table: pa.Table) -> None:
        """Append a chunk (string columns may be dictionary-encoded)."""
        if table.schema.names != self.schema.names:
            raise ValueError(f"{self.path.name}: columns {table.schema.names} != contract")
        self.rows += table.num_rows
        if self.format == "parquet":
            if self._pq is None:
                self._pq = self._open_parquet(table.schema)
            if table.num_rows:
                self._pq.write_table(table, row_group_size=table.num_rows)
        elif table.num_rows:
            assert self._csv is not None
            self._csv.write(csv_bytes(table))

    def close(self) -> None:
        if self.format == "parquet" and self._pq is None:
            self._pq = self._open_parquet(self.schema)
        if self._pq is not None:
            self._pq.close()
        if self._csv is not None:
            self._csv.close()

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
        text = fmt.iso_timestamps(us // 1_000_000, 0, fmt.FORM_NAIVE, sep=" ")
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

"""Columns of the generated tables, kept as numpy arrays until they are written.

Three kinds cover every column:

* :class:`Strs` strings as rows of a byte matrix, each row prefixed by its 4-byte
  little-endian length: a fixed-width column (ids) becomes an Arrow string array with one
  copy, a variable-width one (ISO timestamps) through Arrow string views over the rows
  (one memcpy compaction);
* :class:`Dict` dictionary-encoded strings: values (a :class:`Strs`) and int32 indexes,
  an Arrow ``DictionaryArray`` (written as a Parquet dictionary column);
* :class:`Num` numbers: int64, ``timestamp[us]`` (microseconds), ``date32`` (days),
  ``decimal128(18, 2)`` (cents) and booleans.

Every kind has an optional null mask (true = null), ``take``, ``concat`` and
``to_arrow`` (for writing, Parquet or CSV). :class:`Frame` is an ordered
set of columns of equal length.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

_U8 = np.uint8


def _take_mask(mask: np.ndarray | None, idx: np.ndarray) -> np.ndarray | None:
    return None if mask is None else mask[idx]


def _concat_masks(parts: Sequence[tuple[np.ndarray | None, int]]) -> np.ndarray | None:
    if all(m is None for m, _ in parts):
        return None
    return np.concatenate([np.zeros(n, bool) if m is None else m for m, n in parts])


def _validity(mask: np.ndarray | None) -> pa.Buffer | None:
    if mask is None or not mask.any():
        return None
    return pa.py_buffer(np.packbits(~mask, bitorder="little"))


@dataclass
class Strs:
    """Strings as rows of ``mat`` (n, 4 + W): a 4-byte little-endian length, then the
    bytes (``lengths`` when they vary, else every row is W long)."""

    mat: np.ndarray
    lengths: np.ndarray | None = None
    null: np.ndarray | None = None

    def __len__(self) -> int:
        return self.mat.shape[0]

    @property
    def width(self) -> int:
        return self.mat.shape[1] - 4

    def row_lengths(self) -> np.ndarray:
        if self.lengths is None:
            return np.full(len(self), self.width, dtype=np.int64)
        return self.lengths.astype(np.int64)

    def take(self, idx: np.ndarray) -> Strs:
        return Strs(
            self.mat[idx],
            None if self.lengths is None else self.lengths[idx],
            _take_mask(self.null, idx),
        )

    def with_null(self, mask: np.ndarray | None) -> Strs:
        if mask is not None and not mask.any():
            mask = None
        return Strs(self.mat, self.lengths, mask)

    @staticmethod
    def concat(parts: Sequence[Strs]) -> Strs:
        width = max(p.width for p in parts)
        mats = []
        for p in parts:
            if p.width < width:
                m = np.zeros((len(p), width + 4), _U8)
                m[:, : p.width + 4] = p.mat
                mats.append(m)
            else:
                mats.append(p.mat)
        varying = any(p.lengths is not None or p.width != width for p in parts)
        lengths = np.concatenate([p.row_lengths() for p in parts]) if varying else None
        return Strs(np.concatenate(mats), lengths, _concat_masks([(p.null, len(p)) for p in parts]))

    def to_arrow(self) -> pa.Array:
        n = len(self)
        validity = _validity(self.null)
        if self.lengths is None and self.null is None:
            data = np.ascontiguousarray(self.mat[:, 4:]).reshape(-1)
            offsets = np.arange(n + 1, dtype=np.int64) * self.width
            if offsets[-1] < 2**31 - 1:
                return pa.StringArray.from_buffers(
                    n, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data), validity
                )
            return pa.LargeStringArray.from_buffers(
                n, pa.py_buffer(offsets), pa.py_buffer(data), validity
            ).cast(pa.string())
        return self._views(validity).cast(pa.string())

    def _views(self, validity: pa.Buffer | None) -> pa.Array:
        """The rows as an Arrow ``string_view`` array over ``mat`` (no copy of the bytes;
        casting it to ``string`` compacts them with memcpy): a row of up to 12 bytes is
        inline in its view, a longer one points at its bytes in ``mat``."""
        n = len(self)
        lengths = self.row_lengths()
        if self.null is not None:
            lengths = np.where(self.null, 0, lengths)
        mat = np.ascontiguousarray(self.mat)
        if mat.shape[1] < 16:  # room for the 12 inline bytes
            wide = np.zeros((n, 16), _U8)
            wide[:, : mat.shape[1]] = mat
            mat = wide
        row_bytes = mat.shape[1]
        if n * row_bytes >= 2**32:
            raise ValueError("string column too large for one view buffer")
        # 16-byte views: length, then 12 inline bytes, or a 4-byte prefix, buffer 0 and
        # the offset of the row's bytes
        views = np.empty((n, 4), dtype="<u4")
        views[:, 0] = lengths
        inline = lengths <= 12
        head = mat[:, 4:16].view("<u4")  # (n, 3): inline bytes; the first word is the prefix
        if not inline.any():
            views[:, 1] = head[:, 0]
            views[:, 2] = 0
            views[:, 3] = np.arange(4, n * row_bytes, row_bytes, dtype="<u4")
        else:
            views[:, 1:] = head
            # bytes past an inline string's length are zero in Arrow's layout
            keep = np.arange(12)[None, :] < lengths[inline, None]
            views[inline, 1:] = (mat[inline, 4:16] * keep).view("<u4")
            out = ~inline
            views[out, 2] = 0
            views[out, 3] = np.nonzero(out)[0].astype("<u4") * row_bytes + 4
        return pa.Array.from_buffers(
            pa.string_view(), n, [validity, pa.py_buffer(views), pa.py_buffer(mat.reshape(-1))]
        )

    def to_pylist(self) -> list[str | None]:
        return self.to_arrow().to_pylist()


def _keep_mask(lengths: np.ndarray, width: int, prefix: int) -> np.ndarray:
    """(n, prefix + width) mask of the ``prefix`` bytes and the first ``lengths`` bytes
    of each row."""
    n = len(lengths)
    lo = int(lengths.min()) if n else width
    keep = np.empty((n, width + prefix), dtype=bool)
    keep[:, : lo + prefix] = True
    if lo < width:
        keep[:, lo + prefix :] = np.arange(lo, width)[None, :] < lengths[:, None]
    return keep


def strs_from_list(values: Sequence[str]) -> Strs:
    """A :class:`Strs` of a (short) list of Python strings."""
    enc = [v.encode("utf-8") for v in values]
    width = max((len(b) for b in enc), default=0)
    mat = np.zeros((len(enc), width + 4), _U8)
    lengths = np.array([len(b) for b in enc], dtype=np.int64)
    mat[:, :4] = lengths.astype("<u4").view(_U8).reshape(-1, 4)
    for i, b in enumerate(enc):
        mat[i, 4 : 4 + len(b)] = np.frombuffer(b, _U8)
    fixed = len(enc) == 0 or bool((lengths == width).all())
    return Strs(mat, None if fixed else lengths)


def strs_from_arrow(arr: pa.Array | pa.ChunkedArray) -> Strs:
    """A :class:`Strs` of an Arrow string array (nulls kept)."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    if pa.types.is_large_string(arr.type):
        arr = arr.cast(pa.string())
    n = len(arr)
    bufs = arr.buffers()
    offsets = np.frombuffer(bufs[1], dtype=np.int32)[arr.offset : arr.offset + n + 1]
    data = np.frombuffer(bufs[2], dtype=_U8) if bufs[2] is not None else np.zeros(0, _U8)
    lengths = np.diff(offsets).astype(np.int64)
    width = int(lengths.max()) if n else 0
    mat = np.zeros((n, width + 4), _U8)
    mat[:, :4] = lengths.astype("<u4").view(_U8).reshape(-1, 4)
    if width and len(data):
        src = offsets[:-1, None].astype(np.int64) + np.arange(width)[None, :]
        np.minimum(src, len(data) - 1, out=src)
        mat[:, 4:] = data[src]
    null = None
    if arr.null_count:
        null = ~np.asarray(arr.is_valid())
    fixed = n == 0 or bool((lengths == width).all())
    return Strs(mat, None if fixed else lengths, null)


@dataclass
class Dict:
    """Dictionary-encoded strings: ``values[idx]`` (``values`` unique)."""

    values: Strs
    idx: np.ndarray
    null: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.idx)

    def take(self, idx: np.ndarray) -> Dict:
        return Dict(self.values, self.idx[idx], _take_mask(self.null, idx))

    @staticmethod
    def concat(parts: Sequence[Dict]) -> Dict:
        """Parts end to end; different dictionaries are laid end to end too (their values
        may then repeat: fine for Arrow; the writer makes them unique for Parquet)."""
        values = parts[0].values
        if all(p.values is values for p in parts):
            idx = np.concatenate([p.idx for p in parts])
        else:
            starts = np.cumsum([0] + [len(p.values) for p in parts[:-1]])
            values = Strs.concat([p.values for p in parts])
            idx = np.concatenate([p.idx + s for p, s in zip(parts, starts, strict=True)])
        return Dict(values, idx.astype(np.int32), _concat_masks([(p.null, len(p)) for p in parts]))

    def to_arrow(self) -> pa.Array:
        indices = _fixed_width(pa.int32(), self.idx.astype(np.int32, copy=False), self.null)
        return pa.DictionaryArray.from_arrays(indices, self.values.to_arrow())

    def decoded(self) -> Strs:
        return self.values.take(self.idx).with_null(self.null)


#: Num kinds and their Arrow types
NUM_TYPES: dict[str, pa.DataType] = {
    "int64": pa.int64(),
    "timestamp": pa.timestamp("us"),
    "date": pa.date32(),
    "decimal": pa.decimal128(18, 2),
    "bool": pa.bool_(),
}


@dataclass
class Num:
    """Numbers: ``int64``, ``timestamp`` (us), ``date`` (days), ``decimal`` (cents), ``bool``."""

    values: np.ndarray
    kind: str
    null: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.values)

    def take(self, idx: np.ndarray) -> Num:
        return Num(self.values[idx], self.kind, _take_mask(self.null, idx))

    @staticmethod
    def concat(parts: Sequence[Num]) -> Num:
        return Num(
            np.concatenate([p.values for p in parts]),
            parts[0].kind,
            _concat_masks([(p.null, len(p)) for p in parts]),
        )

    def to_arrow(self) -> pa.Array:
        mask = self.null if self.null is not None and self.null.any() else None
        if self.kind == "decimal":
            c = np.asarray(self.values, dtype=np.int64)
            words = np.empty((len(c), 2), dtype=np.int64)
            words[:, 0] = c
            words[:, 1] = c >> 63
            return pa.Array.from_buffers(
                pa.decimal128(18, 2), len(c), [_validity(mask), pa.py_buffer(words)]
            )
        if self.kind == "date":
            return _fixed_width(pa.date32(), self.values.astype(np.int32, copy=False), mask)
        if self.kind == "bool":
            bits = np.packbits(self.values.astype(bool, copy=False), bitorder="little")
            return pa.Array.from_buffers(
                pa.bool_(), len(self), [_validity(mask), pa.py_buffer(bits)]
            )
        return _fixed_width(NUM_TYPES[self.kind], self.values.astype(np.int64, copy=False), mask)


def _fixed_width(t: pa.DataType, values: np.ndarray, null: np.ndarray | None) -> pa.Array:
    """An Arrow array of type ``t`` over the numpy buffer ``values`` (no conversion)."""
    values = np.ascontiguousarray(values)
    return pa.Array.from_buffers(t, len(values), [_validity(null), pa.py_buffer(values)])


Column = Strs | Dict | Num


@dataclass
class Chunked:
    """Columns of one kind laid end to end without copying until they are
    materialised (for Arrow)."""

    parts: list[Column]

    def __len__(self) -> int:
        return sum(len(p) for p in self.parts)

    @property
    def null(self) -> np.ndarray | None:
        return _concat_masks([(p.null, len(p)) for p in self.parts])

    def materialize(self) -> Column:
        return concat(self.parts)

    def take(self, idx: np.ndarray) -> Column:
        return self.materialize().take(idx)

    def to_arrow(self) -> pa.Array:
        return self.materialize().to_arrow()


AnyColumn = Column | Chunked


def concat(parts: Sequence[Column]) -> Column:
    return type(parts[0]).concat(parts)  # type: ignore[arg-type]


def materialize(col: AnyColumn) -> Column:
    return col.materialize() if isinstance(col, Chunked) else col


def chain(parts: Sequence[AnyColumn]) -> Chunked:
    """``parts`` end to end (nested chains flattened)."""
    flat: list[Column] = []
    for p in parts:
        flat.extend(p.parts if isinstance(p, Chunked) else [p])
    return Chunked(flat)


def from_arrow(arr: pa.Array | pa.ChunkedArray) -> Column:
    """A column of an Arrow array (string, dictionary, int64, timestamp, date, decimal, bool)."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    t = arr.type
    null = ~np.asarray(arr.is_valid()) if arr.null_count else None
    if pa.types.is_dictionary(t):
        values = strs_from_arrow(arr.dictionary)
        idx = np.asarray(arr.indices.fill_null(0)).astype(np.int32)
        return Dict(values, idx, null)
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return strs_from_arrow(arr)
    if pa.types.is_boolean(t):
        return Num(np.asarray(arr.fill_null(False)), "bool", null)
    if pa.types.is_decimal(t):
        words = np.frombuffer(arr.buffers()[1], dtype=np.int64)
        cents = words[2 * arr.offset : 2 * (arr.offset + len(arr)) : 2].copy()
        return Num(cents, "decimal", null)
    if pa.types.is_date32(t):
        return Num(np.asarray(arr.cast(pa.int32()).fill_null(0)).astype(np.int32), "date", null)
    if pa.types.is_timestamp(t):
        return Num(np.asarray(arr.cast(pa.int64()).fill_null(0)), "timestamp", null)
    if pa.types.is_integer(t):
        return Num(np.asarray(arr.cast(pa.int64()).fill_null(0)), "int64", null)
    raise TypeError(f"unsupported column type {t}")


class Frame:
    """Named columns of equal length, in order."""

    def __init__(self, cols: dict[str, AnyColumn]) -> None:
        self.cols = dict(cols)
        lengths = {len(c) for c in self.cols.values()}
        assert len(lengths) <= 1, {k: len(c) for k, c in self.cols.items()}
        self.num_rows = lengths.pop() if lengths else 0

    @property
    def names(self) -> list[str]:
        return list(self.cols)

    def __getitem__(self, name: str) -> AnyColumn:
        return self.cols[name]

    def take(self, idx: np.ndarray) -> Frame:
        return Frame({k: c.take(idx) for k, c in self.cols.items()})

    def replace(self, **cols: AnyColumn) -> Frame:
        return Frame({**self.cols, **cols})

    @staticmethod
    def concat(parts: Sequence[Frame]) -> Frame:
        """Rows of ``parts`` one after the other (columns chained, not copied)."""
        names = parts[0].names
        return Frame({k: chain([p.cols[k] for p in parts]) for k in names})

    def to_arrow(self, schema: pa.Schema | None = None, decode: bool = True) -> pa.Table:
        """An Arrow table (dictionary columns decoded to strings unless ``decode`` is false)."""
        arrays = []
        for col in self.cols.values():
            arr = col.to_arrow()
            if decode and pa.types.is_dictionary(arr.type):
                arr = arr.dictionary_decode()
            arrays.append(arr)
        if schema is not None:
            return pa.Table.from_arrays(arrays, schema=schema)
        return pa.Table.from_arrays(arrays, names=self.names)

    @staticmethod
    def from_arrow(table: pa.Table) -> Frame:
        return Frame({name: from_arrow(table.column(name)) for name in table.column_names})

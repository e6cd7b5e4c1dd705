"""A small Parquet writer for the generator's columns (numpy in, file bytes out).

pyarrow's writer spends most of its time in per-value loops (dictionary indexes,
definition levels); the generator already holds every column in the layout Parquet
wants (length-prefixed strings, dictionary indexes, plain numbers), so it encodes row
groups itself with numpy and only calls a codec. Files are plain Parquet (format 2.6
metadata, data pages v1, like pyarrow writes them): ``PLAIN`` strings and numbers,
``RLE_DICTIONARY`` dictionary columns, ``RLE`` definition levels, snappy pages,
min/max statistics for numbers, dates and timestamps, null counts for all columns,
no embedded Arrow schema (dictionary columns read back as ``string``).

Row groups are encoded independently (:func:`encode_row_group`, in worker processes)
into a byte blob with offsets relative to its start; :class:`ParquetFileWriter` appends
blobs and writes the footer with the blobs' metadata shifted to their file positions.
"""

from __future__ import annotations

import dataclasses
import os
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from lottery_analytics.generator import thrift as T
from lottery_analytics.generator.columns import AnyColumn, Chunked, Column, Dict, Frame, Num, Strs

MAGIC = b"PAR1"
CREATED_BY = "lottery-analytics generator (numpy Parquet writer)"

# parquet.thrift enums
BOOLEAN, INT32, INT64, BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY = 0, 1, 2, 6, 7
REQUIRED, OPTIONAL = 0, 1
UTF8, DECIMAL, DATE, TIMESTAMP_MICROS = 0, 5, 6, 10
PLAIN, RLE, RLE_DICTIONARY = 0, 3, 8
DATA_PAGE, DICTIONARY_PAGE = 0, 2
CODECS = {"none": 0, "snappy": 1, "zstd": 6, "lz4_raw": 7}

#: TimestampType(isAdjustedToUTC=false, unit=MICROS)
_TIMESTAMP_US: T.Struct = [(1, T.BOOL, False), (2, T.STRUCT, [(2, T.STRUCT, [])])]
#: target uncompressed bytes of values per data page
PAGE_BYTES = 1 << 21


@dataclass(frozen=True)
class ColumnSpec:
    """A column of a file: its name, Arrow type, nullability and codec."""

    name: str
    type: pa.DataType
    nullable: bool
    codec: str = "snappy"

    @property
    def physical(self) -> int:
        t = self.type
        if pa.types.is_string(t):
            return BYTE_ARRAY
        if pa.types.is_boolean(t):
            return BOOLEAN
        if pa.types.is_date32(t):
            return INT32
        if pa.types.is_decimal(t):
            return FIXED_LEN_BYTE_ARRAY
        return INT64

    def schema_element(self) -> T.Struct:
        t = self.type
        rep = OPTIONAL if self.nullable else REQUIRED
        name = (4, T.BINARY, self.name)
        if pa.types.is_string(t):
            return [
                (1, T.I32, BYTE_ARRAY),
                (3, T.I32, rep),
                name,
                (6, T.I32, UTF8),
                (10, T.STRUCT, [(1, T.STRUCT, [])]),
            ]
        if pa.types.is_decimal(t):
            assert t.precision <= 18
            return [
                (1, T.I32, FIXED_LEN_BYTE_ARRAY),
                (2, T.I32, 8),
                (3, T.I32, rep),
                name,
                (6, T.I32, DECIMAL),
                (7, T.I32, t.scale),
                (8, T.I32, t.precision),
                (10, T.STRUCT, [(5, T.STRUCT, [(1, T.I32, t.scale), (2, T.I32, t.precision)])]),
            ]
        if pa.types.is_date32(t):
            return [
                (1, T.I32, INT32),
                (3, T.I32, rep),
                name,
                (6, T.I32, DATE),
                (10, T.STRUCT, [(6, T.STRUCT, [])]),
            ]
        if pa.types.is_timestamp(t):
            assert t.unit == "us" and t.tz is None
            return [
                (1, T.I32, INT64),
                (3, T.I32, rep),
                name,
                (6, T.I32, TIMESTAMP_MICROS),
                (
                    10,
                    T.STRUCT,
                    [(8, T.STRUCT, [(1, T.BOOL, False), (2, T.STRUCT, [(2, T.STRUCT, [])])])],
                ),
            ]
        if pa.types.is_boolean(t):
            return [(1, T.I32, BOOLEAN), (3, T.I32, rep), name]
        if pa.types.is_int64(t):
            return [(1, T.I32, INT64), (3, T.I32, rep), name]
        raise TypeError(f"{self.name}: unsupported type {t}")


def specs(schema: pa.Schema, codecs: dict[str, str] | None = None) -> list[ColumnSpec]:
    codecs = codecs or {}
    return [ColumnSpec(f.name, f.type, f.nullable, codecs.get(f.name, "snappy")) for f in schema]


# --------------------------------------------------------------------------------------
# encodings


def _uleb(v: int) -> bytes:
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def bit_pack(values: np.ndarray, width: int) -> np.ndarray:
    """Values packed ``width`` bits each, LSB first, in groups of 8 (Parquet bit-packing);
    the last group is padded with zeros."""
    n = len(values)
    groups = (n + 7) // 8
    v = np.zeros(groups * 8, dtype=np.uint64)
    v[:n] = values
    v = v.reshape(groups, 8)
    nwords = (8 * width + 63) // 64
    words = np.zeros((groups, nwords), dtype=np.uint64)
    for j in range(8):
        w, off = divmod(j * width, 64)
        words[:, w] |= v[:, j] << np.uint64(off)
        if off + width > 64:
            words[:, w + 1] |= v[:, j] >> np.uint64(64 - off)
    return words.view(np.uint8)[:, :width].reshape(-1)


def index_width(ndict: int) -> int:
    """Bit width of dictionary indexes: the least that fits up to 8 bits, else whole bytes
    (the width is written in the page, readers take any; bytes need no packing)."""
    bits = max(1, int(ndict - 1).bit_length())
    return bits if bits <= 8 else -(-bits // 8) * 8


def hybrid(values: np.ndarray, width: int) -> list[bytes | np.ndarray]:
    """RLE/bit-packing hybrid of non-negative ints: one RLE run when constant, else one
    bit-packed run."""
    n = len(values)
    if n == 0:
        return []
    first = int(values[0])
    if n == 1 or not (values != first).any():
        return [_uleb(n << 1), first.to_bytes((width + 7) // 8, "little")]
    groups = (n + 7) // 8
    if width == 1:
        packed = np.packbits(values.astype(bool), bitorder="little")
    elif width in (16, 32):
        packed = np.zeros(groups * 8, dtype=f"<u{width // 8}")
        packed[:n] = values
        packed = packed.view(np.uint8)
    elif width == 24:
        # four values in three little-endian 32-bit words
        v = np.zeros(groups * 8, dtype=np.uint32)
        v[:n] = values
        v = v.reshape(-1, 4)
        words = np.empty((len(v), 3), dtype="<u4")
        words[:, 0] = v[:, 0] | (v[:, 1] << 24)
        words[:, 1] = (v[:, 1] >> 8) | (v[:, 2] << 16)
        words[:, 2] = (v[:, 2] >> 16) | (v[:, 3] << 8)
        packed = words.view(np.uint8).reshape(-1)
    else:
        packed = bit_pack(values, width)
    return [_uleb((groups << 1) | 1), packed]


def _def_levels(valid: np.ndarray | None, n: int) -> list[bytes | np.ndarray]:
    """Definition levels (max level 1) of a v1 data page, with their 4-byte length."""
    if valid is None:
        parts: list[bytes | np.ndarray] = [_uleb(n << 1), b"\x01"]
    else:
        parts = hybrid(valid.view(np.uint8), 1)
    size = sum(len(p) if isinstance(p, bytes) else p.nbytes for p in parts)
    return [struct.pack("<I", size), *parts]


def _plain_num(col: Num, valid: np.ndarray | None) -> np.ndarray:
    v = col.values if valid is None else col.values[valid]
    if col.kind == "decimal":
        return v.astype(">i8").view(np.uint8)
    if col.kind == "date":
        return v.astype("<i4").view(np.uint8)
    if col.kind == "bool":
        return np.packbits(v.astype(bool), bitorder="little")
    return v.astype("<i8").view(np.uint8)


def _stat_bytes(col: Num, v: int) -> bytes:
    if col.kind == "decimal":
        return struct.pack(">q", v)
    if col.kind == "date":
        return struct.pack("<i", v)
    return struct.pack("<q", v)


def _nbytes(parts: list[bytes | np.ndarray | pa.Buffer]) -> int:
    return sum(p.nbytes if isinstance(p, np.ndarray) else len(p) for p in parts)


@dataclass
class EncodedColumn:
    """A column chunk: its bytes and metadata (offsets relative to the blob)."""

    parts: list = field(default_factory=list)
    size: int = 0
    uncompressed: int = 0
    data_page_offset: int = 0
    dictionary_page_offset: int | None = None
    encodings: tuple[int, ...] = ()
    page_stats: list[tuple[int, int, int]] = field(default_factory=list)
    num_values: int = 0
    statistics: T.Struct | None = None
    codec: str = "none"

    def add_page(
        self, ptype: int, header_fields: T.Struct, body: list, codec: pa.Codec | None
    ) -> None:
        raw = _nbytes(body)
        if codec is not None:
            data = codec.compress(_joined(body))
            comp = data.size
            body = [data]
        else:
            comp = raw
        header = T.encode([(1, T.I32, ptype), (2, T.I32, raw), (3, T.I32, comp), *header_fields])
        self.parts.append(header)
        self.parts.extend(body)
        self.size += len(header) + comp
        self.uncompressed += len(header) + raw


def _joined(body: list) -> bytes | np.ndarray | pa.Buffer:
    return body[0] if len(body) == 1 else b"".join(_as_bytes(p) for p in body)


#: a column chunk is compressed only when its first data page shrinks below this share
#: (random-looking ids, load timestamps and wide dictionary indexes do not: storing them
#: as they are saves the codec's time for a few percent of size)
MAX_COMPRESSED_SHARE = 0.75
TRIAL_BYTES = 1 << 16


def _add_pages(
    out: EncodedColumn, pages: list[tuple[int, T.Struct, list]], codec_name: str, offset: int
) -> None:
    """Add the pages, compressed with ``codec_name`` when it pays (see above)."""
    codec = _codec(codec_name)
    if codec is not None and pages:
        # try the codec on (the start of) the first data page
        k = next((i for i, p in enumerate(pages) if p[0] == DATA_PAGE), 0)
        sample = memoryview(_as_bytes(_joined(pages[k][2]))).cast("B")[:TRIAL_BYTES]
        if len(sample) and codec.compress(sample).size > MAX_COMPRESSED_SHARE * len(sample):
            codec, codec_name = None, "none"
    out.codec = codec_name
    first_data = True
    for ptype, fields, body in pages:
        if ptype == DICTIONARY_PAGE:
            out.dictionary_page_offset = offset + out.size
        elif first_data:
            out.data_page_offset = offset + out.size
            first_data = False
        out.add_page(ptype, fields, body, codec)


def _as_bytes(p: bytes | np.ndarray | pa.Buffer) -> bytes | memoryview:
    if isinstance(p, np.ndarray):
        return memoryview(np.ascontiguousarray(p)).cast("B")
    return p


_CODEC_CACHE: dict[str, pa.Codec | None] = {}


def _codec(name: str) -> pa.Codec | None:
    if name not in _CODEC_CACHE:
        _CODEC_CACHE[name] = None if name == "none" else pa.Codec(name)
    return _CODEC_CACHE[name]


def _page_rows(n: int, bytes_per_row: float) -> int:
    rows = int(PAGE_BYTES / max(bytes_per_row, 0.125))
    return max(8192, rows // 8 * 8) if rows < n else n


def encode_column(col: AnyColumn, spec: ColumnSpec, offset: int) -> EncodedColumn:
    """Encode a column chunk whose first byte will be at ``offset`` in the blob."""
    pages: list[tuple[int, T.Struct, list]] = []
    parts: list[Column] = list(col.parts) if isinstance(col, Chunked) else [col]
    n = sum(len(p) for p in parts)
    out = EncodedColumn(num_values=n)
    nulls = [int(p.null.sum()) if p.null is not None else 0 for p in parts]
    null_count = sum(nulls)
    if null_count and not spec.nullable:
        raise ValueError(f"{spec.name}: nulls in a required column")

    first = parts[0]
    dictionary = isinstance(first, Dict) and null_count < n and _one_dictionary(parts)
    width = 0
    if dictionary:
        assert isinstance(first, Dict)
        ndict = len(first.values)
        pages.append(
            (
                DICTIONARY_PAGE,
                [(7, T.STRUCT, [(1, T.I32, ndict), (2, T.I32, PLAIN), (3, T.BOOL, False)])],
                [first.values.plain()],
            )
        )
        width = index_width(ndict)
        value_encoding = RLE_DICTIONARY
        bytes_per_row = width / 8
        out.page_stats.append((DICTIONARY_PAGE, PLAIN, 1))
    else:
        parts = [p.decoded() if isinstance(p, Dict) else p for p in parts]
        value_encoding = PLAIN
        first = parts[0]
        bytes_per_row = (first.width + 4) if isinstance(first, Strs) else 8

    step = max(1, _page_rows(n, bytes_per_row))
    for part in parts:
        m = len(part)
        null = part.null
        for lo in range(0, m, step):
            hi = min(m, lo + step)
            page_null = None if null is None else null[lo:hi]
            valid = None if page_null is None or not page_null.any() else ~page_null
            body: list = []
            if spec.nullable:
                body.extend(_def_levels(valid, hi - lo))
            sub = slice(lo, hi)
            if dictionary:
                assert isinstance(part, Dict)
                idx = part.idx[sub] if valid is None else part.idx[sub][valid]
                body.append(bytes([width]))
                body.extend(hybrid(idx, width))
            elif isinstance(part, Strs):
                body.append(_strs_plain(part, sub, valid))
            else:
                assert isinstance(part, Num)
                body.append(_plain_num(Num(part.values[sub], part.kind), valid))
            header = [(1, T.I32, hi - lo), (2, T.I32, value_encoding), (3, T.I32, RLE)]
            header.append((4, T.I32, RLE))
            pages.append((DATA_PAGE, [(5, T.STRUCT, header)], body))
    _add_pages(out, pages, spec.codec, offset)
    n_data = sum(1 for p in pages if p[0] == DATA_PAGE)
    out.page_stats.append((DATA_PAGE, value_encoding, n_data))
    out.encodings = (PLAIN, RLE, RLE_DICTIONARY) if dictionary else (RLE, PLAIN)

    if isinstance(first, Num) and first.kind != "bool" and null_count < n:
        lows, highs = [], []
        for part, k in zip(parts, nulls, strict=True):
            assert isinstance(part, Num)
            if k == len(part):
                continue
            v = part.values if part.null is None else part.values[~part.null]
            lows.append(int(v.min()))
            highs.append(int(v.max()))
        lo_v, hi_v = _stat_bytes(first, min(lows)), _stat_bytes(first, max(highs))
        stats: T.Struct = [(1, T.BINARY, hi_v), (2, T.BINARY, lo_v), (3, T.I64, null_count)]
        stats += [(5, T.BINARY, hi_v), (6, T.BINARY, lo_v), (7, T.BOOL, True), (8, T.BOOL, True)]
    else:
        stats = [(3, T.I64, null_count)]
    out.statistics = stats
    return out


def _one_dictionary(parts: list[Column]) -> bool:
    """Whether dictionary parts share their dictionary (else they are written plain)."""
    first = parts[0]
    assert isinstance(first, Dict)
    for p in parts[1:]:
        if not isinstance(p, Dict):
            return False
        if p.values is not first.values and not (
            p.values.mat.shape == first.values.mat.shape
            and np.array_equal(p.values.mat, first.values.mat)
            and np.array_equal(p.values.row_lengths(), first.values.row_lengths())
        ):
            return False
    return True


def _strs_plain(col: Strs, sub: slice, valid: np.ndarray | None) -> np.ndarray | pa.Buffer:
    part = Strs(col.mat[sub], None if col.lengths is None else col.lengths[sub])
    if valid is not None:
        part = part.take(np.nonzero(valid)[0])
    return plain_bytes(part)


def plain_bytes(s: Strs) -> np.ndarray | pa.Buffer:
    """PLAIN bytes of all rows of ``s`` (nulls ignored: callers drop them)."""
    n = len(s)
    if s.lengths is None:
        return np.ascontiguousarray(s.mat).reshape(-1)
    if n == 0:
        return np.zeros(0, np.uint8)
    if int(s.lengths.min()) + 4 <= 12:
        return s.plain()
    # binary views over the rows, cast to binary by Arrow: the data buffer of the result
    # is the rows' prefixed bytes laid end to end
    mat = np.ascontiguousarray(s.mat)
    w = mat.shape[1]
    views = np.empty((n, 4), dtype=np.uint32)
    views[:, 0] = s.lengths + 4
    views[:, 1] = s.lengths
    views[:, 2] = 0
    views[:, 3] = np.arange(0, n * w, w, dtype=np.uint32)
    arr = pa.Array.from_buffers(
        pa.binary_view(), n, [None, pa.py_buffer(views), pa.py_buffer(mat.reshape(-1))]
    )
    flat = arr.cast(pa.binary())
    total = int(views[:, 0].sum(dtype=np.int64))
    return flat.buffers()[2].slice(0, total)


@dataclass
class EncodedRowGroup:
    """A row group's bytes (``parts`` laid end to end) and its column metadata."""

    num_rows: int
    parts: list
    size: int
    columns: list[tuple[ColumnSpec, EncodedColumn]]

    def write_to(self, fd: int, offset: int) -> None:
        """Write the bytes at ``offset`` of the open file descriptor ``fd``."""
        for p in self.parts:
            offset += pwrite_all(fd, _as_bytes(p), offset)

    def copy_into(self, buf: memoryview, offset: int) -> None:
        """Copy the bytes into ``buf`` from ``offset``."""
        for p in self.parts:
            view = memoryview(_as_bytes(p)).cast("B")
            buf[offset : offset + len(view)] = view
            offset += len(view)

    def meta(self) -> RowGroupMeta:
        """The metadata without the bytes (to send to another process)."""
        return RowGroupMeta(
            self.num_rows,
            self.size,
            [(spec, dataclasses.replace(enc, parts=[])) for spec, enc in self.columns],
        )


def pwrite_all(fd: int, data: bytes | memoryview | pa.Buffer, offset: int) -> int:
    view = memoryview(data).cast("B")
    done = 0
    while done < len(view):
        done += os.pwrite(fd, view[done:], offset + done)
    return done


@dataclass
class RowGroupMeta:
    """What the footer needs of a row group (picklable, no data)."""

    num_rows: int
    size: int
    columns: list[tuple[ColumnSpec, EncodedColumn]]


def encode_row_group(frame: Frame, columns: list[ColumnSpec]) -> EncodedRowGroup:
    if frame.names != [c.name for c in columns]:
        raise ValueError(f"columns {frame.names} != {[c.name for c in columns]}")
    parts: list = []
    encoded = []
    offset = 0
    for spec in columns:
        enc = encode_column(frame[spec.name], spec, offset)
        parts.extend(enc.parts)
        offset += enc.size
        encoded.append((spec, enc))
    return EncodedRowGroup(frame.num_rows, parts, offset, encoded)


# --------------------------------------------------------------------------------------
# files


def _column_meta(spec: ColumnSpec, enc: EncodedColumn, base: int) -> T.Struct:
    meta: T.Struct = [
        (1, T.I32, spec.physical),
        (2, T.LIST, (T.I32, list(enc.encodings))),
        (3, T.LIST, (T.BINARY, [spec.name])),
        (4, T.I32, CODECS[enc.codec]),
        (5, T.I64, enc.num_values),
        (6, T.I64, enc.uncompressed),
        (7, T.I64, enc.size),
        (9, T.I64, base + enc.data_page_offset),
    ]
    if enc.dictionary_page_offset is not None:
        meta.append((11, T.I64, base + enc.dictionary_page_offset))
    if enc.statistics is not None:
        meta.append((12, T.STRUCT, enc.statistics))
    meta.append(
        (
            13,
            T.LIST,
            (
                T.STRUCT,
                [[(1, T.I32, p), (2, T.I32, e), (3, T.I32, c)] for p, e, c in enc.page_stats],
            ),
        )
    )
    return meta


class ParquetFileWriter:
    """Appends encoded row groups to a file; ``close`` writes the footer."""

    def __init__(self, path: Path, columns: list[ColumnSpec]) -> None:
        self.path = Path(path)
        self.columns = columns
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        self._pos = pwrite_all(self._fd, MAGIC, 0)
        self._groups: list[T.Struct] = []
        self.rows = 0

    def _record(self, meta: RowGroupMeta, base: int) -> None:
        if [s.name for s, _ in meta.columns] != [c.name for c in self.columns]:
            raise ValueError(f"{self.path.name}: row group columns differ from the file's")
        chunks = [
            [(2, T.I64, 0), (3, T.STRUCT, _column_meta(spec, enc, base))]
            for spec, enc in meta.columns
        ]
        total = sum(enc.uncompressed for _, enc in meta.columns)
        first = meta.columns[0][1]
        first_off = (
            first.dictionary_page_offset
            if first.dictionary_page_offset is not None
            else first.data_page_offset
        )
        self._groups.append(
            [
                (1, T.LIST, (T.STRUCT, chunks)),
                (2, T.I64, total),
                (3, T.I64, meta.num_rows),
                (5, T.I64, base + first_off),
                (6, T.I64, meta.size),
            ]
        )
        self.rows += meta.num_rows

    def append(self, group: EncodedRowGroup) -> None:
        """Append a row group encoded in this process."""
        if group.num_rows == 0:
            return
        base = self._pos
        group.write_to(self._fd, base)
        self._pos += group.size
        self._record(group.meta(), base)

    def append_buffer(self, data: memoryview, meta: RowGroupMeta) -> None:
        """Append a row group whose bytes are ``data`` (encoded by another process)."""
        if meta.num_rows == 0:
            return
        base = self._pos
        self._pos += pwrite_all(self._fd, data, base)
        self._record(meta, base)

    def append_file(self, path: str, offset: int, meta: RowGroupMeta) -> None:
        """Append a row group whose bytes are ``meta.size`` bytes of ``path`` at ``offset``."""
        if meta.num_rows == 0:
            return
        base = self._pos
        src = os.open(path, os.O_RDONLY)
        try:
            copy_range(src, self._fd, offset, base, meta.size)
        finally:
            os.close(src)
        self._pos += meta.size
        self._record(meta, base)

    def close(self) -> None:
        schema = [
            [(3, T.I32, REQUIRED), (4, T.BINARY, "schema"), (5, T.I32, len(self.columns))]
        ] + [c.schema_element() for c in self.columns]
        footer = T.encode(
            [
                (1, T.I32, 2),
                (2, T.LIST, (T.STRUCT, schema)),
                (3, T.I64, self.rows),
                (4, T.LIST, (T.STRUCT, self._groups)),
                (6, T.BINARY, CREATED_BY),
                (7, T.LIST, (T.STRUCT, [[(1, T.STRUCT, [])] for _ in self.columns])),
            ]
        )
        tail = footer + struct.pack("<I", len(footer)) + MAGIC
        self._pos += pwrite_all(self._fd, tail, self._pos)
        os.close(self._fd)

    @property
    def bytes(self) -> int:
        return self._pos


def copy_range(src: int, dst: int, src_off: int, dst_off: int, size: int) -> None:
    """Copy ``size`` bytes between file descriptors (in the kernel when it can)."""
    done = 0
    kernel_copy = getattr(os, "copy_file_range", None)
    if kernel_copy is not None:
        try:
            while done < size:
                k = kernel_copy(src, dst, size - done, src_off + done, dst_off + done)
                if k == 0:
                    break
                done += k
        except OSError:
            pass
    while done < size:
        buf = os.pread(src, min(size - done, 1 << 24), src_off + done)
        if not buf:
            raise OSError("short read while copying a row group")
        done += pwrite_all(dst, buf, dst_off + done)

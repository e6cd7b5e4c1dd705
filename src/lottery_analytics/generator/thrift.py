"""The Thrift compact protocol, as much of it as Parquet metadata needs.

A struct is a list of ``(field_id, type, value)`` triples in field-id order; a value is an
``int`` (I16/I32/I64), ``bool``, ``bytes``/``str`` (BINARY), a struct (a list of triples,
type ``STRUCT``) or ``(element_type, [values])`` (type ``LIST``). ``decode`` reads the
same shape back (it is used by the tests and to inspect files).
"""

from __future__ import annotations

from typing import Any

BOOL, BYTE, I16, I32, I64, DOUBLE, BINARY, LIST, SET, MAP, STRUCT = (
    1,
    3,
    4,
    5,
    6,
    7,
    8,
    9,
    10,
    11,
    12,
)
_TRUE, _FALSE = 1, 2

Struct = list[tuple[int, int, Any]]


def _varint(out: bytearray, v: int) -> None:
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return


def _zigzag(v: int) -> int:
    return (v << 1) ^ (v >> 63)


def _value(out: bytearray, typ: int, v: Any) -> None:
    if typ in (I16, I32, I64):
        _varint(out, _zigzag(int(v)))
    elif typ == BINARY:
        b = v.encode("utf-8") if isinstance(v, str) else bytes(v)
        _varint(out, len(b))
        out += b
    elif typ == STRUCT:
        _struct(out, v)
    elif typ == LIST:
        etype, items = v
        n = len(items)
        if n < 15:
            out.append((n << 4) | etype)
        else:
            out.append(0xF0 | etype)
            _varint(out, n)
        for item in items:
            if etype == BOOL:
                out.append(_TRUE if item else _FALSE)
            else:
                _value(out, etype, item)
    elif typ == BYTE:
        out.append(int(v) & 0xFF)
    else:
        raise ValueError(f"unsupported thrift type {typ}")


def _struct(out: bytearray, fields: Struct) -> None:
    last = 0
    for fid, typ, v in fields:
        if v is None:
            continue
        wire = (_TRUE if v else _FALSE) if typ == BOOL else typ
        delta = fid - last
        if 0 < delta <= 15:
            out.append((delta << 4) | wire)
        else:
            out.append(wire)
            _varint(out, _zigzag(fid))
        if typ != BOOL:
            _value(out, typ, v)
        last = fid
    out.append(0)


def encode(fields: Struct) -> bytes:
    """The compact-protocol bytes of a struct."""
    out = bytearray()
    _struct(out, fields)
    return bytes(out)


class _Reader:
    def __init__(self, data: bytes, pos: int = 0) -> None:
        self.data = data
        self.pos = pos

    def varint(self) -> int:
        shift = v = 0
        while True:
            b = self.data[self.pos]
            self.pos += 1
            v |= (b & 0x7F) << shift
            if not b & 0x80:
                return v
            shift += 7

    def zigzag(self) -> int:
        v = self.varint()
        return (v >> 1) ^ -(v & 1)

    def value(self, typ: int) -> Any:
        if typ in (I16, I32, I64):
            return self.zigzag()
        if typ == BINARY:
            n = self.varint()
            b = self.data[self.pos : self.pos + n]
            self.pos += n
            return bytes(b)
        if typ == STRUCT:
            return self.struct()
        if typ in (LIST, SET):
            head = self.data[self.pos]
            self.pos += 1
            n, etype = head >> 4, head & 0x0F
            if n == 15:
                n = self.varint()
            if etype in (_TRUE, _FALSE):
                items = []
                for _ in range(n):
                    items.append(self.data[self.pos] == _TRUE)
                    self.pos += 1
                return (BOOL, items)
            return (etype, [self.value(etype) for _ in range(n)])
        if typ == BYTE:
            b = self.data[self.pos]
            self.pos += 1
            return b
        if typ == DOUBLE:
            self.pos += 8
            return None
        raise ValueError(f"unsupported thrift type {typ}")

    def struct(self) -> Struct:
        fields: Struct = []
        last = 0
        while True:
            head = self.data[self.pos]
            self.pos += 1
            if head == 0:
                return fields
            delta, typ = head >> 4, head & 0x0F
            fid = last + delta if delta else self.zigzag()
            if typ in (_TRUE, _FALSE):
                fields.append((fid, BOOL, typ == _TRUE))
            else:
                fields.append((fid, typ, self.value(typ)))
            last = fid


def decode(data: bytes, pos: int = 0) -> tuple[Struct, int]:
    """A struct decoded from ``data[pos:]`` and the position after it."""
    r = _Reader(data, pos)
    s = r.struct()
    return s, r.pos

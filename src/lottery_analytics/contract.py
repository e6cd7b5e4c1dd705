"""The raw data contract (`raw_sources.md`) as code.

One place that says which raw tables exist, their columns, in order, and each column's
logical type. The generator writes exactly this shape, the loader checks files against it
and the bundled dbt seeds declare the same types.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

#: Logical type name -> Arrow type. Money is decimal, never float.
LOGICAL_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int64(),
    "decimal": pa.decimal128(18, 2),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us"),
}


@dataclass(frozen=True)
class Column:
    name: str
    logical_type: str
    nullable: bool = True

    @property
    def arrow_type(self) -> pa.DataType:
        return LOGICAL_TYPES[self.logical_type]


@dataclass(frozen=True)
class RawTable:
    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def arrow_schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, c.arrow_type, c.nullable) for c in self.columns])


def _cols(*spec: str) -> tuple[Column, ...]:
    """Columns from `name:type` strings; every table ends with `_loaded_at`."""
    cols = []
    for item in spec:
        name, logical_type = item.split(":")
        cols.append(Column(name, logical_type))
    cols.append(Column("_loaded_at", "timestamp", nullable=False))
    return tuple(cols)


RAW_TABLES: dict[str, RawTable] = {
    t.name: t
    for t in (
        RawTable(
            "signups",
            ("user_id",),
            _cols(
                "user_id:string",
                "anonymous_id:string",
                "signed_up_at:string",
                "email:string",
                "country_code:string",
                "date_of_birth:date",
                "device_type:string",
            ),
        ),
        RawTable(
            "deposits",
            ("deposit_id",),
            _cols(
                "deposit_id:string",
                "user_id:string",
                "deposited_at:string",
                "amount:decimal",
                "currency:string",
                "payment_method:string",
                "status:string",
            ),
        ),
        RawTable(
            "ticket_purchases",
            ("purchase_id",),
            _cols(
                "purchase_id:string",
                "user_id:string",
                "game_id:string",
                "purchased_at:string",
                "ticket_count:integer",
                "amount:decimal",
                "currency:string",
            ),
        ),
        RawTable(
            "games",
            ("game_id",),
            _cols(
                "game_id:string",
                "game_name:string",
                "draw_at:string",
                "jackpot_estimate:decimal",
                "currency:string",
                "ticket_price:decimal",
            ),
        ),
        RawTable(
            "funnel_spend",
            ("spend_date", "campaign_id"),
            _cols(
                "spend_date:date",
                "channel:string",
                "campaign_id:string",
                "campaign_name:string",
                "spend:decimal",
                "currency:string",
                "impressions:integer",
                "clicks:integer",
            ),
        ),
        RawTable(
            "web_events",
            ("event_id",),
            _cols(
                "event_id:string",
                "anonymous_id:string",
                "user_id:string",
                "event_at:string",
                "event_type:string",
                "page_url:string",
                "referrer:string",
                "utm_source:string",
                "utm_medium:string",
                "utm_campaign:string",
                "utm_content:string",
                "utm_term:string",
                "device_type:string",
                "user_agent:string",
            ),
        ),
    )
}

TABLE_NAMES: tuple[str, ...] = tuple(RAW_TABLES)

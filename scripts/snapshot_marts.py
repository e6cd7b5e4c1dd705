#!/usr/bin/env python3
"""Snapshot and compare the public marts of the lottery-analytics dbt warehouse.

    snapshot --target {duckdb,postgres,spark} --out DIR [--project DIR] [--marts-from ...]
    compare DIR_A DIR_B [--rtol R] [--ignore-engine-types] [--show N]

`snapshot` exports every public mart to DIR/<mart>.parquet: rows sorted by all columns
(in column order, nulls last), with the engine's types kept as far as Parquet allows
(decimal(p,s) as decimal, bigint as int64, integer as int32, double as float64, date as
date32, timestamp as timestamp[us]; Spark's timestamp is an instant, kept as
timestamp[us, tz=UTC]). The engine's own type names are kept in the Parquet schema
metadata (key `engine_types`) and in DIR/_types.json; DIR/_counts.json holds the rows per
mart and DIR/_snapshot.json how the marts were found.

The public marts are the models with `access: public` in the dbt manifest
(`<project>/target/manifest.json`, the project being the working directory unless
--project is given); the tables actually present in the marts schema are listed too and a
mismatch is an error. `--marts-from schema` uses the schema's tables instead.

Connection settings are the project's own environment variables: LOTTERY_DUCKDB_PATH
(default target/lottery.duckdb), LOTTERY_PG_HOST/PORT/USER/PASSWORD/DATABASE, and for
Spark LOTTERY_SPARK_DIR (default target/spark): a local SparkSession with the warehouse
directory and Derby metastore of profiles.yml (do not run it while a Spark build uses the
same LOTTERY_SPARK_DIR: Derby allows one process).

`compare` checks, per mart: the same column names (in order) and Arrow types, the same row
count, and the same rows as a multiset. Doubles are compared exactly (NaN equals NaN).
With --rtol R, rows that differ only in floating-point columns within a relative
tolerance R are reported separately as near-equal. With --ignore-engine-types, type
differences that are only engine spellings of the same kind of value (int32/int64,
string/large_string, decimal precision, timestamp with or without the UTC zone) are
reported but do not fail, and values are compared after normalising them (timestamps as
naive UTC, decimals by value).

Exit status of compare: 0 when every mart is identical, 1 on any difference, 2 when the
only differences are near-equal rows within --rtol.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

PROJECT_NAME = "lottery_analytics"
DEFAULT_SCHEMA = "marts"
TARGETS = ("duckdb", "postgres", "spark")


# --------------------------------------------------------------------------- marts list


@dataclass(frozen=True)
class Mart:
    name: str
    schema: str
    declared_types: dict[str, str]


def marts_from_manifest(project: Path) -> list[Mart]:
    """Models with `access: public` under models/marts in the project's manifest."""
    path = project / "target" / "manifest.json"
    if not path.exists():
        raise SystemExit(f"no dbt manifest at {path}: build the project first")
    manifest = json.loads(path.read_text())
    marts = []
    for node in manifest["nodes"].values():
        if node.get("resource_type") != "model" or node.get("access") != "public":
            continue
        if node.get("package_name") != PROJECT_NAME:
            continue
        if not str(node.get("original_file_path", "")).startswith("models/marts/"):
            continue
        types = {c: (v.get("data_type") or "") for c, v in node.get("columns", {}).items()}
        marts.append(Mart(node["name"], node["schema"], types))
    if not marts:
        raise SystemExit(f"{path}: no public model under models/marts")
    return sorted(marts, key=lambda m: m.name)


# ------------------------------------------------------------------------------ engines


@dataclass
class Export:
    table: pa.Table
    engine_types: dict[str, str]


class Engine:
    name: str

    def tables(self, schema: str) -> list[str]:
        raise NotImplementedError

    def export(self, schema: str, table: str) -> Export:
        raise NotImplementedError

    def close(self) -> None:
        return None


class DuckDBEngine(Engine):
    name = "duckdb"

    def __init__(self, project: Path) -> None:
        import duckdb

        path = Path(os.environ.get("LOTTERY_DUCKDB_PATH", "target/lottery.duckdb"))
        if not path.is_absolute():
            path = project / path
        if not path.exists():
            raise SystemExit(f"no DuckDB file at {path}")
        self.path = path
        self.con = duckdb.connect(str(path), read_only=True)

    def tables(self, schema: str) -> list[str]:
        rows = self.con.execute(
            "select table_name from information_schema.tables where table_schema = ? "
            "and table_catalog = current_database() order by 1",
            [schema],
        ).fetchall()
        return [r[0] for r in rows]

    def export(self, schema: str, table: str) -> Export:
        types = self.con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = ? and table_name = ? and table_catalog = current_database() "
            "order by ordinal_position",
            [schema, table],
        ).fetchall()
        relation = self.con.sql(f'select * from "{schema}"."{table}"')
        # duckdb >= 1.4 calls it to_arrow_table; older releases arrow()
        fetch = getattr(relation, "to_arrow_table", None) or relation.arrow
        data = fetch()
        return Export(data, {c: t.lower() for c, t in types})

    def close(self) -> None:
        self.con.close()


def _pg_arrow_type(data_type: str, precision: int | None, scale: int | None) -> pa.DataType:
    t = data_type.lower()
    if t in ("character varying", "text", "character", "name", "uuid"):
        return pa.string()
    if t == "bigint":
        return pa.int64()
    if t == "integer":
        return pa.int32()
    if t == "smallint":
        return pa.int16()
    if t == "double precision":
        return pa.float64()
    if t == "real":
        return pa.float32()
    if t == "boolean":
        return pa.bool_()
    if t == "date":
        return pa.date32()
    if t == "timestamp without time zone":
        return pa.timestamp("us")
    if t == "timestamp with time zone":
        return pa.timestamp("us", tz="UTC")
    if t == "numeric":
        if precision is None:
            raise ValueError("numeric without precision: cannot keep it as one decimal type")
        if precision <= 38:
            return pa.decimal128(precision, scale or 0)
        return pa.decimal256(precision, scale or 0)
    raise ValueError(f"PostgreSQL type {data_type!r} has no mapping")


class PostgresEngine(Engine):
    name = "postgres"

    def __init__(self) -> None:
        import psycopg2

        self.con = psycopg2.connect(
            host=os.environ.get("LOTTERY_PG_HOST", "127.0.0.1"),
            port=int(os.environ.get("LOTTERY_PG_PORT", "5432")),
            user=os.environ.get("LOTTERY_PG_USER", "lottery"),
            password=os.environ.get("LOTTERY_PG_PASSWORD", ""),
            dbname=os.environ.get("LOTTERY_PG_DATABASE", "lottery"),
        )
        self.con.set_session(readonly=True)
        with self.con.cursor() as cur:
            # shortest text that reads back as the same double (PostgreSQL 12+)
            cur.execute("set extra_float_digits = 3; set timezone = 'UTC'")

    def tables(self, schema: str) -> list[str]:
        with self.con.cursor() as cur:
            cur.execute(
                "select table_name from information_schema.tables where table_schema = %s "
                "order by 1",
                (schema,),
            )
            return [r[0] for r in cur.fetchall()]

    def export(self, schema: str, table: str) -> Export:
        with self.con.cursor() as cur:
            cur.execute(
                "select column_name, data_type, numeric_precision, numeric_scale, "
                "character_maximum_length from information_schema.columns "
                "where table_schema = %s and table_name = %s order by ordinal_position",
                (schema, table),
            )
            columns = cur.fetchall()
        names = [c[0] for c in columns]
        arrow_types = [_pg_arrow_type(c[1], c[2], c[3]) for c in columns]
        engine_types = {}
        for name, data_type, precision, scale, length in columns:
            spelled = data_type
            if data_type == "numeric":
                spelled = f"numeric({precision},{scale})"
            elif data_type == "character varying" and length:
                spelled = f"character varying({length})"
            engine_types[name] = spelled
        values: list[list[Any]] = [[] for _ in names]
        select = ", ".join(f'"{n}"' for n in names)
        with self.con.cursor(name="snapshot_marts") as cur:
            cur.itersize = 50_000
            cur.execute(f'select {select} from "{schema}"."{table}"')
            for row in cur:
                for i, v in enumerate(row):
                    values[i].append(v)
        self.con.rollback()
        arrays = [pa.array(v, type=t) for v, t in zip(values, arrow_types, strict=True)]
        schema_ = pa.schema([pa.field(n, t) for n, t in zip(names, arrow_types, strict=True)])
        return Export(pa.Table.from_arrays(arrays, schema=schema_), engine_types)

    def close(self) -> None:
        self.con.close()


class SparkEngine(Engine):
    """A local SparkSession with the `spark` output's settings of profiles.yml."""

    name = "spark"

    def __init__(self, project: Path) -> None:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        from pyspark.sql import SparkSession

        spark_dir = os.environ.get("LOTTERY_SPARK_DIR", "target/spark")
        base = Path(spark_dir)
        if not base.is_absolute():
            base = project / base
        if not base.is_dir():
            raise SystemExit(f"no Spark directory at {base} (LOTTERY_SPARK_DIR)")
        settings = {
            "spark.sql.session.timeZone": "UTC",
            "spark.sql.warehouse.dir": f"{base}/warehouse",
            "spark.hadoop.javax.jdo.option.ConnectionURL": (
                f"jdbc:derby:;databaseName={base}/metastore_db;create=true"
            ),
            "spark.driver.extraJavaOptions": f"-Dderby.system.home={base} -Duser.timezone=UTC",
            "spark.driver.memory": os.environ.get("LOTTERY_SPARK_DRIVER_MEMORY", "4g"),
            "spark.sql.shuffle.partitions": os.environ.get("LOTTERY_SPARK_SHUFFLE_PARTITIONS", "4"),
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",
        }
        builder = SparkSession.builder.master("local[2]").enableHiveSupport()
        for key, value in settings.items():
            builder = builder.config(key, value)
        self.spark = builder.getOrCreate()
        self.spark.sparkContext.setLogLevel("ERROR")

    def tables(self, schema: str) -> list[str]:
        rows = self.spark.sql(f"show tables in {schema}").collect()
        return sorted(r["tableName"] for r in rows if not r["isTemporary"])

    def export(self, schema: str, table: str) -> Export:
        df = self.spark.table(f"{schema}.{table}")
        engine_types = {f.name: f.dataType.simpleString() for f in df.schema.fields}
        # Arrow keeps timestamps as UTC instants (collect() would use the local zone)
        data = df.toArrow()
        return Export(data, engine_types)

    def close(self) -> None:
        self.spark.stop()


def open_engine(target: str, project: Path) -> Engine:
    if target == "duckdb":
        return DuckDBEngine(project)
    if target == "postgres":
        return PostgresEngine()
    if target == "spark":
        return SparkEngine(project)
    raise SystemExit(f"unknown target {target}")


# ----------------------------------------------------------------------------- snapshot


def _canonical(table: pa.Table) -> pa.Table:
    """Plain column layout: no chunk structure, large/view strings as string."""
    fields = []
    for f in table.schema:
        t = f.type
        if pa.types.is_large_string(t) or pa.types.is_string_view(t):
            t = pa.string()
        fields.append(pa.field(f.name, t, nullable=True))
    schema = pa.schema(fields)
    if schema != table.schema:
        table = table.cast(schema)
    return table.combine_chunks()


def sort_all_columns(table: pa.Table) -> pa.Table:
    if table.num_rows == 0 or table.num_columns == 0:
        return table
    keys = [(name, "ascending", "at_end") for name in table.column_names]
    indices = pc.sort_indices(table, sort_keys=keys)
    return table.take(indices)


def snapshot(target: str, out: Path, project: Path, marts_from: str) -> int:
    started = time.monotonic()
    engine = open_engine(target, project)
    try:
        if marts_from == "manifest":
            marts = marts_from_manifest(project)
            schemas = sorted({m.schema for m in marts})
            present = {s: set(engine.tables(s)) for s in schemas}
            missing = [m.name for m in marts if m.name not in present[m.schema]]
            if missing:
                raise SystemExit(f"public marts not in the warehouse: {missing}")
            extra = sorted(set().union(*present.values()) - {m.name for m in marts})
            if extra:
                print(f"note: tables in the marts schema that are not public marts: {extra}")
        else:
            marts = [Mart(t, DEFAULT_SCHEMA, {}) for t in engine.tables(DEFAULT_SCHEMA)]
        out.mkdir(parents=True, exist_ok=True)
        counts: dict[str, int] = {}
        types: dict[str, dict[str, Any]] = {}
        for mart in marts:
            t0 = time.monotonic()
            exported = engine.export(mart.schema, mart.name)
            table = sort_all_columns(_canonical(exported.table))
            meta = {
                b"engine": target.encode(),
                b"engine_types": json.dumps(exported.engine_types).encode(),
                b"mart": mart.name.encode(),
            }
            table = table.replace_schema_metadata(meta)
            pq.write_table(table, out / f"{mart.name}.parquet", compression="zstd")
            counts[mart.name] = table.num_rows
            types[mart.name] = {
                "arrow": {f.name: str(f.type) for f in table.schema},
                "engine": exported.engine_types,
                "declared": mart.declared_types,
            }
            print(
                f"{mart.name:32s} {table.num_rows:>10,} rows  {time.monotonic() - t0:6.1f} s",
                flush=True,
            )
        (out / "_counts.json").write_text(json.dumps(counts, indent=2) + "\n")
        (out / "_types.json").write_text(json.dumps(types, indent=2) + "\n")
        (out / "_snapshot.json").write_text(
            json.dumps(
                {
                    "target": target,
                    "project": str(project.resolve()),
                    "marts_from": marts_from,
                    "marts": [m.name for m in marts],
                    "taken_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "seconds": round(time.monotonic() - started, 1),
                },
                indent=2,
            )
            + "\n"
        )
    finally:
        engine.close()
    print(f"{len(marts)} marts written to {out} in {time.monotonic() - started:.1f} s")
    return 0


# ------------------------------------------------------------------------------ compare


def _type_kind(t: pa.DataType) -> str:
    """The kind of value a type holds, without the engine's spelling."""
    if pa.types.is_integer(t):
        return "integer"
    if pa.types.is_floating(t):
        return "float"
    if pa.types.is_decimal(t):
        return "decimal"
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return "string"
    if pa.types.is_timestamp(t):
        if t.tz not in (None, "UTC", "Etc/UTC", "+00:00"):
            return f"timestamp[{t.tz}]"
        return "timestamp"
    return str(t)


def _normalise(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


_NAN = ("<NaN>",)


def _row_key(row: Sequence[Any], normalise: bool) -> tuple:
    out = []
    for v in row:
        if isinstance(v, float) and math.isnan(v):
            out.append(_NAN)
        elif normalise:
            out.append(_normalise(v))
        else:
            out.append(v)
    return tuple(out)


def _rows(table: pa.Table, normalise: bool) -> Counter[tuple]:
    counter: Counter[tuple] = Counter()
    columns = [table.column(i).to_pylist() for i in range(table.num_columns)]
    for row in zip(*columns, strict=True):
        counter[_row_key(row, normalise)] += 1
    return counter


def _near(a: Any, b: Any, rtol: float) -> bool:
    if a == b or (a == _NAN and b == _NAN):
        return True
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=rtol, abs_tol=0.0)
    return False


@dataclass
class MartResult:
    name: str
    rows_a: int | None = None
    rows_b: int | None = None
    schema_notes: list[str] = field(default_factory=list)
    schema_fail: bool = False
    only_a: int = 0
    only_b: int = 0
    near: int = 0
    max_rel: float = 0.0
    details: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not self.schema_fail and self.only_a == 0 and self.only_b == 0 and not self.near

    @property
    def fails(self) -> bool:
        return self.schema_fail or self.only_a > 0 or self.only_b > 0


def _fmt_row(columns: Sequence[str], row: tuple, limit: int = 400) -> str:
    text = ", ".join(f"{c}={v!r}" for c, v in zip(columns, row, strict=True))
    return text if len(text) <= limit else text[:limit] + "..."


def compare_mart(
    name: str,
    a: pa.Table,
    b: pa.Table,
    labels: tuple[str, str],
    rtol: float | None,
    ignore_engine_types: bool,
    show: int,
) -> MartResult:
    result = MartResult(name, a.num_rows, b.num_rows)
    if a.column_names != b.column_names:
        result.schema_fail = True
        result.schema_notes.append(
            f"columns differ: {labels[0]}={a.column_names} {labels[1]}={b.column_names}"
        )
        return result
    float_cols = []
    for i, (fa, fb) in enumerate(zip(a.schema, b.schema, strict=True)):
        if pa.types.is_floating(fa.type):
            float_cols.append(i)
        if fa.type == fb.type:
            continue
        same_kind = _type_kind(fa.type) == _type_kind(fb.type)
        note = f"type of {fa.name}: {labels[0]}={fa.type} {labels[1]}={fb.type}"
        if ignore_engine_types and same_kind:
            result.schema_notes.append(note + " (engine spelling only, ignored)")
        else:
            result.schema_notes.append(note)
            result.schema_fail = True
    if a.num_rows != b.num_rows:
        result.details.append(f"row counts differ: {a.num_rows} vs {b.num_rows}")
    rows_a = _rows(a, ignore_engine_types)
    rows_b = _rows(b, ignore_engine_types)
    left = rows_a - rows_b
    right = rows_b - rows_a
    columns = a.column_names
    unmatched_a = list(left.elements())
    unmatched_b = list(right.elements())
    if rtol is not None and unmatched_a and unmatched_b and float_cols:
        # pair rows equal outside the float columns whose floats are within rtol
        others = [i for i in range(len(columns)) if i not in float_cols]
        pool: dict[tuple, list[tuple]] = defaultdict(list)
        for row in unmatched_b:
            pool[tuple(row[i] for i in others)].append(row)
        still_a = []
        used_b: Counter[tuple] = Counter()
        for row in unmatched_a:
            candidates = pool.get(tuple(row[i] for i in others), [])
            for j, cand in enumerate(candidates):
                if all(_near(row[i], cand[i], rtol) for i in float_cols):
                    result.near += 1
                    worst = max(
                        (
                            abs(row[i] - cand[i]) / max(abs(row[i]), abs(cand[i]))
                            for i in float_cols
                            if isinstance(row[i], float)
                            and isinstance(cand[i], float)
                            and row[i] != cand[i]
                        ),
                        default=0.0,
                    )
                    result.max_rel = max(result.max_rel, worst)
                    if result.near <= show:
                        result.details.append(
                            f"near-equal (max rel diff {worst:.3g}): "
                            + "; ".join(
                                f"{columns[i]}: {row[i]!r} vs {cand[i]!r}"
                                for i in float_cols
                                if row[i] != cand[i]
                            )
                        )
                    used_b[cand] += 1
                    del candidates[j]
                    break
            else:
                still_a.append(row)
        unmatched_a = still_a
        unmatched_b = list((Counter(unmatched_b) - used_b).elements())
    result.only_a = len(unmatched_a)
    result.only_b = len(unmatched_b)
    # show what changed: pair a row of A with a row of B that has the same values in
    # every non-float column (else the same first column); unpaired rows are shown whole
    non_float = [i for i in range(len(columns)) if i not in float_cols] or [0]
    pools: list[dict[tuple, list[int]]] = []
    for picks in (non_float, [0]):
        pool_b: dict[tuple, list[int]] = defaultdict(list)
        for j, row in enumerate(unmatched_b):
            pool_b[tuple(row[i] for i in picks)].append(j)
        pools.append(pool_b)
    used: set[int] = set()
    for row in unmatched_a[:show]:
        partner = None
        for picks, pool_b in zip((non_float, [0]), pools, strict=True):
            partner = next(
                (j for j in pool_b.get(tuple(row[i] for i in picks), []) if j not in used),
                None,
            )
            if partner is not None:
                break
        if partner is None:
            result.details.append(f"only in {labels[0]}: " + _fmt_row(columns, row))
            continue
        used.add(partner)
        other = unmatched_b[partner]
        changed = [
            f"{c}: {x!r} vs {y!r}" for c, x, y in zip(columns, row, other, strict=True) if x != y
        ]
        same = [f"{columns[i]}={row[i]!r}" for i in non_float[:3] if row[i] == other[i]]
        result.details.append(f"row ({', '.join(same)}) differs: " + "; ".join(changed))
    keys_a = {tuple(row[i] for i in non_float) for row in unmatched_a}
    firsts_a = {row[0] for row in unmatched_a}
    shown = 0
    for j, row in enumerate(unmatched_b):
        if shown >= show:
            break
        if j in used or tuple(row[i] for i in non_float) in keys_a or row[0] in firsts_a:
            continue
        result.details.append(f"only in {labels[1]}: " + _fmt_row(columns, row))
        shown += 1
    return result


def _print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    data = [[str(c) for c in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in data]) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line)
    print("  ".join("-" * w for w in widths))
    for r in data:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))


def _engine_types(path: Path) -> dict[str, str]:
    meta = pq.read_schema(path).metadata or {}
    raw = meta.get(b"engine_types")
    return json.loads(raw) if raw else {}


def _engine_spellings(dir_a: Path, dir_b: Path, names: Sequence[str]) -> Counter[tuple]:
    """(engine type in A, engine type in B) pairs that differ, counted over columns."""
    pairs: Counter[tuple] = Counter()
    for name in names:
        ta = _engine_types(dir_a / f"{name}.parquet")
        tb = _engine_types(dir_b / f"{name}.parquet")
        for column in ta.keys() & tb.keys():
            if ta[column] != tb[column]:
                pairs[(ta[column], tb[column])] += 1
    return pairs


def compare(
    dir_a: Path, dir_b: Path, rtol: float | None, ignore_engine_types: bool, show: int
) -> int:
    names_a = {p.stem for p in dir_a.glob("*.parquet")}
    names_b = {p.stem for p in dir_b.glob("*.parquet")}
    if not names_a and not names_b:
        print(f"no parquet files in {dir_a} or {dir_b}")
        return 1
    labels = (str(dir_a), str(dir_b))
    print(f"A = {dir_a}\nB = {dir_b}\n")
    results: list[MartResult] = []
    for name in sorted(names_a | names_b):
        if name not in names_a or name not in names_b:
            r = MartResult(name)
            r.schema_fail = True
            r.schema_notes.append(f"only in {'A' if name in names_a else 'B'}")
            results.append(r)
            continue
        a = pq.read_table(dir_a / f"{name}.parquet")
        b = pq.read_table(dir_b / f"{name}.parquet")
        results.append(compare_mart(name, a, b, ("A", "B"), rtol, ignore_engine_types, show))
    headers = ["mart", "rows A", "rows B", "schema", "equal", "only in A", "only in B"]
    if rtol is not None:
        headers.append(f"near (rtol {rtol:g})")
    table_rows = []
    for r in results:
        schema = "differs" if r.schema_fail else ("types*" if r.schema_notes else "same")
        row: list[Any] = [
            r.name,
            "-" if r.rows_a is None else f"{r.rows_a:,}",
            "-" if r.rows_b is None else f"{r.rows_b:,}",
            schema,
            "yes" if r.equal else "no",
            r.only_a,
            r.only_b,
        ]
        if rtol is not None:
            row.append(f"{r.near} (max rel {r.max_rel:.2g})" if r.near else "0")
        table_rows.append(row)
    _print_table(headers, table_rows)
    for r in results:
        if r.schema_notes or r.details:
            print(f"\n{r.name}:")
            for note in r.schema_notes + r.details:
                print(f"  {note}")
    if any(r.schema_notes for r in results) and not any(r.schema_fail for r in results):
        print("\ntypes*: engine type spellings differ (ignored by --ignore-engine-types)")
    spellings = _engine_spellings(dir_a, dir_b, sorted(names_a & names_b))
    if spellings:
        print("\nengine type names that differ (informational; the Arrow types decide):")
        for (ta, tb), n in sorted(spellings.items()):
            print(f"  {ta!s:24s} (A) vs {tb!s:24s} (B): {n} columns")
    failing = [r.name for r in results if r.fails]
    near_only = [r.name for r in results if not r.fails and r.near]
    print()
    if failing:
        print(f"DIFFERENT: {len(failing)} of {len(results)} marts: {', '.join(failing)}")
        return 1
    if near_only:
        print(
            f"NEAR-EQUAL ONLY: {', '.join(near_only)} differ only in floats within rtol; "
            "all other marts identical"
        )
        return 2
    print(f"IDENTICAL: all {len(results)} marts ({labels[0]} vs {labels[1]})")
    return 0


# --------------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot", help="export every public mart to DIR/<mart>.parquet")
    snap.add_argument("--target", choices=TARGETS, required=True)
    snap.add_argument("--out", type=Path, required=True)
    snap.add_argument("--project", type=Path, default=Path.cwd(), help="dbt project (default: cwd)")
    snap.add_argument(
        "--marts-from",
        choices=("manifest", "schema"),
        default="manifest",
        help="public marts from target/manifest.json (default) or the marts schema's tables",
    )
    cmp_ = sub.add_parser("compare", help="compare two snapshot directories")
    cmp_.add_argument("dir_a", type=Path)
    cmp_.add_argument("dir_b", type=Path)
    cmp_.add_argument(
        "--rtol",
        type=float,
        default=None,
        help="also report rows whose floats differ within this relative tolerance",
    )
    cmp_.add_argument(
        "--ignore-engine-types",
        action="store_true",
        help="tolerate engine spellings of one kind of type (int32/int64, timestamp tz)",
    )
    cmp_.add_argument("--show", type=int, default=5, help="differences shown per mart")
    args = parser.parse_args(argv)
    if args.command == "snapshot":
        return snapshot(args.target, args.out, args.project, args.marts_from)
    return compare(args.dir_a, args.dir_b, args.rtol, args.ignore_engine_types, args.show)


if __name__ == "__main__":
    sys.exit(main())

"""Load contract-shaped raw files (Parquet or CSV) into the raw schema of the warehouse.

The shape is checked before anything is written: a missing table or column, an unexpected
column, or a value that does not fit its logical type stops the load with a `LoadError`
that names the file and column (and, for a bad value, the row). All six tables are then
replaced in one transaction, so a failed load leaves the previous raw data untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from lottery_analytics.contract import RAW_TABLES, RawTable

#: Logical type -> DuckDB type used to check and store it.
DUCKDB_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "decimal": "DECIMAL(18, 2)",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
}

#: Marker table written with every load; the dbt project refuses to overwrite such a raw
#: schema with the bundled sample (see macros/guard_loaded_raw_schema.sql).
LOAD_MARKER_TABLE = "_lottery_load"


class LoadError(Exception):
    """A raw file does not fit the contract, or the warehouse cannot be written."""


@dataclass(frozen=True)
class LoadedTable:
    table: str
    path: Path
    rows: int


def find_table_file(directory: Path, table: str) -> Path:
    """The file that holds `table` in `directory`: `<table>.parquet` or `<table>.csv`."""
    candidates = [directory / f"{table}.parquet", directory / f"{table}.csv"]
    found = [p for p in candidates if p.is_file()]
    if not found:
        raise LoadError(
            f"table '{table}': no file {candidates[0].name} or {candidates[1].name} in {directory}"
        )
    if len(found) > 1:
        raise LoadError(
            f"table '{table}': both {found[0].name} and {found[1].name} in {directory}; keep one"
        )
    return found[0]


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _scan_sql(path: Path) -> str:
    if path.suffix == ".parquet":
        return f"read_parquet({_quote(path)})"
    return f"read_csv({_quote(path)}, header = true, all_varchar = true, quote = '\"')"


def _file_columns(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    if path.suffix == ".parquet":
        try:
            return list(pq.read_schema(path).names)
        except Exception as exc:
            raise LoadError(f"{path}: not a readable Parquet file ({exc})") from exc
    try:
        return [r[0] for r in con.execute(f"describe select * from {_scan_sql(path)}").fetchall()]
    except duckdb.Error as exc:
        raise LoadError(f"{path}: not a readable CSV file ({exc})") from exc


def check_shape(con: duckdb.DuckDBPyConnection, table: RawTable, path: Path) -> None:
    """Raise LoadError unless `path` has exactly the contract's columns, each value castable."""
    columns = _file_columns(con, path)
    expected = table.column_names
    missing = [c for c in expected if c not in columns]
    if missing:
        raise LoadError(f"{path}: table '{table.name}' lacks column '{missing[0]}'")
    extra = [c for c in columns if c not in expected]
    if extra:
        raise LoadError(
            f"{path}: table '{table.name}' has column '{extra[0]}', which the contract does not"
        )
    scan = _scan_sql(path)
    # One pass counts, per column, the values that do not fit and the forbidden nulls.
    checks = []
    for column in table.columns:
        duck_type = DUCKDB_TYPES[column.logical_type]
        value = f'cast("{column.name}" as varchar)'
        checks.append(
            f"count(*) filter (where {value} is not null "
            f"and try_cast({value} as {duck_type}) is null)"
        )
        checks.append(
            "0" if column.nullable else f'count(*) filter (where "{column.name}" is null)'
        )
    counts = con.execute(f"select {', '.join(checks)} from {scan}").fetchone() or ()
    for i, column in enumerate(table.columns):
        bad_values, nulls = counts[2 * i], counts[2 * i + 1]
        if bad_values:
            duck_type = DUCKDB_TYPES[column.logical_type]
            first = con.execute(
                f"""
                select row_number, value from (
                    select
                        row_number() over () as row_number,
                        cast("{column.name}" as varchar) as value
                    from {scan}
                )
                where value is not null and try_cast(value as {duck_type}) is null
                order by row_number
                limit 1
                """
            ).fetchone()
            where = f"; row {first[0]} holds {first[1]!r}" if first else ""
            raise LoadError(
                f"{path}: column '{column.name}' of table '{table.name}' expects "
                f"{column.logical_type}: {bad_values} value(s) do not fit{where}"
            )
        if nulls:
            raise LoadError(
                f"{path}: column '{column.name}' of table '{table.name}' "
                f"has {nulls} null value(s); it may not be null"
            )


def connect_duckdb(database: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse file, turning a lock held by another process into a clear error."""
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(database))
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise LoadError(
                f"DuckDB file {database} is locked by another process (a running dbt, "
                "a notebook or the duckdb CLI): close it and try again"
            ) from exc
        raise LoadError(f"cannot open DuckDB file {database}: {exc}") from exc


def load_directory(
    directory: Path,
    database: Path,
    schema: str = "raw",
    on_table: Callable[[str], None] | None = None,
) -> list[LoadedTable]:
    """Check and load the six raw tables of `directory` into `schema` of a DuckDB file."""
    directory = Path(directory)
    if not directory.is_dir():
        raise LoadError(f"{directory}: no such directory")
    files = {name: find_table_file(directory, name) for name in RAW_TABLES}
    con = connect_duckdb(Path(database))
    try:
        for name, table in RAW_TABLES.items():
            check_shape(con, table, files[name])
            if on_table:
                on_table(f"checked {name}")
        loaded: list[LoadedTable] = []
        con.execute("begin transaction")
        try:
            con.execute(f'create schema if not exists "{schema}"')
            for name, table in RAW_TABLES.items():
                select_list = ", ".join(
                    f'cast("{c.name}" as {DUCKDB_TYPES[c.logical_type]}) as "{c.name}"'
                    for c in table.columns
                )
                con.execute(
                    f'create or replace table "{schema}"."{name}" as '
                    f"select {select_list} from {_scan_sql(files[name])}"
                )
                rows = con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()
                loaded.append(LoadedTable(name, files[name], int(rows[0]) if rows else 0))
                if on_table:
                    on_table(f"loaded {name}")
            con.execute(
                f'create or replace table "{schema}"."{LOAD_MARKER_TABLE}" as '
                "select current_timestamp as loaded_at, ? as source_directory",
                [str(directory.resolve())],
            )
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        return loaded
    except duckdb.Error as exc:
        raise LoadError(f"loading {directory} into {database}: {exc}") from exc
    finally:
        con.close()

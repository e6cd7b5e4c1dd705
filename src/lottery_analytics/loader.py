"""Load contract-shaped raw files (Parquet or CSV) into the raw schema of the warehouse.

Each table is a file `<table>.parquet` or `<table>.csv`, or a folder `<table>/` of Parquet
part files (the generator's layout), read as one table. A file may hold no rows (a CSV
with only its header, an empty Parquet file): a day without signups is normal.

The shape is checked before anything is written: a missing table or column, an unexpected
column, or a value that does not fit its logical type stops the load with a `LoadError`
that names the file and column (and, for a bad value, the row). The check and the typing of
every value are done by DuckDB, in memory, for every target, so each engine receives the
same values. The loader's DuckDB connections obey the `duckdb` target's memory limit,
threads and temp directory (`engines.duckdb_settings`, profiles.yml). Then, in the default
mode (replace) or with `append=True` (`--append`: a day's extract added to the raw tables,
which must exist with the contract's columns; re-deliveries are resolved downstream):

* DuckDB: the six tables are replaced, or the rows inserted, in one transaction.
* PostgreSQL: the six tables are created with the contract's types (or emptied) and
  filled with COPY, or the rows COPYed in, in one transaction.
* Spark: replace writes each table as a Parquet table next to the old one and swaps all
  six in once all are written; append writes all six tables' new rows as Parquet files
  first, then moves them into the tables' folders (a rename each) and takes back any it
  moved if a move fails (Spark has no multi-table transaction; docs/engines.md says what
  is guaranteed).

Either way a failed load leaves the previous raw data in place, and a marker table
`_lottery_load` records the loads the raw tables hold: one row per table and load (time,
source directory, mode, rows); a replace starts it anew, an append adds its rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from lottery_analytics.contract import RAW_TABLES, RawTable
from lottery_analytics.errors import LotteryError

#: Logical type -> DuckDB type used to check and store it.
DUCKDB_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "decimal": "DECIMAL(18, 2)",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
}

#: Logical type -> PostgreSQL column type (the same names the bundled seeds use).
POSTGRES_TYPES = {
    "string": "varchar",
    "integer": "bigint",
    "decimal": "numeric(18, 2)",
    "date": "date",
    "timestamp": "timestamp",
}

#: POSTGRES_TYPES as PostgreSQL's format_type() prints them.
_POSTGRES_FORMATTED_TYPES = {
    "string": "character varying",
    "integer": "bigint",
    "decimal": "numeric(18,2)",
    "date": "date",
    "timestamp": "timestamp without time zone",
}

#: Logical type -> Spark column type (timestamps are instants shown in UTC, the session
#: time zone of the spark target).
SPARK_TYPES = {
    "string": "string",
    "integer": "bigint",
    "decimal": "decimal(18,2)",
    "date": "date",
    "timestamp": "timestamp",
}

#: Marker table written with every load; the dbt project refuses to overwrite such a raw
#: schema with the bundled sample (see macros/guard_loaded_raw_schema.sql).
LOAD_MARKER_TABLE = "_lottery_load"

#: The marker's columns: one row per table and load.
MARKER_COLUMNS = (
    ("loaded_at", "timestamp"),
    ("source_directory", "string"),
    ("mode", "string"),
    ("table_name", "string"),
    ("rows", "integer"),
)

APPEND_HINT = "load without --append first"


class LoadError(LotteryError):
    """A raw file does not fit the contract, or the warehouse cannot be written."""


@dataclass(frozen=True)
class LoadedTable:
    table: str
    path: Path
    rows: int


def find_table_file(directory: Path, table: str) -> Path:
    """What holds `table` in `directory`: a file `<table>.parquet` or `<table>.csv`, or a
    folder `<table>/` of Parquet part files (as the generator writes them)."""
    candidates = [directory / f"{table}.parquet", directory / f"{table}.csv"]
    found = [p for p in candidates if p.is_file()]
    folder = directory / table
    if folder.is_dir():
        found.append(folder)
    if not found:
        raise LoadError(
            f"table '{table}': no file {candidates[0].name} or {candidates[1].name} "
            f"(or folder {table}/ of Parquet part files) in {directory}"
        )
    if len(found) > 1:
        names = " and ".join(p.name + ("/" if p.is_dir() else "") for p in found)
        raise LoadError(f"table '{table}': both {names} in {directory}; keep one")
    return found[0]


def part_files(folder: Path) -> list[Path]:
    """The Parquet part files of a table's folder, in name order (LoadError if none)."""
    parts = sorted(p for p in folder.glob("*.parquet") if p.is_file())
    if not parts:
        raise LoadError(f"{folder}: no Parquet part files (*.parquet) in the table's folder")
    return parts


def _quote(path: Path | str) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _scan_sql(path: Path) -> str:
    if path.is_dir():
        return f"read_parquet({_quote(path / '*.parquet')})"
    if path.suffix == ".parquet":
        return f"read_parquet({_quote(path)})"
    return f"read_csv({_quote(path)}, header = true, all_varchar = true, quote = '\"')"


def _parquet_columns(path: Path) -> list[str]:
    try:
        return list(pq.read_schema(path).names)
    except Exception as exc:
        raise LoadError(f"{path}: not a readable Parquet file ({exc})") from exc


def _file_columns(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    if path.is_dir():
        parts = part_files(path)
        columns = _parquet_columns(parts[0])
        for part in parts[1:]:
            if _parquet_columns(part) != columns:
                raise LoadError(f"{part}: its columns differ from those of {parts[0].name}")
        return columns
    if path.suffix == ".parquet":
        return _parquet_columns(path)
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


def connect_duckdb(database: Path | None, root: Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open the warehouse file (or, with `database` None, an in-memory database for the
    checks) with the `duckdb` target's memory limit, threads and temp directory, turning a
    lock held by another process into a clear error."""
    from lottery_analytics.engines import duckdb_settings
    from lottery_analytics.project import default_duckdb_path, project_root

    try:
        root = root or project_root()
        settings = duckdb_settings(root, database or default_duckdb_path(root))
    except Exception as exc:
        raise LoadError(f"cannot read the duckdb target's settings: {exc}") from exc
    if database is None:
        return duckdb.connect(config=settings)
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(database), config=settings)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise LoadError(
                f"DuckDB file {database} is locked by another process (a running dbt, "
                "a notebook or the duckdb CLI): close it and try again"
            ) from exc
        raise LoadError(f"cannot open DuckDB file {database}: {exc}") from exc


def _missing_table_error(schema: str, name: str, exists: bool) -> LoadError:
    what = "does not have the contract's columns" if exists else "does not exist"
    return LoadError(
        f"cannot append to {schema}.{name}: the table {what}; {APPEND_HINT} "
        f"(lottery-analytics load DIR without --append loads the whole history)"
    )


def _same_columns(found: list[tuple[str, str]], table: RawTable, types: dict[str, str]) -> bool:
    """Whether (name, type) pairs `found` are the contract's columns with `types`
    (compared without spaces and case)."""

    def norm(value: str) -> str:
        return value.replace(" ", "").lower()

    wanted = [(c.name, norm(types[c.logical_type])) for c in table.columns]
    return [(n, norm(t)) for n, t in found] == wanted


def _marker_rows(
    directory: Path, mode: str, loaded: list[LoadedTable]
) -> list[tuple[str, str, str, int]]:
    source = str(directory.resolve())
    return [(source, mode, t.table, t.rows) for t in loaded]


def _typed_select(table: RawTable, path: Path) -> str:
    """The file's rows with every column cast to its contract type (DuckDB SQL)."""
    select_list = ", ".join(
        f'cast("{c.name}" as {DUCKDB_TYPES[c.logical_type]}) as "{c.name}"' for c in table.columns
    )
    return f"select {select_list} from {_scan_sql(path)}"


def _checked_files(
    con: duckdb.DuckDBPyConnection, directory: Path, on_table: Callable[[str], None] | None
) -> dict[str, Path]:
    """The six files of `directory`, each checked against the contract (LoadError if not)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise LoadError(f"{directory}: no such directory")
    files = {name: find_table_file(directory, name) for name in RAW_TABLES}
    for name, table in RAW_TABLES.items():
        check_shape(con, table, files[name])
        if on_table:
            on_table(f"checked {name}")
    return files


def load_directory(
    directory: Path,
    database: Path,
    schema: str = "raw",
    on_table: Callable[[str], None] | None = None,
    *,
    append: bool = False,
    root: Path | None = None,
) -> list[LoadedTable]:
    """Check and load the six raw tables of `directory` into `schema` of a DuckDB file:
    replace them, or with `append` add the files' rows to them (one transaction)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise LoadError(f"{directory}: no such directory")
    con = connect_duckdb(Path(database), root)
    try:
        files = _checked_files(con, directory, on_table)
        if append:
            for name, table in RAW_TABLES.items():
                found = con.execute(
                    "select column_name, data_type from information_schema.columns "
                    "where table_schema = ? and table_name = ? order by ordinal_position",
                    [schema, name],
                ).fetchall()
                if not _same_columns(found, table, DUCKDB_TYPES):
                    raise _missing_table_error(schema, name, bool(found))
        loaded: list[LoadedTable] = []
        con.execute("begin transaction")
        try:
            con.execute(f'create schema if not exists "{schema}"')
            for name, table in RAW_TABLES.items():
                relation = f'"{schema}"."{name}"'
                if append:
                    added = con.execute(
                        f"insert into {relation} " + _typed_select(table, files[name])
                    ).fetchone()
                    rows = int(added[0]) if added else 0
                else:
                    con.execute(
                        f"create or replace table {relation} as "
                        + _typed_select(table, files[name])
                    )
                    count = con.execute(f"select count(*) from {relation}").fetchone()
                    rows = int(count[0]) if count else 0
                loaded.append(LoadedTable(name, files[name], rows))
                if on_table:
                    on_table(f"{'appended' if append else 'loaded'} {name}")
            _record_duckdb_load(con, schema, directory, append, loaded)
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        return loaded
    except duckdb.Error as exc:
        raise LoadError(f"loading {directory} into {database}: {exc}") from exc
    finally:
        con.close()


def _record_duckdb_load(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    directory: Path,
    append: bool,
    loaded: list[LoadedTable],
) -> None:
    """Start the marker anew (replace, or an append to a marker of another shape) or add
    this load's rows to it."""
    marker = f'"{schema}"."{LOAD_MARKER_TABLE}"'
    found = con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, LOAD_MARKER_TABLE],
    ).fetchall()
    if not append or [r[0] for r in found] != [c for c, _ in MARKER_COLUMNS]:
        columns = ", ".join(f"{c} {DUCKDB_TYPES[t]}" for c, t in MARKER_COLUMNS)
        con.execute(f"create or replace table {marker} ({columns})")
    con.executemany(
        f"insert into {marker} values (current_timestamp::timestamp, ?, ?, ?, ?)",
        _marker_rows(directory, "append" if append else "replace", loaded),
    )


def load_directory_to(
    target: str,
    directory: Path,
    *,
    root: Path | None = None,
    database: Path | None = None,
    schema: str = "raw",
    on_table: Callable[[str], None] | None = None,
    append: bool = False,
) -> list[LoadedTable]:
    """Check and load the six raw tables of `directory` into `schema` of `target`'s
    warehouse (profiles.yml): a DuckDB file (`database`, default $LOTTERY_DUCKDB_PATH or
    target/lottery.duckdb), the PostgreSQL database of the `postgres` target, or the
    Spark warehouse of the `spark` target. By default the six tables are replaced; with
    `append` the files' rows are added to the existing tables (a daily extract; LoadError
    naming the table when one is missing or lacks the contract's columns). The raw schema
    is shared by an engine's production and development targets; a development target
    (`duckdb_dev`, ...) never writes it, so loading names the production target."""
    from lottery_analytics.project import (
        check_target,
        default_duckdb_path,
        engine_of,
        is_production,
        project_root,
    )

    try:
        check_target(target)
        root = root or project_root()
    except Exception as exc:
        raise LoadError(str(exc)) from exc
    if not is_production(target):
        raise LoadError(
            f"{target} is a development target: the raw schema is shared with the "
            f"production target {engine_of(target)}, and only that one writes it. Load with "
            f"--target {engine_of(target)}, then build with --target {target}."
        )
    if target == "duckdb":
        return load_directory(
            directory,
            database or default_duckdb_path(root),
            schema,
            on_table,
            append=append,
            root=root,
        )
    if database is not None:
        raise LoadError("--database names a DuckDB file; it applies to the duckdb target only")
    directory = Path(directory)
    if not directory.is_dir():
        raise LoadError(f"{directory}: no such directory")
    check = connect_duckdb(None, root)
    try:
        files = _checked_files(check, directory, on_table)
        if target == "postgres":
            return _load_postgres(check, root, directory, files, schema, on_table, append)
        if append:
            return _append_spark(check, root, directory, files, schema, on_table)
        return _load_spark(check, root, directory, files, schema, on_table)
    except duckdb.Error as exc:
        raise LoadError(f"loading {directory} into {target}: {exc}") from exc
    finally:
        check.close()


def _load_postgres(
    check: duckdb.DuckDBPyConnection,
    root: Path,
    directory: Path,
    files: dict[str, Path],
    schema: str,
    on_table: Callable[[str], None] | None,
    append: bool,
) -> list[LoadedTable]:
    """Create (or empty) the six tables, or with `append` check them, and COPY the typed
    rows in, in one transaction."""
    import psycopg2
    from psycopg2 import sql

    from lottery_analytics.engines import EngineError, postgres_connect

    try:
        con = postgres_connect(root)
    except EngineError as exc:
        raise LoadError(str(exc)) from exc
    loaded: list[LoadedTable] = []
    work = Path(tempfile.mkdtemp(prefix="lottery-load-"))
    try:
        with con:  # one transaction: commit on success, rollback on any error
            cur = con.cursor()
            if append:
                for name, table in RAW_TABLES.items():
                    found = _postgres_columns(cur, schema, name)
                    if not _same_columns(found, table, _POSTGRES_FORMATTED_TYPES):
                        raise _missing_table_error(schema, name, bool(found))
            cur.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(schema)))
            for name, table in RAW_TABLES.items():
                relation = sql.Identifier(schema, name)
                if not append:
                    _prepare_postgres_table(cur, schema, name, table)
                csv_path = work / f"{name}.csv"
                written = check.execute(
                    f"copy ({_typed_select(table, files[name])}) to {_quote(csv_path)} "
                    "(format csv, header false)"
                ).fetchone()
                columns = sql.SQL(", ").join(sql.Identifier(c) for c in table.column_names)
                with csv_path.open("rb") as handle:
                    cur.copy_expert(
                        sql.SQL("copy {} ({}) from stdin with (format csv)")
                        .format(relation, columns)
                        .as_string(con),
                        handle,
                    )
                csv_path.unlink()
                loaded.append(LoadedTable(name, files[name], int(written[0]) if written else 0))
                if on_table:
                    on_table(f"{'appended' if append else 'loaded'} {name}")
            _record_postgres_load(cur, schema, directory, append, loaded)
        return loaded
    except psycopg2.Error as exc:
        raise LoadError(f"loading {directory} into PostgreSQL: {str(exc).strip()}") from exc
    finally:
        con.close()
        shutil.rmtree(work, ignore_errors=True)


def _postgres_columns(cur, schema: str, name: str) -> list[tuple[str, str]]:
    """(name, type) of each column of table `schema.name`, in order ([] if none)."""
    cur.execute(
        "select a.attname, format_type(a.atttypid, a.atttypmod) "
        "from pg_attribute as a "
        "join pg_class as c on c.oid = a.attrelid "
        "join pg_namespace as n on n.oid = c.relnamespace "
        "where n.nspname = %s and c.relname = %s and c.relkind = 'r' "
        "and a.attnum > 0 and not a.attisdropped "
        "order by a.attnum",
        [schema, name],
    )
    return [(str(n), str(t)) for n, t in cur.fetchall()]


def _record_postgres_load(
    cur, schema: str, directory: Path, append: bool, loaded: list[LoadedTable]
) -> None:
    from psycopg2 import sql

    marker = sql.Identifier(schema, LOAD_MARKER_TABLE)
    found = [n for n, _ in _postgres_columns(cur, schema, LOAD_MARKER_TABLE)]
    if not append or found != [c for c, _ in MARKER_COLUMNS]:
        cur.execute(sql.SQL("drop table if exists {}").format(marker))
        columns = sql.SQL(", ").join(
            sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(POSTGRES_TYPES[t]))
            for c, t in MARKER_COLUMNS
        )
        cur.execute(sql.SQL("create table {} ({})").format(marker, columns))
    for row in _marker_rows(directory, "append" if append else "replace", loaded):
        cur.execute(
            sql.SQL(
                "insert into {} values (cast(now() at time zone 'UTC' as timestamp), "
                "%s, %s, %s, %s)"
            ).format(marker),
            list(row),
        )


def _prepare_postgres_table(cur, schema: str, name: str, table: RawTable) -> None:
    """An empty table with the contract's columns. An existing table with exactly those
    columns and types is emptied (TRUNCATE, transactional), so the staging views that
    read it stay in place; any other is replaced."""
    from psycopg2 import sql

    relation = sql.Identifier(schema, name)
    existing = _postgres_columns(cur, schema, name)
    wanted = [(c.name, _POSTGRES_FORMATTED_TYPES[c.logical_type]) for c in table.columns]
    if existing == wanted:
        cur.execute(sql.SQL("truncate table {}").format(relation))
        return
    if existing:
        cur.execute(sql.SQL("drop table {} cascade").format(relation))
    columns = sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(c.name), sql.SQL(POSTGRES_TYPES[c.logical_type]))
        for c in table.columns
    )
    cur.execute(sql.SQL("create table {} ({})").format(relation, columns))


def _spark_frame(spark, check: duckdb.DuckDBPyConnection, table: RawTable, path: Path, out: Path):
    """The typed rows of `path` as a Spark DataFrame with the contract's Spark types
    (written to Parquet by DuckDB at `out`, read back by Spark)."""
    written = check.execute(
        f"copy ({_typed_select(table, path)}) to {_quote(out)} (format parquet)"
    ).fetchone()
    frame = spark.read.parquet(str(out)).selectExpr(
        *(f"cast(`{c.name}` as {SPARK_TYPES[c.logical_type]}) as `{c.name}`" for c in table.columns)
    )
    return frame, int(written[0]) if written else 0


def _spark_marker_frame(spark, directory: Path, append: bool, loaded: list[LoadedTable]):
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = [
        (now, *row) for row in _marker_rows(directory, "append" if append else "replace", loaded)
    ]
    return spark.createDataFrame(
        rows,
        "loaded_at timestamp_ntz, source_directory string, mode string, "
        "table_name string, rows bigint",
    ).selectExpr(
        "cast(loaded_at as timestamp) as loaded_at",
        "source_directory",
        "mode",
        "table_name",
        "rows",
    )


def _load_spark(
    check: duckdb.DuckDBPyConnection,
    root: Path,
    directory: Path,
    files: dict[str, Path],
    schema: str,
    on_table: Callable[[str], None] | None,
) -> list[LoadedTable]:
    """Write each table as a new Parquet table, then swap all six in."""
    from lottery_analytics.engines import EngineError, spark_session

    try:
        spark = spark_session(root)
    except EngineError as exc:
        raise LoadError(str(exc)) from exc
    from pyspark.errors import PySparkException

    warehouse = Path(spark.conf.get("spark.sql.warehouse.dir").removeprefix("file:"))
    work = warehouse.parent / f"load-{uuid.uuid4().hex[:12]}"
    suffix = f"__lottery_load_{uuid.uuid4().hex[:8]}"
    written: list[str] = []
    loaded: list[LoadedTable] = []
    try:
        work.mkdir(parents=True)
        spark.sql(f"create database if not exists `{schema}`")
        for name, table in RAW_TABLES.items():
            frame, rows = _spark_frame(spark, check, table, files[name], work / f"{name}.parquet")
            staged = f"`{schema}`.`{name}{suffix}`"
            written.append(staged)
            frame.write.format("parquet").mode("overwrite").saveAsTable(staged)
            loaded.append(LoadedTable(name, files[name], rows))
            if on_table:
                on_table(f"loaded {name}")
        for name in RAW_TABLES:
            spark.sql(f"drop table if exists `{schema}`.`{name}`")
            spark.sql(f"alter table `{schema}`.`{name}{suffix}` rename to `{schema}`.`{name}`")
        written.clear()
        # Hadoop skips paths that start with `_`: the marker's files get a visible name.
        spark.sql(f"drop table if exists `{schema}`.`{LOAD_MARKER_TABLE}`")
        _spark_marker_frame(spark, directory, False, loaded).write.format("parquet").mode(
            "overwrite"
        ).option("path", str(warehouse / f"{schema}.db" / "lottery_load_marker")).saveAsTable(
            f"`{schema}`.`{LOAD_MARKER_TABLE}`"
        )
        return loaded
    except PySparkException as exc:
        raise LoadError(f"loading {directory} into Spark: {str(exc).strip()[:2000]}") from exc
    finally:
        for staged in written:
            with contextlib.suppress(PySparkException):
                spark.sql(f"drop table if exists {staged}")
        shutil.rmtree(work, ignore_errors=True)


def _spark_table_folder(spark, schema: str, name: str, table: RawTable | None) -> Path | None:
    """The local folder of Parquet table `schema.name` if it exists with the columns of
    `table` (any columns when None), else None."""
    if not spark.catalog.tableExists(f"`{schema}`.`{name}`"):
        return None
    described = spark.sql(f"describe table extended `{schema}`.`{name}`").collect()
    details = {str(r[0]).strip(): str(r[1]).strip() for r in described}
    if details.get("Provider", "").lower() != "parquet":
        return None
    if table is not None:
        columns = []
        for row in described:
            if not row[0] or str(row[0]).startswith("#"):
                break
            columns.append((str(row[0]), str(row[1])))
        if not _same_columns(columns, table, SPARK_TYPES):
            return None
    location = details.get("Location", "")
    return Path(location.removeprefix("file:")) if location else None


def _append_spark(
    check: duckdb.DuckDBPyConnection,
    root: Path,
    directory: Path,
    files: dict[str, Path],
    schema: str,
    on_table: Callable[[str], None] | None,
) -> list[LoadedTable]:
    """Write the new rows of all six tables (and the marker's) as Parquet files in a work
    folder, then move them into the tables' folders; if any move fails, the files already
    moved are taken back out, so the tables hold what they held."""
    from lottery_analytics.engines import EngineError, spark_session

    try:
        spark = spark_session(root)
    except EngineError as exc:
        raise LoadError(str(exc)) from exc
    from pyspark.errors import PySparkException

    folders: dict[str, Path] = {}
    for name, table in RAW_TABLES.items():
        folder = _spark_table_folder(spark, schema, name, table)
        if folder is None or not folder.is_dir():
            exists = spark.catalog.tableExists(f"`{schema}`.`{name}`")
            raise _missing_table_error(schema, name, exists)
        folders[name] = folder
    warehouse = Path(spark.conf.get("spark.sql.warehouse.dir").removeprefix("file:"))
    work = warehouse.parent / f"load-{uuid.uuid4().hex[:12]}"
    tag = f"append-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    loaded: list[LoadedTable] = []
    moved: list[Path] = []
    try:
        work.mkdir(parents=True)
        staged: dict[str, Path] = {}
        for name, table in RAW_TABLES.items():
            frame, rows = _spark_frame(spark, check, table, files[name], work / f"{name}.duck")
            staged[name] = work / name
            frame.write.format("parquet").mode("overwrite").save(str(staged[name]))
            loaded.append(LoadedTable(name, files[name], rows))
            if on_table:
                on_table(f"wrote {name}")
        marker = _spark_table_folder(spark, schema, LOAD_MARKER_TABLE, None)
        marker_columns = (
            [f.name for f in spark.table(f"`{schema}`.`{LOAD_MARKER_TABLE}`").schema.fields]
            if marker
            else []
        )
        marker_ok = marker is not None and marker_columns == [c for c, _ in MARKER_COLUMNS]
        if marker_ok:
            staged[LOAD_MARKER_TABLE] = work / LOAD_MARKER_TABLE.lstrip("_")
            _spark_marker_frame(spark, directory, True, loaded).write.format("parquet").mode(
                "overwrite"
            ).save(str(staged[LOAD_MARKER_TABLE]))
            folders[LOAD_MARKER_TABLE] = marker
        # Everything is written: add it, a rename per file (no Spark job can fail here).
        try:
            for name, source in staged.items():
                for i, part in enumerate(sorted(source.glob("part-*.parquet"))):
                    dest = folders[name] / f"part-{tag}-{i:05d}.parquet"
                    part.rename(dest)
                    moved.append(dest)
        except OSError as exc:
            for dest in moved:
                with contextlib.suppress(OSError):
                    dest.unlink()
            raise LoadError(
                f"appending {directory} to Spark: moving the new files failed ({exc}); "
                "the files already moved were taken back out"
            ) from exc
        for name in staged:
            spark.sql(f"refresh table `{schema}`.`{name}`")
        if not marker_ok:
            spark.sql(f"drop table if exists `{schema}`.`{LOAD_MARKER_TABLE}`")
            _spark_marker_frame(spark, directory, True, loaded).write.format("parquet").mode(
                "overwrite"
            ).option("path", str(warehouse / f"{schema}.db" / "lottery_load_marker")).saveAsTable(
                f"`{schema}`.`{LOAD_MARKER_TABLE}`"
            )
        if on_table:
            on_table("appended all six tables")
        return loaded
    except PySparkException as exc:
        raise LoadError(f"appending {directory} to Spark: {str(exc).strip()[:2000]}") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)

"""The loader checks shape before writing and never leaves a half-loaded raw schema."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from lottery_analytics.contract import RAW_TABLES
from lottery_analytics.dbt_runner import DbtError
from lottery_analytics.loader import LoadError, load_directory

SAMPLE_VALUES = {
    "string": "x",
    "integer": "3",
    "decimal": "12.50",
    "date": "2026-01-02",
    "timestamp": "2026-01-02 03:04:05",
}


def write_tables(directory: Path, rows: int = 2, override: dict | None = None) -> Path:
    """Contract-shaped CSVs with `rows` rows each; `override[table][column] = value`."""
    directory.mkdir(parents=True, exist_ok=True)
    override = override or {}
    for name, table in RAW_TABLES.items():
        with (directory / f"{name}.csv").open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(table.column_names)
            for i in range(rows):
                values = []
                for column in table.columns:
                    value = SAMPLE_VALUES[column.logical_type]
                    if column.name in table.key:
                        value = f"{value}{i}" if column.logical_type == "string" else value
                    if name == "funnel_spend" and column.name == "spend_date":
                        value = f"2026-01-0{i + 1}"
                    values.append(override.get(name, {}).get(column.name, value))
                writer.writerow(values)
    return directory


def as_part_folders(directory: Path) -> Path:
    """Each CSV of `directory` replaced by a folder `<table>/` of two Parquet part files
    (the first row, then the rest), the generator's layout."""
    con = duckdb.connect()
    for name in RAW_TABLES:
        source = directory / f"{name}.csv"
        (directory / name).mkdir()
        scan = f"(select *, row_number() over () as n from read_csv('{source}', header = true))"
        for i, where in enumerate(("n = 1", "n > 1")):
            part = directory / name / f"part-{i:05d}.parquet"
            con.execute(f"copy (select * exclude (n) from {scan} where {where}) to '{part}'")
        source.unlink()
    con.close()
    return directory


def row_counts(database: Path) -> dict[str, int]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        return {
            name: con.execute(f"select count(*) from raw.{name}").fetchone()[0]
            for name in RAW_TABLES
        }
    finally:
        con.close()


def test_loads_all_six_tables_with_contract_types(tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    loaded = load_directory(write_tables(tmp_path / "in", rows=3), database)
    assert {t.table for t in loaded} == set(RAW_TABLES)
    assert row_counts(database) == dict.fromkeys(RAW_TABLES, 3)
    con = duckdb.connect(str(database), read_only=True)
    types = dict(
        con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'raw' and table_name = 'deposits'"
        ).fetchall()
    )
    con.close()
    assert types["amount"] == "DECIMAL(18,2)"
    assert types["_loaded_at"] == "TIMESTAMP"
    assert types["deposited_at"] == "VARCHAR"


def test_missing_table_names_the_file(tmp_path: Path) -> None:
    source = write_tables(tmp_path / "in")
    (source / "games.csv").unlink()
    with pytest.raises(LoadError, match=r"table 'games': no file games\.parquet or games\.csv"):
        load_directory(source, tmp_path / "w.duckdb")


def test_loads_folders_of_part_files(tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    source = as_part_folders(write_tables(tmp_path / "in", rows=3))
    loaded = load_directory(source, database)
    assert {t.path for t in loaded} == {source / name for name in RAW_TABLES}
    assert row_counts(database) == dict.fromkeys(RAW_TABLES, 3)


def test_part_folders_errors_name_the_folder_or_part(tmp_path: Path) -> None:
    source = as_part_folders(write_tables(tmp_path / "in"))
    database = tmp_path / "w.duckdb"
    (source / "games.csv").write_text("x\n")
    with pytest.raises(LoadError, match=r"table 'games': both games\.csv and games/ in"):
        load_directory(source, database)
    (source / "games.csv").unlink()
    for part in (source / "games").iterdir():
        part.unlink()
    with pytest.raises(LoadError, match=r"games: no Parquet part files"):
        load_directory(source, database)
    (source / "games" / "part-00000.parquet").write_bytes(b"not parquet")
    with pytest.raises(LoadError, match=r"games/part-00000\.parquet: not a readable Parquet"):
        load_directory(source, database)
    shutil.rmtree(source / "games")
    with pytest.raises(LoadError, match=r"no file games\.parquet or games\.csv \(or folder games/"):
        load_directory(source, database)


def test_missing_column_names_file_and_column(tmp_path: Path) -> None:
    source = write_tables(tmp_path / "in")
    path = source / "deposits.csv"
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    drop = header.index("currency")
    path.write_text(
        "\n".join(",".join(v for j, v in enumerate(line.split(",")) if j != drop) for line in lines)
    )
    with pytest.raises(LoadError, match=r"deposits\.csv: table 'deposits' lacks column 'currency'"):
        load_directory(source, tmp_path / "w.duckdb")


def test_wrong_type_names_file_column_and_row(tmp_path: Path) -> None:
    source = write_tables(tmp_path / "in", override={"ticket_purchases": {"amount": "twelve"}})
    with pytest.raises(
        LoadError,
        match=r"ticket_purchases\.csv: column 'amount' of table 'ticket_purchases' expects "
        r"decimal: 2 value\(s\) do not fit; row 1 holds 'twelve'",
    ):
        load_directory(source, tmp_path / "w.duckdb")


def test_failed_load_keeps_previous_raw_data(tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    load_directory(write_tables(tmp_path / "good", rows=2), database)
    bad = write_tables(tmp_path / "bad", rows=5, override={"web_events": {"_loaded_at": "soon"}})
    with pytest.raises(LoadError, match="web_events"):
        load_directory(bad, database)
    assert row_counts(database) == dict.fromkeys(RAW_TABLES, 2)


def empty_day(directory: Path) -> Path:
    """A day without rows: a header-only CSV for each table but web_events, an empty
    Parquet file (with the contract's columns) for web_events."""
    write_tables(directory, rows=0)
    con = duckdb.connect()
    source = directory / "web_events.csv"
    con.execute(
        f"copy (select * from read_csv('{source}', header = true, all_varchar = true)) "
        f"to '{directory / 'web_events.parquet'}'"
    )
    con.close()
    source.unlink()
    return directory


def test_append_adds_exactly_the_files_rows(tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    load_directory(write_tables(tmp_path / "history", rows=2), database)
    # The same keys again (a re-delivery) and more: the loader adds them all, no dedup.
    added = load_directory(write_tables(tmp_path / "day", rows=3), database, append=True)
    assert {t.table: t.rows for t in added} == dict.fromkeys(RAW_TABLES, 3)
    assert row_counts(database) == dict.fromkeys(RAW_TABLES, 5)
    con = duckdb.connect(str(database), read_only=True)
    marker = con.execute(
        "select mode, table_name, rows from raw._lottery_load order by loaded_at, mode desc"
    ).fetchall()
    ids = con.execute("select count(distinct purchase_id) from raw.ticket_purchases").fetchone()
    con.close()
    assert sorted(marker) == sorted(
        [("replace", name, 2) for name in RAW_TABLES] + [("append", name, 3) for name in RAW_TABLES]
    )
    assert ids == (3,)  # ids 0 and 1 twice, 2 once


def test_append_of_an_empty_day(tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    load_directory(write_tables(tmp_path / "history", rows=2), database)
    added = load_directory(empty_day(tmp_path / "day"), database, append=True)
    assert {t.table: t.rows for t in added} == dict.fromkeys(RAW_TABLES, 0)
    assert row_counts(database) == dict.fromkeys(RAW_TABLES, 2)


@pytest.mark.parametrize(
    "override",
    [
        {"web_events": {"_loaded_at": "soon"}},  # bad value in the last table
        {"games": {"jackpot_estimate": "lots"}},
    ],
)
def test_failed_append_leaves_all_six_tables_unchanged(tmp_path: Path, override: dict) -> None:
    database = tmp_path / "w.duckdb"
    load_directory(write_tables(tmp_path / "history", rows=2), database)
    bad = write_tables(tmp_path / "bad", rows=4, override=override)
    with pytest.raises(LoadError, match="expects"):
        load_directory(bad, database, append=True)
    wrong = write_tables(tmp_path / "wrong", rows=4)
    path = wrong / "web_events.csv"
    path.write_text(path.read_text().replace("anonymous_id", "anon_id", 1))
    with pytest.raises(LoadError, match="lacks column 'anonymous_id'"):
        load_directory(wrong, database, append=True)
    assert row_counts(database) == dict.fromkeys(RAW_TABLES, 2)


def test_append_needs_the_raw_tables(tmp_path: Path) -> None:
    day = write_tables(tmp_path / "day", rows=1)
    database = tmp_path / "w.duckdb"
    with pytest.raises(
        LoadError,
        match=r"cannot append to raw\.signups: the table does not "
        r"exist; load without --append first",
    ):
        load_directory(day, database, append=True)
    load_directory(write_tables(tmp_path / "history", rows=2), database)
    con = duckdb.connect(str(database))
    con.execute("alter table raw.games drop column jackpot_estimate")
    con.close()
    with pytest.raises(
        LoadError,
        match=r"raw\.games: the table does not have the contract's "
        r"columns; load without --append first",
    ):
        load_directory(day, database, append=True)
    assert row_counts(database)["signups"] == 2


def test_locked_database_gets_a_clear_message(tmp_path: Path, locked_duckdb: Path) -> None:
    with pytest.raises(LoadError, match="locked by another process"):
        load_directory(write_tables(tmp_path / "in"), locked_duckdb)


# ------------------------------------------------------------- PostgreSQL and Spark targets

ENGINE_TYPES = {
    # What each engine reports for the contract's logical types of raw.deposits.
    "postgres": {
        "amount": "numeric(18,2)",
        "_loaded_at": "timestamp without time zone",
        "deposited_at": "character varying",
    },
    "spark": {"amount": "decimal(18,2)", "_loaded_at": "timestamp", "deposited_at": "string"},
}


@pytest.fixture(params=["postgres", "spark"])
def engine_warehouse(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "postgres":
        return request.getfixturevalue("postgres_server").warehouse("lottery_loader", tmp_path)
    return request.getfixturevalue("spark_engine").warehouse(tmp_path)


def _column_types(warehouse) -> dict[str, str]:
    if warehouse.engine == "postgres":
        rows = warehouse.query(
            "select a.attname, format_type(a.atttypid, a.atttypmod) from pg_attribute as a "
            "where a.attrelid = 'raw.deposits'::regclass and a.attnum > 0"
        )
    else:
        rows = [row[:2] for row in warehouse.query("describe raw.deposits")]
    return dict(rows)


@pytest.mark.slow
def test_loads_into_each_engine_and_keeps_data_on_a_failed_load(
    engine_warehouse, tmp_path: Path
) -> None:
    warehouse = engine_warehouse
    loaded = warehouse.load(write_tables(tmp_path / "good", rows=3))
    assert {t.table: t.rows for t in loaded} == dict.fromkeys(RAW_TABLES, 3)
    types = _column_types(warehouse)
    assert {c: types[c] for c in ENGINE_TYPES[warehouse.engine]} == ENGINE_TYPES[warehouse.engine]
    assert warehouse.query(
        "select mode, count(*), sum(rows) from raw._lottery_load group by mode"
    ) == [("replace", 6, 18)]
    amounts = warehouse.query("select amount from raw.deposits")
    assert {str(a) for (a,) in amounts} == {"12.50"}

    bad = write_tables(tmp_path / "bad", rows=5, override={"web_events": {"_loaded_at": "soon"}})
    with pytest.raises(LoadError, match="web_events"):
        warehouse.load(bad)
    for name in RAW_TABLES:
        assert warehouse.query(f"select count(*) from raw.{name}") == [(3,)], name

    # The bundled sample may not be seeded over loaded extracts (on-run-start guard).
    with pytest.raises(DbtError, match="holds extracts loaded with"):
        warehouse.dbt(["seed", "--select", "signups"])


@pytest.mark.slow
def test_loads_part_folders_into_each_engine(engine_warehouse, tmp_path: Path) -> None:
    loaded = engine_warehouse.load(as_part_folders(write_tables(tmp_path / "parts", rows=3)))
    assert {t.table: t.rows for t in loaded} == dict.fromkeys(RAW_TABLES, 3)
    amounts = engine_warehouse.query("select amount from raw.deposits")
    assert {str(a) for (a,) in amounts} == {"12.50"}


@pytest.mark.slow
def test_appends_into_each_engine_all_or_nothing(engine_warehouse, tmp_path: Path) -> None:
    warehouse = engine_warehouse
    day = write_tables(tmp_path / "day", rows=3)
    with pytest.raises(LoadError, match=r"cannot append to raw\.signups: the table does not exist"):
        warehouse.load(day, append=True)
    warehouse.load(write_tables(tmp_path / "history", rows=2))
    added = warehouse.load(day, append=True)
    assert {t.table: t.rows for t in added} == dict.fromkeys(RAW_TABLES, 3)
    bad = write_tables(tmp_path / "bad", rows=4, override={"web_events": {"_loaded_at": "soon"}})
    with pytest.raises(LoadError, match="web_events"):
        warehouse.load(bad, append=True)
    empty = warehouse.load(empty_day(tmp_path / "empty"), append=True)
    assert {t.table: t.rows for t in empty} == dict.fromkeys(RAW_TABLES, 0)
    for name in RAW_TABLES:
        assert warehouse.query(f"select count(*) from raw.{name}") == [(5,)], name
    marker = warehouse.query("select mode, sum(rows) from raw._lottery_load group by mode")
    assert sorted(marker) == [("append", 18), ("replace", 12)]
    amounts = warehouse.query("select amount from raw.deposits")
    assert {str(a) for (a,) in amounts} == {"12.50"}

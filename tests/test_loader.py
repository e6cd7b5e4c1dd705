"""The loader checks shape before writing and never leaves a half-loaded raw schema."""

from __future__ import annotations

import csv
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from lottery_analytics.contract import RAW_TABLES
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


def test_locked_database_gets_a_clear_message(tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    duckdb.connect(str(database)).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import duckdb, sys, time
                con = duckdb.connect({str(database)!r})
                print("locked", flush=True)
                time.sleep(60)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(LoadError, match="locked by another process"):
            load_directory(write_tables(tmp_path / "in"), database)
    finally:
        holder.kill()
        holder.wait()

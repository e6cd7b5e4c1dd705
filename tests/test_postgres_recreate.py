"""recreate_postgres_database survives an autovacuum worker on the database it drops.

`drop database ... with (force)` refuses (InsufficientPrivilege) while a session the role
may not terminate is on the database, such as an autovacuum worker; the function tries
again once a second, and in the end names the database. A stand-in connection plays the
server, so no PostgreSQL is needed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

psycopg2 = pytest.importorskip("psycopg2")

from lottery_analytics import engines  # noqa: E402
from lottery_analytics.engines import EngineError, recreate_postgres_database  # noqa: E402


class _Server:
    """A connection whose `drop database` is refused `refusals` times."""

    def __init__(self, refusals: int) -> None:
        self.refusals = refusals
        self.statements: list[str] = []
        self.autocommit = False
        self.closed = False

    def cursor(self) -> _Server:
        return self

    def execute(self, sql: str) -> None:
        self.statements.append(sql)
        if sql.startswith("drop database") and self.refusals:
            self.refusals -= 1
            raise psycopg2.errors.InsufficientPrivilege(
                "must be a member of the role whose process is being terminated"
            )

    def close(self) -> None:
        self.closed = True


def _connect_to(monkeypatch: pytest.MonkeyPatch, server: _Server) -> None:
    """recreate_postgres_database talks to `server`, and its waits take no time."""
    monkeypatch.setattr(engines, "target_profile", lambda root, target: {"dbname": "lottery"})
    monkeypatch.setattr(engines, "postgres_connect", lambda root, database=None: server)
    monkeypatch.setattr(engines.time, "sleep", lambda seconds: None)


def test_drop_is_retried_until_the_worker_is_gone(monkeypatch: pytest.MonkeyPatch) -> None:
    pg = _Server(refusals=2)
    _connect_to(monkeypatch, pg)
    assert recreate_postgres_database(Path("."), "scratch") == "scratch"
    assert pg.statements == [
        'drop database if exists "scratch" with (force)',
        'drop database if exists "scratch" with (force)',
        'drop database if exists "scratch" with (force)',
        'create database "scratch"',
    ]
    assert pg.autocommit and pg.closed


def test_a_drop_refused_every_time_names_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    pg = _Server(refusals=99)
    _connect_to(monkeypatch, pg)
    with pytest.raises(EngineError, match=r"cannot drop PostgreSQL database scratch: .*3 times"):
        recreate_postgres_database(Path("."), "scratch", attempts=3)
    assert len(pg.statements) == 3
    assert not any(s.startswith("create") for s in pg.statements)
    assert pg.closed

"""The staging table of an import (ADR 30): a TEMP table on the import's own connection.

Pass 1 writes every row it read into it (the good rows whole, a bad row as its number and
call_id only, so that duplicates are found among all the rows read, as a Python set once did):
by a binary COPY on PostgreSQL, by `executemany` on SQLite. Duplicate call_ids are then found
in SQL. Pass 2 reads it back a chunk of row numbers at a time (calls_upsert.py).

A TEMP table is private to the connection, is never logged, and goes with the connection;
on SQLite, writing it takes no lock on the main database, so pass 1 keeps no web write waiting.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import connection

from civicdesk.performance.calls_check import STAGED
from civicdesk.performance.calls_file import Problem

STAGING = "calls_import_staging"
LINKS = "calls_import_links"
DUPLICATES = "calls_import_duplicates"
STAGE_BATCH = 20_000  # rows per executemany or COPY
FETCH = 10_000

_SQLITE_TYPES = {
    "number": "INTEGER PRIMARY KEY",
    "call_id": "TEXT NOT NULL",
    "ok": "INTEGER NOT NULL",
    "line_id": "INTEGER",
    "outcome": "TEXT",
    "agent": "TEXT",
    "transferred_to": "TEXT",
    "wrap_seconds": "INTEGER",
    "from_phone": "TEXT",
    "day": "TEXT",
}
_POSTGRESQL_TYPES = {
    "number": "integer PRIMARY KEY",
    "call_id": "varchar(100) NOT NULL",
    "ok": "smallint NOT NULL",
    "line_id": "bigint",
    "outcome": "varchar(20)",
    "agent": "varchar(200)",
    "transferred_to": "varchar(200)",
    "wrap_seconds": "integer",
    "from_phone": "text",
    "day": "date",
}


# The same columns' types as psycopg names them, for a binary COPY (no text to parse: about a
# tenth of the CPU of a text COPY, on both sides).
_POSTGRESQL_BINARY = {
    "number": "int4",
    "call_id": "varchar",
    "ok": "int2",
    "line_id": "int8",
    "outcome": "varchar",
    "agent": "varchar",
    "transferred_to": "varchar",
    "wrap_seconds": "int4",
    "from_phone": "text",
    "day": "date",
}


def _binary_type(name: str) -> str:
    if name in _POSTGRESQL_BINARY:
        return _POSTGRESQL_BINARY[name]
    return "timestamptz" if name.endswith("_at") else "float8"


def _type(name: str) -> str:
    postgresql = connection.vendor == "postgresql"
    types = _POSTGRESQL_TYPES if postgresql else _SQLITE_TYPES
    if name in types:
        return types[name]
    if name.endswith("_at"):
        return "timestamptz" if postgresql else "TEXT"
    return "double precision" if postgresql else "REAL"  # the seconds


def staging_create() -> None:
    staging_drop()
    columns = ", ".join(f"{name} {_type(name)}" for name in STAGED)
    key = "integer PRIMARY KEY" if connection.vendor == "postgresql" else "INTEGER PRIMARY KEY"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            cursor.execute("PRAGMA temp_store = FILE")  # the table can be far larger than memory
        cursor.execute(f"CREATE TEMP TABLE {STAGING} ({columns})")
        cursor.execute(f"CREATE TEMP TABLE {LINKS} (number {key}, contact_id bigint NOT NULL)")


def staging_drop() -> None:
    with connection.cursor() as cursor:
        for table in (STAGING, LINKS, DUPLICATES):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")


class StagingWriter:
    """Buffers staged rows and writes them STAGE_BATCH at a time."""

    def __init__(self) -> None:
        self.rows: list[tuple[Any, ...]] = []
        self.postgresql = connection.vendor == "postgresql"
        values = ", ".join(["%s"] * len(STAGED))
        self.insert = f"INSERT INTO {STAGING} ({', '.join(STAGED)}) VALUES ({values})"  # noqa: S608
        self.copy = f"COPY {STAGING} ({', '.join(STAGED)}) FROM STDIN (FORMAT BINARY)"
        self.types = [_binary_type(name) for name in STAGED]

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)
        if len(self.rows) >= STAGE_BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        with connection.cursor() as cursor:
            if self.postgresql:
                with cursor.cursor.copy(self.copy) as copy:
                    copy.set_types(self.types)
                    for row in self.rows:
                        copy.write_row(row)
            elif connection.in_atomic_block:
                cursor.executemany(self.insert, self.rows)
            else:
                # One transaction per batch, on the TEMP database only: no lock on the main one.
                cursor.execute("BEGIN")
                try:
                    cursor.executemany(self.insert, self.rows)
                except BaseException:
                    cursor.execute("ROLLBACK")
                    raise
                cursor.execute("COMMIT")
        self.rows = []


def duplicates() -> Iterator[tuple[Problem, bool]]:
    """Each row whose call_id an earlier row has, in row order, with whether the row was good;
    such rows are no longer good when the iteration ends."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE {DUPLICATES} AS "  # noqa: S608 - our own table names
            f"SELECT s.number, s.call_id, s.ok, f.first FROM {STAGING} s JOIN "
            f"(SELECT call_id, MIN(number) AS first FROM {STAGING} GROUP BY call_id "
            f"HAVING COUNT(*) > 1) f ON f.call_id = s.call_id WHERE s.number > f.first"
        )
        cursor.execute(
            f"SELECT number, call_id, ok, first FROM {DUPLICATES} ORDER BY number"  # noqa: S608
        )
        while rows := cursor.fetchmany(FETCH):
            for number, call_id, ok, first in rows:
                message = f"duplicate call_id {call_id!r} (also row {first})"
                yield Problem(number, "call_id", message), bool(ok)
        cursor.execute(
            f"UPDATE {STAGING} SET ok = 0 WHERE ok = 1 AND number IN "  # noqa: S608
            f"(SELECT number FROM {DUPLICATES})"
        )
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {STAGING}")  # a TEMP table has no statistics otherwise


def chunks(size: int) -> Iterator[tuple[int, int]]:
    """Ranges of row numbers [first, end) holding good rows, `size` row numbers at most each."""
    sql = f"SELECT MIN(number) FROM {STAGING} WHERE ok = 1 AND number >= %s"  # noqa: S608
    end = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql, [end])
            (first,) = cursor.fetchone()
        if first is None:
            return
        end = first + size
        yield first, end

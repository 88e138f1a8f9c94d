"""`import_calls` side by side with the limit, in the same run (issue 12, points 1 and 8).

Run with `make bench`. The limit is the database loading the same rows with nothing else to do:
a plain COPY (PostgreSQL) or `executemany` in one transaction (SQLite) of the rows already
converted to the stored values, into a table of the call records' shape (the same columns and
indexes; PostgreSQL's `LIKE … INCLUDING ALL` leaves out the foreign keys). The import does
everything else as well: reads and checks the CSV, stages it, finds duplicates, upserts by
call_id, links contacts and keeps the rollups. Its rows a second and its ratio to the limit
are recorded in `extra_info` (`rows_per_second`, `times_the_limit`).

IMPORT_ROWS calls (200,000 by default; BENCH_IMPORT_ROWS) of benchmarks/calls_dataset.py into
a fresh council, in the benchmark database (benchmarks/conftest.py), rolled back after.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from pytest_benchmark.fixture import BenchmarkFixture

from benchmarks.calls_csv_file import HEADER, call_rows, write_calls
from civicdesk.catalogue.models import ServiceLine
from civicdesk.councils.models import Council
from civicdesk.performance.calls_import import ImportSummary, calls_import_file
from civicdesk.performance.models import CallRecord

IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "200000"))
GROUP = f"import of {IMPORT_ROWS} calls"
LIMIT_TABLE = "bench_limit_callrecord"
TIMES: dict[str, float] = {}


@pytest.fixture(scope="module")
def calls_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("import") / "calls.csv"
    write_calls(path, IMPORT_ROWS)
    return path


def _council(name: str) -> Council:
    council = Council.objects.create(slug=f"bench-{name}", name=name)
    for label in sorted({row[1] for row in call_rows(2000)}):
        ServiceLine.objects.create(
            council=council, code=label.lower().replace(" ", "-"), name=label
        )
    return council


def _stored_rows(council: Council) -> Iterator[tuple[Any, ...]]:
    """The file's rows as the call records store them (times in UTC), in the limit's columns."""
    lines = {line.name: line.pk for line in ServiceLine.objects.filter(council=council)}
    sqlite = connection.vendor == "sqlite"
    times = HEADER.index("presented_at"), HEADER.index("wrap_seconds")
    imported = "2026-01-01 00:00:00" if sqlite else "2026-01-01 00:00:00Z"
    for row in call_rows(IMPORT_ROWS):
        stamps = [
            None if not text else text[:-1] if sqlite else text
            for text in row[times[0] : times[0] + 6]
        ]
        wrap = row[times[1]]
        yield (
            council.pk,
            row[0],
            lines[row[1]],
            *stamps,
            *row[times[0] + 6 : times[1]],
            None if wrap in ("", None) else int(wrap),
            imported,
        )


LIMIT_COLUMNS = (
    "council_id", "call_id", "line_id", "presented_at", "ivr_exit_at", "queue_entered_at",
    "queue_exited_at", "answered_at", "ended_at", "outcome", "agent", "transferred_to",
    "wrap_seconds", "imported_at",
)  # fmt: skip


def _limit_table() -> None:
    """A table of the call records' shape: the same columns and indexes."""
    table = CallRecord._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TABLE {LIMIT_TABLE} (LIKE {table} INCLUDING ALL)")
            return
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL", [table]
        )
        for (sql,) in cursor.fetchall():
            made = sql.replace(f'"{table}"', f'"{LIMIT_TABLE}"')
            made = made.replace('INDEX "', f'INDEX "{LIMIT_TABLE}_')
            cursor.execute(made)


def plain_load(rows: list[tuple[Any, ...]]) -> None:
    columns = ", ".join(LIMIT_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {LIMIT_TABLE} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(LIMIT_COLUMNS))
            sql = f"INSERT INTO {LIMIT_TABLE} ({columns}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, rows)


def test_plain_load_the_limit(benchmark: BenchmarkFixture, db: None) -> None:
    benchmark.group = GROUP
    rows = list(_stored_rows(_council("limit")))
    _limit_table()

    def emptied() -> tuple[tuple[Any, ...], dict[str, Any]]:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {LIMIT_TABLE}")  # noqa: S608
        return (rows,), {}

    benchmark.pedantic(plain_load, setup=emptied, rounds=2)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {LIMIT_TABLE}")  # noqa: S608
        assert cursor.fetchone()[0] == IMPORT_ROWS
    if benchmark.stats:
        TIMES["limit"] = benchmark.stats.stats.median
        benchmark.extra_info["rows_per_second"] = round(IMPORT_ROWS / TIMES["limit"])


def test_import_calls_stream(benchmark: BenchmarkFixture, db: None, calls_file: Path) -> None:
    """The whole import of the file into a fresh council: both passes, rollups and links."""
    benchmark.group = GROUP
    made: list[Council] = []

    def fresh_council() -> tuple[tuple[()], dict[str, Any]]:
        made.append(_council(f"import-{len(made)}"))
        return (), {"council": made[-1], "path": calls_file}

    summary: ImportSummary = benchmark.pedantic(calls_import_file, setup=fresh_council, rounds=1)
    assert summary.created == IMPORT_ROWS
    assert CallRecord.objects.filter(council=made[-1]).count() == IMPORT_ROWS
    if benchmark.stats:
        median = benchmark.stats.stats.median
        benchmark.extra_info["rows_per_second"] = round(IMPORT_ROWS / median)
        if "limit" in TIMES:
            benchmark.extra_info["times_the_limit"] = round(median / TIMES["limit"], 2)

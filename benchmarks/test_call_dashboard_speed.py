"""The call dashboard over 10 million call records (issue 5). Run with `make bench`.

The data set (benchmarks/calls_dataset.py, BENCH_CALLS calls, 10 million by default) is built
once into the benchmark database and reused; figures and commands in docs/performance.md.
"""

from __future__ import annotations

import os
from datetime import date, timedelta

import pytest
from django.db import connection
from pytest_benchmark.fixture import BenchmarkFixture
from pytest_django import DjangoDbBlocker

from benchmarks.calls_dataset import BENCH_CALLS, FIRST_DAY, LAST_DAY, LINES, calls_csv, dataset
from civicdesk.catalogue.models import ServiceLine
from civicdesk.councils.models import Council
from civicdesk.performance.call_reports import line_by_period
from civicdesk.performance.calls_import import ImportSummary, calls_import
from civicdesk.performance.metrics import LineFigures
from civicdesk.performance.models import CallRecord, Period

IMPORT_CALLS = int(os.environ.get("BENCH_IMPORT_CALLS", "100000"))
RANGES = {
    "one-year": (date(2024, 1, 1), LAST_DAY),
    "three-years": (FIRST_DAY, LAST_DAY),
    "part-months": (date(2023, 3, 15), date(2024, 10, 10)),  # cut first and last months
}


@pytest.fixture(scope="session")
def calls_council(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Council:
    """The data set's council, built (and committed) on the first run."""
    with django_db_blocker.unblock():
        return dataset(BENCH_CALLS)


def line_by_month(council: Council, start: date, end: date) -> list[LineFigures]:
    """The dashboard's line-by-month table: every measure of every line in every month."""
    return [row.figures for row in line_by_period(council, Period.MONTH, start, end)]


def _months(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


@pytest.mark.parametrize("span", RANGES)
def test_line_by_month_dashboard(
    benchmark: BenchmarkFixture, db: None, calls_council: Council, span: str
) -> None:
    start, end = RANGES[span]
    table = benchmark(line_by_month, calls_council, start, end)
    assert len(table) == len(LINES) * _months(start, end)
    if span == "three-years":
        assert sum(figures.presented for figures in table) == BENCH_CALLS


RAW_SQLITE = """
SELECT line_id, strftime('%%Y-%%m', presented_at) AS month, COUNT(*),
  SUM(outcome IN ('answered', 'transferred')), SUM(outcome = 'abandoned_ivr'),
  SUM(outcome = 'abandoned_queue'), SUM(outcome = 'transferred'),
  AVG((julianday(answered_at) - julianday(COALESCE(queue_entered_at, presented_at))) * 86400),
  AVG((julianday(ended_at) - julianday(answered_at)) * 86400 + COALESCE(wrap_seconds, 0))
FROM performance_callrecord
WHERE council_id = %s AND presented_at >= %s AND presented_at < %s
GROUP BY line_id, month
"""
RAW_POSTGRESQL = """
SELECT line_id, date_trunc('month', presented_at AT TIME ZONE 'Europe/London') AS month, COUNT(*),
  COUNT(*) FILTER (WHERE outcome IN ('answered', 'transferred')),
  COUNT(*) FILTER (WHERE outcome = 'abandoned_ivr'),
  COUNT(*) FILTER (WHERE outcome = 'abandoned_queue'),
  COUNT(*) FILTER (WHERE outcome = 'transferred'),
  AVG(EXTRACT(EPOCH FROM answered_at - COALESCE(queue_entered_at, presented_at))),
  AVG(EXTRACT(EPOCH FROM ended_at - answered_at) + COALESCE(wrap_seconds, 0))
FROM performance_callrecord
WHERE council_id = %s AND presented_at >= %s AND presented_at < %s
GROUP BY line_id, month
"""


def raw_group_by(council: Council, start: date, end: date) -> list[tuple[object, ...]]:
    """For comparison only: the same table by a plain GROUP BY over the call records."""
    sql = RAW_POSTGRESQL if connection.vendor == "postgresql" else RAW_SQLITE
    with connection.cursor() as cursor:
        cursor.execute(sql, [council.pk, start.isoformat(), (end + timedelta(days=1)).isoformat()])
        return list(cursor.fetchall())


@pytest.mark.parametrize("span", RANGES)
def test_raw_group_by_for_comparison(
    benchmark: BenchmarkFixture, db: None, calls_council: Council, span: str
) -> None:
    start, end = RANGES[span]
    rows = benchmark.pedantic(raw_group_by, args=(calls_council, start, end), rounds=1)
    assert len(rows) >= len(LINES) * _months(start, end)
    if span == "three-years":
        assert sum(int(row[2]) for row in rows) == BENCH_CALLS


def test_import_calls(benchmark: BenchmarkFixture, db: None) -> None:
    """`calls_import` of a month's export, IMPORT_CALLS new calls, into a fresh council."""
    text = calls_csv(IMPORT_CALLS, date(2025, 1, 1), date(2025, 1, 31))
    made: list[Council] = []

    def fresh_council() -> tuple[tuple[()], dict[str, object]]:
        council = Council.objects.create(slug=f"bench-import-{len(made)}", name="Import")
        for code, name, _, _ in LINES:
            ServiceLine.objects.create(council=council, code=code, name=name)
        made.append(council)
        return (), {"council": council, "text": text}

    summary: ImportSummary = benchmark.pedantic(calls_import, setup=fresh_council, rounds=3)
    assert summary.created == IMPORT_CALLS
    assert CallRecord.objects.filter(council=made[-1]).count() == IMPORT_CALLS
    median = benchmark.stats.stats.median if benchmark.stats else 0
    if median:
        benchmark.extra_info["calls_per_second"] = round(IMPORT_CALLS / median)

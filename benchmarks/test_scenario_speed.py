"""A what-if scenario's calls per line and interval over 92 days (issue 12, point 6): counted by
the database (`scenario_counts.calls_per_interval`) against reading every call's time through
the ORM and binning it in Python, as the scenarios did before, kept here as the peer. Over the
call dashboard's data set (benchmarks/calls_dataset.py, BENCH_CALLS calls over three years).
Both give the same counts; the ratio of the medians is `extra_info["ratio_to_civicdesk"]`.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from django.conf import settings
from pytest_benchmark.fixture import BenchmarkFixture
from pytest_django import DjangoDbBlocker

from benchmarks.calls_dataset import BENCH_CALLS, dataset
from civicdesk.catalogue.models import ServiceLine
from civicdesk.core.clock import local_day_bounds
from civicdesk.councils.models import Council
from civicdesk.performance.models import CallRecord
from civicdesk.planning.forecast import FloatArray, counts_per_interval
from civicdesk.planning.scenario_counts import calls_per_interval

FIRST, LAST = date(2024, 3, 1), date(2024, 5, 31)  # 92 days, across the clocks going forward
MINUTES = 30
GROUP = "a scenario's calls per line and 30 minutes, 92 days"
TIMES: dict[str, float] = {}


@pytest.fixture(scope="session")
def calls_council(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Council:
    with django_db_blocker.unblock():
        return dataset(BENCH_CALLS)


def ours(council: Council, lines: list[ServiceLine]) -> FloatArray:
    return calls_per_interval(
        council=council, lines=lines, first=FIRST, last=LAST, interval_minutes=MINUTES
    )


def call_by_call(council: Council, lines: list[ServiceLine]) -> FloatArray:
    """Before issue 12: each call's time read through the ORM, made UK time, then binned."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start, after = local_day_bounds(FIRST, LAST)
    times: dict[int, list[object]] = {}
    records = CallRecord.objects.filter(
        council=council, line__in=lines, presented_at__gte=start, presented_at__lt=after
    )
    for line_id, moment in records.order_by().values_list("line_id", "presented_at").iterator(5000):
        times.setdefault(line_id, []).append(moment.astimezone(zone).replace(tzinfo=None))
    days = (LAST - FIRST).days + 1
    counts = np.zeros((len(lines), days, 24 * 60 // MINUTES))
    for index, line in enumerate(lines):
        counts[index] = counts_per_interval(
            np.array(times.get(line.pk, []), dtype="datetime64[m]"),
            start=FIRST,
            days=days,
            interval_minutes=MINUTES,
        )
    return counts


def test_civicdesk_scenario_counts(
    benchmark: BenchmarkFixture, db: None, calls_council: Council
) -> None:
    benchmark.group = GROUP
    lines = list(ServiceLine.objects.filter(council=calls_council))
    counts = benchmark(ours, calls_council, lines)
    assert counts.shape == (len(lines), (LAST - FIRST).days + 1, 48)
    assert counts.sum() > 0
    if benchmark.stats:
        TIMES["civicdesk"] = benchmark.stats.stats.median


def test_call_by_call_scenario_counts_for_comparison(
    benchmark: BenchmarkFixture, db: None, calls_council: Council
) -> None:
    benchmark.group = GROUP
    lines = list(ServiceLine.objects.filter(council=calls_council))
    counts = benchmark.pedantic(call_by_call, args=(calls_council, lines), rounds=3)
    assert np.array_equal(counts, ours(calls_council, lines))
    if benchmark.stats and "civicdesk" in TIMES:
        ratio = benchmark.stats.stats.median / TIMES["civicdesk"]
        benchmark.extra_info["ratio_to_civicdesk"] = round(ratio, 1)

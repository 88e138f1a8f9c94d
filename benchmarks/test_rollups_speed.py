"""`rebuild_rollups` (issue 12, point 2): the set-based rebuild against the per-row Python loop
it replaced, kept here as the peer, over BENCH_REBUILD_CALLS call records (500,000 by default;
benchmarks/calls_dataset.py builds them once). Both leave the same rollups; the ratio of the
medians is `extra_info["ratio_to_civicdesk"]`. Figures and commands in docs/performance.md.
"""

from __future__ import annotations

import os

import pytest
from django.db import transaction
from pytest_benchmark.fixture import BenchmarkFixture
from pytest_django import DjangoDbBlocker

from benchmarks.calls_dataset import dataset
from civicdesk.councils.models import Council
from civicdesk.performance.metrics import SUMS, Call
from civicdesk.performance.models import CallRecord, CallRollup
from civicdesk.performance.rollups import (
    CALL_FIELDS,
    CHUNK,
    DayTallies,
    rollups_apply,
    rollups_lock,
    rollups_rebuild,
)

REBUILD_CALLS = int(os.environ.get("BENCH_REBUILD_CALLS", "500000"))
GROUP = f"rebuild_rollups of {REBUILD_CALLS} calls"
TIMES: dict[str, float] = {}


@pytest.fixture(scope="session")
def rebuild_council(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Council:
    with django_db_blocker.unblock():
        return dataset(REBUILD_CALLS)


def per_row_rebuild(council: Council) -> int:
    """The rebuild before issue 12: every call record read into Python and tallied in turn."""
    read = 0
    with transaction.atomic():
        rollups_lock(council)
        days = DayTallies(council)
        records = CallRecord.objects.filter(council=council).order_by()
        for row in records.values_list(*CALL_FIELDS).iterator(chunk_size=CHUNK):
            days.add(row[0], Call(str(row[0]), *row[1:]))
            read += 1
        CallRollup.objects.filter(council=council).delete()
        rollups_apply(council=council, days=days)
    return read


def stored(council: Council) -> dict[tuple[object, ...], tuple[float, ...]]:
    return {
        (row.period, row.starts_on, row.line_id): tuple(round(getattr(row, n), 6) for n in SUMS)
        for row in CallRollup.objects.filter(council=council)
    }


def test_civicdesk_rebuild_rollups(
    benchmark: BenchmarkFixture, db: None, rebuild_council: Council
) -> None:
    benchmark.group = GROUP
    read = benchmark.pedantic(rollups_rebuild, kwargs={"council": rebuild_council}, rounds=3)
    assert read == REBUILD_CALLS
    if benchmark.stats:
        TIMES["civicdesk"] = benchmark.stats.stats.median
        benchmark.extra_info["calls_per_second"] = round(REBUILD_CALLS / TIMES["civicdesk"])


def test_per_row_python_rebuild_for_comparison(
    benchmark: BenchmarkFixture, db: None, rebuild_council: Council
) -> None:
    benchmark.group = GROUP
    rollups_rebuild(council=rebuild_council)
    ours = stored(rebuild_council)
    read = benchmark.pedantic(per_row_rebuild, args=(rebuild_council,), rounds=1)
    assert read == REBUILD_CALLS
    assert stored(rebuild_council) == ours
    if benchmark.stats:
        median = benchmark.stats.stats.median
        benchmark.extra_info["calls_per_second"] = round(REBUILD_CALLS / median)
        if "civicdesk" in TIMES:
            benchmark.extra_info["ratio_to_civicdesk"] = round(median / TIMES["civicdesk"], 1)

"""A council with 16 phone lines and BENCH_CALLS call records over three years, built once.

The calls are generated in presented-at order (so every index is appended to, not scattered)
and written in bulk: SQLite by `executemany` in large transactions with synchronous writes
off, PostgreSQL by COPY. The rollups are then built by our own `rollups_rebuild`, as they
would be after loading call records in bulk. The council's name says when the data set is
complete; a run that finds a complete one reuses it, a run that finds a half-built one
(an interrupted build) deletes it and starts again.
"""

from __future__ import annotations

import csv
import io
import os
import random
import time
from bisect import bisect
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate, islice
from zoneinfo import ZoneInfo

from django.db import connection, transaction

from civicdesk.catalogue.models import ServiceLine
from civicdesk.councils.models import Council
from civicdesk.performance.metrics import (
    ABANDONED_IVR,
    ABANDONED_QUEUE,
    ANSWERED,
    CALLBACK,
    TRANSFERRED,
)
from civicdesk.performance.models import CallRecord, CallRollup, LineStandard
from civicdesk.performance.rollups import rollups_rebuild

BENCH_CALLS = int(os.environ.get("BENCH_CALLS", "10000000"))
FIRST_DAY = date(2022, 1, 1)
LAST_DAY = date(2024, 12, 31)
UK = ZoneInfo("Europe/London")
# (code, name, share of calls, mean wait in the queue in seconds): the demo's 16 lines.
LINES = (
    ("corporate-general-enquiries", "Corporate General Enquiries", 12, 150),
    ("environment", "Environment line", 6, 90),
    ("general-switchboard", "General Switchboard", 14, 30),
    ("housing-benefit", "Housing Benefit line", 10, 240),
    ("housing-repairs", "Housing Repairs line", 12, 180),
    ("housing-options", "Housing Options line", 5, 300),
    ("housing-management", "Housing Management line", 5, 200),
    ("local-taxation", "Local Taxation line", 12, 210),
    ("waste-management", "Waste Management line", 8, 60),
    ("social-care-switchboard", "Social Care Switchboard", 4, 45),
    ("school-admissions", "School Admissions line", 2, 120),
    ("registrars", "Registrars line", 2, 60),
    ("electoral-registration", "Electoral Registration", 1, 40),
    ("support-grants", "Support Grants", 2, 260),
    ("parking-transport", "Parking & Transport line", 3, 100),
    ("payments-rents", "Payments and Rent Enquiries", 2, 90),
)
WEEKDAY_SHARE = (1.25, 1.0, 1.0, 1.0, 0.9, 0.0, 0.0)  # Monday first; the lines shut at weekends
OPENS, CLOSES = 8 * 3600 + 1800, 17 * 3600 + 1800  # 08:30 to 17:30, UK time
COLUMNS = (
    "council_id",
    "call_id",
    "line_id",
    "presented_at",
    "ivr_exit_at",
    "queue_entered_at",
    "queue_exited_at",
    "answered_at",
    "ended_at",
    "outcome",
    "agent",
    "transferred_to",
    "wrap_seconds",
    "imported_at",
)
BLOCK = 200_000  # calls per transaction: one executemany or one COPY

Row = tuple[int | str | None, ...]  # one call record's values in COLUMNS order
# One generated call: the line's index in LINES, then the six times as seconds since the
# epoch (UTC) or None, then outcome, agent, transferred_to and wrap_seconds.
Generated = tuple[
    int, int, int | None, int | None, int | None, int | None, int, str, str, str, int | None
]


def days(first: date = FIRST_DAY, last: date = LAST_DAY) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def generate_calls(
    count: int, seed: int = 5, first: date = FIRST_DAY, last: date = LAST_DAY
) -> Iterator[Generated]:
    """`count` calls over first..last in presented-at order, on weekdays in opening hours.

    Outcomes: 5% give up in the IVR (some within seconds), 10% in the queue, 4% choose a
    callback, the rest are answered (6% of those transferred to tier 2).
    """
    rng = random.Random(seed)
    rand = rng.random
    every_day = days(first, last)
    shares = [WEEKDAY_SHARE[day.weekday()] for day in every_day]
    total_share = sum(shares)
    line_bounds = list(accumulate(share for _, _, share, _ in LINES))
    line_total = line_bounds[-1]
    rates = [1 / wait for _, _, _, wait in LINES]
    done, cumulative, span = 0, 0.0, CLOSES - OPENS
    for day, share in zip(every_day, shares, strict=True):
        cumulative += share
        upto = round(count * cumulative / total_share)
        calls_today, done = upto - done, upto
        if not calls_today:
            continue
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=UK)
        offset = noon.utcoffset() or timedelta()
        midnight = int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())
        base = midnight - int(offset.total_seconds())
        for presented in sorted(base + OPENS + int(rand() * span) for _ in range(calls_today)):
            line = bisect(line_bounds, rand() * line_total)
            yield _call(rng, line, rates[line], presented)


def _call(rng: random.Random, line: int, rate: float, presented: int) -> Generated:
    rand, expo = rng.random, rng.expovariate
    roll = rand()
    if roll < 0.05:  # gave up in the IVR, a fifth of them within 5 seconds
        ended = presented + (1 + int(rand() * 4) if rand() < 0.2 else 5 + int(rand() * 60))
        return (line, presented, ended, None, None, None, ended, ABANDONED_IVR, "", "", None)
    queued = presented + 8 + int(rand() * 40)
    if roll < 0.15:  # gave up in the queue
        left, outcome = queued + int(expo(rate / 1.5)), ABANDONED_QUEUE
    elif roll < 0.19:  # asked to be called back
        left, outcome = queued + 10 + int(rand() * 60), CALLBACK
    else:
        answered = queued + int(expo(rate))
        ended = answered + 60 + int(expo(1 / 240))
        agent = f"agent-{int(rand() * 80):02d}"
        outcome, to = (TRANSFERRED, "Tier 2") if rand() < 0.06 else (ANSWERED, "")
        times = (presented, queued, queued, answered, answered, ended)
        return (line, *times, outcome, agent, to, int(rand() * 90))
    return (line, presented, queued, queued, left, None, left, outcome, "", "", None)


def _time_text(suffix: str) -> Callable[[int | None], str | None]:
    """Seconds since the epoch as the text each database stores (UTC), by table look-up."""
    first = (FIRST_DAY - date(1970, 1, 1)).days - 1
    day_text = [f"{FIRST_DAY + timedelta(days=n - 1)} " for n in range(len(days()) + 3)]
    clock = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}{suffix}" for s in range(86400)]

    def text(seconds: int | None) -> str | None:
        if seconds is None:
            return None
        day, second = divmod(seconds, 86400)
        return day_text[day - first] + clock[second]

    return text


def _rows(council: Council, line_ids: list[int], count: int, suffix: str) -> Iterator[Row]:
    text = _time_text(suffix)
    imported = "2025-01-06 09:00:00" + suffix
    calls = generate_calls(count)
    for number, (line, *times, outcome, agent, to, wrap) in enumerate(calls, start=1):
        yield (
            council.pk,
            f"B{number:09d}",
            line_ids[line],
            *map(text, times),
            outcome,
            agent,
            to,
            wrap,
            imported,
        )


def _blocks(rows: Iterator[Row]) -> Iterator[list[Row]]:
    while block := list(islice(rows, BLOCK)):
        yield block


def _load_sqlite(rows: Iterator[Row]) -> None:
    table = CallRecord._meta.db_table
    values = ", ".join(["%s"] * len(COLUMNS))
    sql = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({values})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-524288")  # 512 MiB while loading
        try:
            for block in _blocks(rows):
                with transaction.atomic():
                    cursor.executemany(sql, block)
        finally:
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA cache_size=-2000")


def _copy_text(row: Row) -> str:
    return "\t".join(r"\N" if value is None else str(value) for value in row)


def _load_postgresql(rows: Iterator[Row]) -> None:
    table = CallRecord._meta.db_table
    sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor:
        for block in _blocks(rows):
            with transaction.atomic(), cursor.cursor.copy(sql) as copy:
                copy.write("\n".join(map(_copy_text, block)) + "\n")
        cursor.execute(f"VACUUM ANALYZE {table}")


def _complete_name(count: int) -> str:
    return f"Benchmark council ({count} calls)"


def _forget(council: Council) -> None:
    with connection.cursor() as cursor:
        for model in (CallRollup, CallRecord, LineStandard, ServiceLine):
            table = model._meta.db_table
            cursor.execute(f"DELETE FROM {table} WHERE council_id = %s", [council.pk])  # noqa: S608
    council.delete()


def dataset(count: int = BENCH_CALLS) -> Council:
    """The benchmark council with `count` calls and its rollups, built unless already there."""
    slug = f"bench-calls-{count}"
    found = Council.objects.filter(slug=slug).first()
    if found is not None and found.name == _complete_name(count):
        return found
    if found is not None:
        _forget(found)
    council = Council.objects.create(slug=slug, name=f"Benchmark council ({count} calls, building)")
    lines = [
        ServiceLine.objects.create(council=council, code=code, name=name)
        for code, name, _, _ in LINES
    ]
    for line, within in zip(lines, (20, 30, 60, 20), strict=False):
        LineStandard.objects.create(council=council, line=line, answer_within_seconds=within)
    started = time.perf_counter()
    line_ids = [line.pk for line in lines]
    if connection.vendor == "postgresql":
        _load_postgresql(_rows(council, line_ids, count, "+00"))
    else:
        _load_sqlite(_rows(council, line_ids, count, ""))
    loaded = time.perf_counter()
    read = rollups_rebuild(council=council)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {CallRollup._meta.db_table}")
    rebuilt = time.perf_counter()
    assert read == count, f"rollups_rebuild read {read} calls, expected {count}"
    Council.objects.filter(pk=council.pk).update(name=_complete_name(count))
    council.refresh_from_db()
    print(
        f"\nbuilt {count} calls on {connection.vendor}: load {loaded - started:.1f} s, "
        f"rollups_rebuild {rebuilt - loaded:.1f} s"
    )
    return council


def calls_csv(count: int, first: date, last: date, seed: int = 7) -> str:
    """`count` calls over first..last in the native import columns, times in ISO 8601 (UTC)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ("call_id", "line", "presented_at", "ivr_exit_at", "queue_entered_at",
         "queue_exited_at", "answered_at", "ended_at", "outcome", "agent",
         "transferred_to", "wrap_seconds")
    )  # fmt: skip
    calls = generate_calls(count, seed, first, last)
    for number, (line, *times, outcome, agent, to, wrap) in enumerate(calls, start=1):
        stamps = ["" if t is None else datetime.fromtimestamp(t, UTC).isoformat() for t in times]
        writer.writerow((f"I{number:09d}", LINES[line][1], *stamps, outcome, agent, to, wrap))
    return out.getvalue()

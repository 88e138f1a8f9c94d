"""Call rollups: the sums of each line's calls per day, ISO week, month and year, kept as calls
are written, so reports add up a few rows instead of reading millions of call records.

A call belongs to the day (UK time) it was presented on. Its service level and short-abandon
thresholds are its line's standard (`LineStandard`); changing a standard rebuilds that line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Q, Sum

from civicdesk.core.clock import local_day
from civicdesk.councils.models import Council
from civicdesk.performance.metrics import (
    DEFAULT_SERVICE_LEVEL_SECONDS,
    DEFAULT_SHORT_ABANDON_SECONDS,
    SUMS,
    Call,
    Tally,
)
from civicdesk.performance.models import (
    CALL_TIMES,
    CallRecord,
    CallRollup,
    LineStandard,
    Period,
)
from civicdesk.performance.rollups_sql import Sums, day_sums

CHUNK = 5000
LOCK_SPACE = 21  # the first key of the rollup lock (ADR 21, ADR 29); the council's id is the second
# A call record's fields in the order of `metrics.Call`, its line as the line's id.
CALL_FIELDS = ("line_id", "outcome", *CALL_TIMES, "wrap_seconds")


@dataclass(frozen=True)
class Thresholds:
    service_level_seconds: float = DEFAULT_SERVICE_LEVEL_SECONDS
    short_abandon_seconds: float = DEFAULT_SHORT_ABANDON_SECONDS


DEFAULT_THRESHOLDS = Thresholds()


def thresholds_by_line(council: Council) -> dict[int, Thresholds]:
    """Each line's thresholds from its published standard; lines without one use the defaults."""
    return {
        standard.line_id: Thresholds(
            service_level_seconds=standard.answer_within_seconds,
            short_abandon_seconds=standard.short_abandon_seconds,
        )
        for standard in LineStandard.objects.filter(council=council)
    }


def period_start(day: date, period: str) -> date:
    if period == Period.WEEK:
        return day - timedelta(days=day.weekday())
    if period == Period.MONTH:
        return day.replace(day=1)
    if period == Period.YEAR:
        return day.replace(month=1, day=1)
    return day


Key = tuple[int, date]  # (line id, day)


class DayTallies:
    """Tallies per line and day for calls being written (or taken back out)."""

    def __init__(self, council: Council) -> None:
        self.thresholds = thresholds_by_line(council)
        self.tallies: dict[Key, Tally] = {}

    def add(self, line_id: int, call: Call, weight: int = 1) -> None:
        limits = self.thresholds.get(line_id, DEFAULT_THRESHOLDS)
        key = (line_id, local_day(call.presented_at))
        tally = self.tallies.get(key)
        if tally is None:
            tally = self.tallies[key] = Tally()
        tally.add(
            call,
            service_level_seconds=limits.service_level_seconds,
            short_abandon_seconds=limits.short_abandon_seconds,
            weight=weight,
        )


def call_of(record: CallRecord) -> Call:
    return Call(
        line=str(record.line_id),
        outcome=record.outcome,
        presented_at=record.presented_at,
        ivr_exit_at=record.ivr_exit_at,
        queue_entered_at=record.queue_entered_at,
        queue_exited_at=record.queue_exited_at,
        answered_at=record.answered_at,
        ended_at=record.ended_at,
        wrap_seconds=record.wrap_seconds,
    )


def rollups_lock(council: Council) -> None:
    """Hold the council's rollup lock until the transaction ends (ADR 29).

    Taken by whatever writes call records or rollups (an import's chunk, a rebuild, a changed
    standard) before it reads what it will change, so two of them for one council run one after
    the other. Web writes of contacts and cases never take it. PostgreSQL: a transaction-level
    advisory lock, nothing else waits on it. SQLite: transactions begin IMMEDIATE (settings), so
    the transaction already holds the database's one write lock.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("rollups_lock is held until the transaction ends: call it in one")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_SPACE, council.pk])
    elif (
        connection.vendor == "sqlite"
        and connection.settings_dict["OPTIONS"].get("transaction_mode") != "IMMEDIATE"
    ):
        raise ImproperlyConfigured("SQLite transactions must begin IMMEDIATE (ADR 29)")


def rollups_apply(*, council: Council, days: DayTallies) -> None:
    """Add the day tallies into the day, week, month and year rollups, in one transaction.

    The caller takes the council's rollup lock before reading the calls it changes; it is taken
    here too (again, harmlessly), so no two writers add into the same rows at once.
    """
    by_bucket: dict[tuple[str, date, int], Tally] = {}
    for (line_id, day), tally in days.tallies.items():
        for period in Period.values:
            bucket = (period, period_start(day, period), line_id)
            by_bucket.setdefault(bucket, Tally()).merge(tally)
    if not by_bucket:
        return
    with transaction.atomic():
        rollups_lock(council)
        wanted = Q()
        for period in Period.values:
            starts = {start for (p, start, _) in by_bucket if p == period}
            if starts:
                wanted |= Q(period=period, starts_on__in=starts)
        existing = {
            (row.period, row.starts_on, row.line_id): row
            for row in CallRollup.objects.filter(wanted, council=council)
        }
        to_create: list[CallRollup] = []
        to_update: list[CallRollup] = []
        for (period, start, line_id), tally in by_bucket.items():
            row = existing.get((period, start, line_id))
            if row is None:
                row = CallRollup(council=council, line_id=line_id, period=period, starts_on=start)
                to_create.append(row)
            else:
                to_update.append(row)
            for name in SUMS:
                setattr(row, name, getattr(row, name) + getattr(tally, name))
        # Rewriting changed rows is far quicker than bulk_update's CASE per row and field.
        for first in range(0, len(to_update), 1000):
            batch = to_update[first : first + 1000]
            CallRollup.objects.filter(pk__in=[row.pk for row in batch]).delete()
        for row in to_update:
            row.pk = None
        # A period whose calls all moved elsewhere is dropped, as a rebuild would not have it.
        kept = [row for row in (*to_create, *to_update) if row.presented]
        CallRollup.objects.bulk_create(kept, batch_size=1000)


def _insert(council: Council, buckets: Mapping[tuple[str, date, int], Sums]) -> None:
    """Write new rollups by `executemany`: several times quicker than building models."""
    columns = ("council_id", "line_id", "period", "starts_on", *SUMS)
    table = CallRollup._meta.db_table
    values = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({values})"  # noqa: S608
    adapt = connection.ops.adapt_datefield_value
    rows = []
    for (period, start, line_id), sums in buckets.items():
        fields = sums.fields()
        rows.append((council.pk, line_id, period, adapt(start), *(fields[name] for name in SUMS)))
    with connection.cursor() as cursor:
        for first in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[first : first + CHUNK])


def rollups_rebuild(*, council: Council, line_ids: Iterable[int] | None = None) -> int:
    """Recompute the council's rollups (or some lines') from the call records; returns calls read.

    For a changed standard, or after loading call records in bulk. The database sums the calls
    per line and hour (`rollups_sql`); the hours fold into days, the days into weeks, months
    and years, written in bulk.
    """
    ids = None if line_ids is None else list(line_ids)
    rollups = CallRollup.objects.filter(council=council)
    if ids is not None:
        rollups = rollups.filter(line_id__in=ids)
    with transaction.atomic():
        # Locked before reading the standards and calls, so an import cannot commit calls
        # between the read and the write.
        rollups_lock(council)
        days = day_sums(council.pk, ids)
        buckets: dict[tuple[str, date, int], Sums] = {}
        for (line_id, day), sums in days.items():
            for period in Period.values:
                bucket = buckets.setdefault((period, period_start(day, period), line_id), Sums())
                bucket.add(sums.counts, sums.micro)
        rollups.delete()
        _insert(council, buckets)
    return sum(sums.counts[0] for sums in days.values())


def _covering(start: date, end: date) -> Q:
    """The fewest rollups that cover start..end exactly: whole years, whole months, then days."""
    cover = Q(pk__in=[])
    day = start
    while day <= end:
        year_end = day.replace(month=12, day=31)
        next_month = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        if day.month == 1 and day.day == 1 and year_end <= end:
            cover |= Q(period=Period.YEAR, starts_on=day)
            day = year_end + timedelta(days=1)
        elif day.day == 1 and next_month - timedelta(days=1) <= end:
            cover |= Q(period=Period.MONTH, starts_on=day)
            day = next_month
        else:
            last = min(end, next_month - timedelta(days=1))
            cover |= Q(period=Period.DAY, starts_on__gte=day, starts_on__lte=last)
            day = last + timedelta(days=1)
    return cover


def _tally(row: Mapping[str, Any]) -> Tally:
    tally = Tally()
    for name in SUMS:
        value = row[name]
        setattr(tally, name, value if value is not None else 0)
    return tally


def tallies_between(
    *, council: Council, start: date, end: date, line_ids: Iterable[int] | None = None
) -> dict[int, Tally]:
    """Each line's tally over start..end (whole days, UK time), read from the rollups."""
    rows = CallRollup.objects.filter(_covering(start, end), council=council)
    if line_ids is not None:
        rows = rows.filter(line_id__in=list(line_ids))
    grouped = rows.order_by().values("line_id").annotate(**{name: Sum(name) for name in SUMS})
    return {row["line_id"]: _tally(row) for row in grouped}


def tallies_by_period(
    *,
    council: Council,
    period: str,
    start: date,
    end: date,
    line_ids: Iterable[int] | None = None,
) -> dict[tuple[int, date], Tally]:
    """Each line's tally per day, week, month or year whose start falls within start..end."""
    rows = CallRollup.objects.filter(
        council=council, period=period, starts_on__gte=start, starts_on__lte=end
    )
    if line_ids is not None:
        rows = rows.filter(line_id__in=list(line_ids))
    values = rows.order_by().values("line_id", "starts_on", *SUMS)
    return {(row["line_id"], row["starts_on"]): _tally(row) for row in values}

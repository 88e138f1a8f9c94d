"""The sums of `metrics.Tally`, counted by the database: one GROUP BY over a council's call
records gives each line's sums per hour (UTC), which fold into UK days here.

UK offsets from UTC are whole hours, so an hour (UTC) lies within one UK day; grouping by the
hour's text is the same on both databases and needs no time zone tables. Durations are whole
microseconds (integers), so the sums are exact and the comparisons with a line's thresholds
are those `Tally.add` makes: PostgreSQL subtracts the timestamps; SQLite, which stores them as
text, adds `unixepoch` (whole seconds, exact) and the text's fraction of a second (`julianday`
is a float of days: about 40 microseconds off, enough to move a call across a threshold).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.db import connection

from civicdesk.core.clock import local_day
from civicdesk.performance.metrics import (
    ABANDONED_IVR,
    ABANDONED_QUEUE,
    ANSWERED,
    CALLBACK,
    DEFAULT_SERVICE_LEVEL_SECONDS,
    DEFAULT_SHORT_ABANDON_SECONDS,
    TRANSFERRED,
)
from civicdesk.performance.models import CALL_TIMES, CallRecord, LineStandard

MICRO = 1_000_000
WORK_MEM = "256MB"  # the most a rebuild's grouping may hold in memory on PostgreSQL
# The counts of `Tally`, then its sums of seconds (kept here in microseconds), in query order.
COUNTS = (
    "presented",
    "answered",
    "abandoned_ivr",
    "abandoned_queue",
    "short_abandons",
    "callbacks",
    "transferred",
    "waited",
    "handled",
    "within_target",
    "answered_timed",
)
MICROSECONDS = ("answer_seconds", "wait_seconds", "handling_seconds")


TIMES = CALL_TIMES
# Each duration `Tally.add` uses: from one time (or the first of some) to another.
DURATIONS = {
    "wait": ("queue_entered_at", "COALESCE(answered_at, queue_exited_at, ended_at)"),
    "to_answer": ("COALESCE(queue_entered_at, presented_at)", "answered_at"),
    "talk": ("answered_at", "ended_at"),
    "in_ivr": ("presented_at", "COALESCE(ivr_exit_at, ended_at)"),
    "in_queue": ("queue_entered_at", "COALESCE(queue_exited_at, ended_at)"),
}
CALLS, STANDARDS = CallRecord._meta.db_table, LineStandard._meta.db_table
WHERE = "c.council_id = %s {lines}"


def _sqlite_micro(column: str) -> str:
    """A stored time ("YYYY-MM-DD HH:MM:SS[.ffffff]", UTC) in microseconds since the epoch."""
    fraction = f"CAST(round(CAST('0' || substr({column}, 20) AS REAL) * {MICRO}) AS INTEGER)"
    fraction = f"CASE WHEN length({column}) > 19 THEN {fraction} ELSE 0 END"
    return f"unixepoch({column}) * {MICRO} + {fraction}"


# SQLite: each time is read once, as microseconds (LIMIT and OFFSET keep SQLite from merging
# this query into the next and reading the times again); durations are then differences.
SQLITE_SOURCE = (
    "(SELECT c.line_id, c.outcome, c.wrap_seconds, unixepoch(c.presented_at) / 3600 AS hour, "  # noqa: S608
    + ", ".join(f"{_sqlite_micro('c.' + name)} AS {name}" for name in TIMES)
    + f" FROM {CALLS} c WHERE {WHERE} LIMIT -1 OFFSET 0) c"
)
POSTGRESQL_SOURCE = (
    "(SELECT c.*, CAST(floor(date_part('epoch', c.presented_at) / 3600) AS INTEGER) AS hour "  # noqa: S608
    f"FROM {CALLS} c WHERE {WHERE}) c"
)


def _sqlite_between(start: str, end: str) -> str:
    return f"({end} - {start})"


def _postgresql_between(start: str, end: str) -> str:
    # date_part of an interval is a double: whole microseconds up to 285 years, exact.
    return f"CAST(round(date_part('epoch', {end} - {start}) * {MICRO}) AS BIGINT)"


def _sums_sql(between: Callable[[str, str], str], source: str, fence: str) -> str:
    """One row per line and hour (UTC, hours since the epoch) with calls: the hour, the line,
    then COUNTS and MICROSECONDS in order. Parameters: the council, then the line ids in
    `{lines}`, if any.

    The inner query works out each call's durations once; `fence` keeps PostgreSQL from
    merging it into the outer one (which would work each out again for every sum using it)."""
    target, short = DEFAULT_SERVICE_LEVEL_SECONDS, DEFAULT_SHORT_ABANDON_SECONDS
    inner = (
        "SELECT c.hour, c.line_id, c.outcome, c.wrap_seconds, "  # noqa: S608
        + ", ".join(f"{between(*ends)} AS {name}" for name, ends in DURATIONS.items())
        + f", COALESCE(s.answer_within_seconds, {target}) * {MICRO} AS target"
        + f", COALESCE(s.short_abandon_seconds, {short}) * {MICRO} AS short"
        + f" FROM {source} LEFT JOIN {STANDARDS} s ON s.line_id = c.line_id"
        + fence
    )
    answered = f"outcome IN ('{ANSWERED}', '{TRANSFERRED}')"
    ivr, queue = f"outcome = '{ABANDONED_IVR}'", f"outcome = '{ABANDONED_QUEUE}'"

    def count(condition: str) -> str:
        return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"

    counts = {
        "presented": "COUNT(*)",
        "answered": count(answered),
        "abandoned_ivr": count(f"{ivr} AND (in_ivr IS NULL OR in_ivr >= short)"),
        "abandoned_queue": count(f"{queue} AND (in_queue IS NULL OR in_queue >= short)"),
        "short_abandons": count(f"({ivr} AND in_ivr < short) OR ({queue} AND in_queue < short)"),
        "callbacks": count(f"outcome = '{CALLBACK}'"),
        "transferred": count(f"outcome = '{TRANSFERRED}'"),
        "waited": "COUNT(wait)",
        "handled": count(f"{answered} AND talk IS NOT NULL"),
        "within_target": count(f"{answered} AND to_answer <= target"),
        "answered_timed": count(f"{answered} AND to_answer IS NOT NULL"),
    }
    sums = {
        "answer_seconds": f"SUM(CASE WHEN {answered} THEN to_answer END)",
        "wait_seconds": "SUM(wait)",
        "handling_seconds": (
            f"SUM(CASE WHEN {answered} THEN talk + COALESCE(wrap_seconds, 0) * {MICRO} END)"
        ),
    }
    columns = [counts[name] for name in COUNTS] + [sums[name] for name in MICROSECONDS]
    return (
        f"SELECT hour, line_id, {', '.join(columns)} "  # noqa: S608
        f"FROM ({inner}) calls GROUP BY hour, line_id"
    )


SQLITE_SUMS = _sums_sql(_sqlite_between, SQLITE_SOURCE, "")
POSTGRESQL_SUMS = _sums_sql(_postgresql_between, POSTGRESQL_SOURCE, " OFFSET 0")


@dataclass
class Sums:
    """One line's sums over some calls: the counts, and the seconds in whole microseconds."""

    counts: list[int] = field(default_factory=lambda: [0] * len(COUNTS))
    micro: list[int] = field(default_factory=lambda: [0] * len(MICROSECONDS))

    def add(self, counts: Sequence[int], micro: Sequence[int]) -> None:
        self.counts = [a + b for a, b in zip(self.counts, counts, strict=True)]
        self.micro = [a + b for a, b in zip(self.micro, micro, strict=True)]

    def fields(self) -> dict[str, float]:
        values: dict[str, float] = dict(zip(COUNTS, self.counts, strict=True))
        values |= {
            name: total / MICRO for name, total in zip(MICROSECONDS, self.micro, strict=True)
        }
        return values


def _hourly(
    council_id: int, line_ids: Sequence[int] | None
) -> Iterator[tuple[int, int, list[int]]]:
    sql = POSTGRESQL_SUMS if connection.vendor == "postgresql" else SQLITE_SUMS
    params: list[int] = [council_id]
    lines = ""
    if line_ids is not None:
        lines = f"AND c.line_id IN ({', '.join(['%s'] * len(line_ids))}) "
        params += line_ids
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            # About 600 bytes per line and hour: without room, the grouping spills to disk.
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        cursor.execute(sql.replace("{lines}", lines), params)
        for hour, line_id, *values in cursor.fetchall():
            yield int(hour), line_id, [int(value or 0) for value in values]


def day_sums(
    council_id: int, line_ids: Sequence[int] | None = None
) -> dict[tuple[int, date], Sums]:
    """Each line's sums per UK day, counted from the council's call records (or some lines')."""
    days: dict[tuple[int, date], Sums] = {}
    day_of_hour: dict[int, date] = {}
    split = len(COUNTS)
    for hour, line_id, values in _hourly(council_id, line_ids):
        day = day_of_hour.get(hour)
        if day is None:
            moment = datetime.fromtimestamp(hour * 3600, UTC)
            day = day_of_hour[hour] = local_day(moment)
        days.setdefault((line_id, day), Sums()).add(values[:split], values[split:])
    return days

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
from civicdesk.performance.models import CallRecord, LineStandard

MICRO = 1_000_000
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


def _sqlite_micro(column: str) -> str:
    fraction = f"CAST('0' || substr({column}, 20) AS REAL)"
    return f"(unixepoch({column}) * {MICRO} + CAST(round({fraction} * {MICRO}) AS INTEGER))"


def _postgresql_micro(column: str) -> str:
    return f"CAST(EXTRACT(EPOCH FROM {column}) * {MICRO} AS BIGINT)"


def _sums_sql(micro: Callable[[str], str], hour: str) -> str:
    """One row per line and hour (UTC text) with calls: the hour, the line, then COUNTS and
    MICROSECONDS in order. Parameters: council, then the line ids, if any, by the caller."""

    def between(start: str, end: str) -> str:
        return f"({micro(end)} - {micro(start)})"

    c = "c."
    wait = between(
        f"{c}queue_entered_at", f"COALESCE({c}answered_at, {c}queue_exited_at, {c}ended_at)"
    )
    to_answer = between(f"COALESCE({c}queue_entered_at, {c}presented_at)", f"{c}answered_at")
    talk = between(f"{c}answered_at", f"{c}ended_at")
    in_ivr = between(f"{c}presented_at", f"COALESCE({c}ivr_exit_at, {c}ended_at)")
    in_queue = between(f"{c}queue_entered_at", f"COALESCE({c}queue_exited_at, {c}ended_at)")
    answered = f"{c}outcome IN ('{ANSWERED}', '{TRANSFERRED}')"
    target = f"COALESCE(s.answer_within_seconds, {DEFAULT_SERVICE_LEVEL_SECONDS}) * {MICRO}"
    short = f"COALESCE(s.short_abandon_seconds, {DEFAULT_SHORT_ABANDON_SECONDS}) * {MICRO}"
    ivr, queue = f"{c}outcome = '{ABANDONED_IVR}'", f"{c}outcome = '{ABANDONED_QUEUE}'"

    def count(condition: str) -> str:
        return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"

    counts = (
        "COUNT(*)",
        count(answered),
        count(f"{ivr} AND ({in_ivr} IS NULL OR {in_ivr} >= {short})"),
        count(f"{queue} AND ({in_queue} IS NULL OR {in_queue} >= {short})"),
        count(f"({ivr} AND {in_ivr} < {short}) OR ({queue} AND {in_queue} < {short})"),
        count(f"{c}outcome = '{CALLBACK}'"),
        count(f"{c}outcome = '{TRANSFERRED}'"),
        f"COUNT({wait})",
        count(f"{answered} AND {talk} IS NOT NULL"),
        count(f"{answered} AND {to_answer} <= {target}"),
        count(f"{answered} AND {to_answer} IS NOT NULL"),
    )
    sums = (
        f"SUM(CASE WHEN {answered} THEN {to_answer} END)",
        f"SUM({wait})",
        f"SUM(CASE WHEN {answered} THEN {talk} + COALESCE({c}wrap_seconds, 0) * {MICRO} END)",
    )
    calls, standards = CallRecord._meta.db_table, LineStandard._meta.db_table
    return (
        f"SELECT {hour} AS hour, c.line_id, {', '.join(counts + sums)} "  # noqa: S608
        f"FROM {calls} c LEFT JOIN {standards} s ON s.line_id = c.line_id "
        "WHERE c.council_id = %s {lines}"
        f"GROUP BY {hour}, c.line_id"
    )


SQLITE_SUMS = _sums_sql(_sqlite_micro, "substr(c.presented_at, 1, 13)")
POSTGRESQL_SUMS = _sums_sql(
    _postgresql_micro, "to_char(c.presented_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')"
)


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
) -> Iterator[tuple[str, int, list[int]]]:
    sql = POSTGRESQL_SUMS if connection.vendor == "postgresql" else SQLITE_SUMS
    params: list[int] = [council_id]
    lines = ""
    if line_ids is not None:
        lines = f"AND c.line_id IN ({', '.join(['%s'] * len(line_ids))}) "
        params += line_ids
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{lines}", lines), params)
        for hour, line_id, *values in cursor.fetchall():
            yield hour, line_id, [int(value or 0) for value in values]


def day_sums(
    council_id: int, line_ids: Sequence[int] | None = None
) -> dict[tuple[int, date], Sums]:
    """Each line's sums per UK day, counted from the council's call records (or some lines')."""
    days: dict[tuple[int, date], Sums] = {}
    day_of_hour: dict[str, date] = {}
    split = len(COUNTS)
    for hour, line_id, values in _hourly(council_id, line_ids):
        day = day_of_hour.get(hour)
        if day is None:
            moment = datetime.strptime(hour[:13], "%Y-%m-%d %H").replace(tzinfo=UTC)
            day = day_of_hour[hour] = local_day(moment)
        days.setdefault((line_id, day), Sums()).add(values[:split], values[split:])
    return days

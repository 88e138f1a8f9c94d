"""Pass 2 of an import: one chunk of staged rows into the call records and the rollups.

Run in the caller's transaction, which holds the council's rollup lock (ADR 29): the chunk's
calls are linked to their contacts (calls_links.py), the old versions of the calls it changes
are read and counted out of the day tallies, the new and changed calls are summed per line and
day in SQL and counted in, then one INSERT … SELECT … ON CONFLICT DO UPDATE … WHERE something
changed writes them all, and the tallies go into the rollups. A known call with the same
values (and the same contact) is left alone, and counted unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.db import connection

from civicdesk.councils.models import Council
from civicdesk.performance.calls_check import TIME_COLUMNS
from civicdesk.performance.calls_links import ContactIndex
from civicdesk.performance.calls_staging import FETCH, LINKS, STAGING
from civicdesk.performance.metrics import SUMS, Call, Tally
from civicdesk.performance.models import CallRecord
from civicdesk.performance.rollups import DEFAULT_THRESHOLDS, DayTallies, rollups_apply

STORED = (*TIME_COLUMNS, "outcome", "agent", "transferred_to", "wrap_seconds")
CALLS = CallRecord._meta.db_table
_IN_CHUNK = "s.number >= %s AND s.number < %s AND s.ok = 1"


def _join_call() -> str:
    """SQL after JOIN: the staged call's record, if any, by the (council, call_id) index. On
    PostgreSQL a LATERAL look-up per staged row: with a join the planner may hash the council's
    records, reading millions of rows for each chunk of a re-import (LIMIT 1 keeps the
    planner from flattening it into such a join; the pair is unique anyway)."""
    if connection.vendor == "postgresql":
        where = "k.council_id = %s AND k.call_id = s.call_id"
        return f"LATERAL (SELECT * FROM {CALLS} k WHERE {where} LIMIT 1) c ON TRUE"  # noqa: S608
    return f"{CALLS} c ON c.council_id = %s AND c.call_id = s.call_id"


_JOIN_LINK = f"LEFT JOIN {LINKS} l ON l.number = s.number"


@dataclass
class ChunkCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _differs(new: str, old: str, contact: str) -> str:
    """SQL: the new version (its contact from `contact`) differs from the old one, NULLs equal."""
    op = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    parts = [f"{new}.{name} {op} {old}.{name}" for name in ("line_id", *STORED)]
    parts.append(f"{contact}.contact_id {op} {old}.contact_id")
    return "(" + " OR ".join(parts) + ")"


def _moment(value: Any) -> datetime | None:
    if isinstance(value, str):  # SQLite: Django's text, in UTC
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime) and value.tzinfo is None:  # SQLite's converter: naive UTC
        return value.replace(tzinfo=UTC)
    return value


def _link(council: Council, first: int, end: int) -> None:
    """Fill the links table with the chunk's calls' contacts."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {LINKS}")  # noqa: S608 - our own table
        cursor.execute(
            f"SELECT MIN(s.presented_at), MAX(s.presented_at) FROM {STAGING} s "  # noqa: S608
            f"WHERE {_IN_CHUNK}",
            [first, end],
        )
        start, last = (_moment(value) for value in cursor.fetchone())
        if start is None or last is None:
            return
        index = ContactIndex(council, start, last)
        if not index:
            return
        cursor.execute(
            f"SELECT s.number, s.line_id, s.presented_at, s.from_phone "  # noqa: S608
            f"FROM {STAGING} s WHERE {_IN_CHUNK}",
            [first, end],
        )
        found: list[tuple[int, int]] = []
        while rows := cursor.fetchmany(FETCH):
            calls = ((n, line, _moment(at), phone or "") for n, line, at, phone in rows)
            found.extend(index.links(calls))  # type: ignore[arg-type]
        sql = f"INSERT INTO {LINKS} (number, contact_id) VALUES (%s, %s)"  # noqa: S608
        cursor.executemany(sql, found)


def _take_out_old(council: Council, first: int, end: int, days: DayTallies) -> int:
    """Count the old versions of the calls the chunk changes out of the tallies; how many."""
    columns = ", ".join(f"c.{name}" for name in ("line_id", "outcome", *TIME_COLUMNS))
    sql = (
        f"SELECT {columns}, c.wrap_seconds FROM {STAGING} s JOIN {_join_call()} "  # noqa: S608
        f"{_JOIN_LINK} WHERE {_IN_CHUNK} AND {_differs('s', 'c', 'l')}"
    )
    changed = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, [council.pk, first, end])
        while rows := cursor.fetchmany(FETCH):
            for line_id, outcome, *times, wrap in rows:
                presented, ivr_exit, queued, queue_left, answered, ended = map(_moment, times)
                assert presented is not None  # noqa: S101 - a call record always has one
                old = (presented, ivr_exit, queued, queue_left, answered, ended, wrap)
                days.add(line_id, Call(str(line_id), outcome, *old), weight=-1)
                changed += 1
    return changed


def _by_line(thresholds: dict[int, float], default: float) -> str:
    """SQL: the staged call's line's threshold (numbers we read from the standards)."""
    if not thresholds:
        return repr(float(default))
    whens = " ".join(
        f"WHEN {int(line)} THEN {float(value)!r}" for line, value in thresholds.items()
    )
    return f"(CASE s.line_id {whens} ELSE {float(default)!r} END)"


def _sums_sql(days: DayTallies) -> str:
    """SQL: each of metrics.SUMS over the staged calls, as metrics.Tally.add counts them."""
    limits = days.thresholds
    level = _by_line(
        {line: t.service_level_seconds for line, t in limits.items()},
        DEFAULT_THRESHOLDS.service_level_seconds,
    )
    short_limit = _by_line(
        {line: t.short_abandon_seconds for line, t in limits.items()},
        DEFAULT_THRESHOLDS.short_abandon_seconds,
    )
    short = f"(s.gave_up_s IS NOT NULL AND s.gave_up_s < {short_limit})"

    def count(condition: str) -> str:
        return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"

    sums = {
        "presented": "COUNT(*)",
        "answered": count("s.outcome IN ('answered', 'transferred')"),
        "abandoned_ivr": count(f"s.outcome = 'abandoned_ivr' AND NOT {short}"),
        "abandoned_queue": count(f"s.outcome = 'abandoned_queue' AND NOT {short}"),
        "short_abandons": count(f"s.outcome IN ('abandoned_ivr', 'abandoned_queue') AND {short}"),
        "callbacks": count("s.outcome = 'callback'"),
        "transferred": count("s.outcome = 'transferred'"),
        "answer_seconds": "COALESCE(SUM(s.to_answer_s), 0)",
        "waited": count("s.wait_s IS NOT NULL"),
        "wait_seconds": "COALESCE(SUM(s.wait_s), 0)",
        "handled": count("s.handling_s IS NOT NULL"),
        "handling_seconds": "COALESCE(SUM(s.handling_s), 0)",
        "within_target": count(f"s.to_answer_s <= {level}"),
        "answered_timed": count("s.to_answer_s IS NOT NULL"),
    }
    return ", ".join(sums[name] for name in SUMS)


def _count_in_new(council: Council, first: int, end: int, days: DayTallies) -> int:
    """Sum the chunk's new and changed calls per line and day into the tallies; how many new."""
    sql = (
        f"SELECT s.line_id, s.day, {_sums_sql(days)}, "  # noqa: S608
        f"SUM(CASE WHEN c.id IS NULL THEN 1 ELSE 0 END) FROM {STAGING} s "
        f"LEFT JOIN {_join_call()} "
        f"{_JOIN_LINK} WHERE {_IN_CHUNK} AND (c.id IS NULL OR {_differs('s', 'c', 'l')}) "
        "GROUP BY s.line_id, s.day"
    )
    created = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, [council.pk, first, end])
        for line_id, day, *sums, new in cursor.fetchall():
            key = (line_id, day if isinstance(day, date) else date.fromisoformat(day))
            tally = days.tallies.get(key)
            if tally is None:
                tally = days.tallies[key] = Tally()
            for name, value in zip(SUMS, sums, strict=True):
                setattr(tally, name, getattr(tally, name) + value)
            created += new
    return created


def _upsert(council: Council, first: int, end: int, moment: datetime) -> None:
    postgresql = connection.vendor == "postgresql"
    names = ("line_id", *STORED)
    columns = ", ".join(("council_id", "call_id", *names, "contact_id", "imported_at"))
    updates = ", ".join(f"{name} = excluded.{name}" for name in (*names, "contact_id"))
    stamp = "%s::timestamptz" if postgresql else "%s"
    sql = (
        f"INSERT INTO {CALLS} ({columns}) SELECT %s, s.call_id, "  # noqa: S608
        f"{', '.join(f's.{name}' for name in names)}, l.contact_id, {stamp} "
        f"FROM {STAGING} s {_JOIN_LINK} WHERE {_IN_CHUNK} ORDER BY s.number "
        f"ON CONFLICT (council_id, call_id) DO UPDATE SET {updates}, "
        f"imported_at = excluded.imported_at WHERE {_differs('excluded', CALLS, 'excluded')}"
    )
    with connection.cursor() as cursor:
        stamped = connection.ops.adapt_datetimefield_value(moment)
        cursor.execute(sql, [council.pk, stamped, first, end])


def write_chunk(council: Council, first: int, end: int, moment: datetime) -> ChunkCounts:
    """Rows [first, end) of the staging table into the call records and the rollups; in the
    caller's transaction, which holds the council's rollup lock."""
    days = DayTallies(council)  # the standards as they are now, under the lock
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The look-ups per staged row cost more than the JIT's threshold, and compiling
            # them costs more than it saves, every chunk.
            cursor.execute("SET LOCAL jit = off")
    _link(council, first, end)
    updated = _take_out_old(council, first, end, days)
    created = _count_in_new(council, first, end, days)
    _upsert(council, first, end, moment)
    rollups_apply(council=council, days=days)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {STAGING} s WHERE {_IN_CHUNK}", [first, end])  # noqa: S608
        (good,) = cursor.fetchone()
    return ChunkCounts(created, updated, good - created - updated)

"""Import call detail records from CSV: check every row, then upsert by call_id in chunks.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first call is row 2.
A mapping file (YAML) adapts another telephony export::

    columns:            # their column: our column
      Call Ref: call_id
      Queue: line
    time_format: "%d/%m/%Y %H:%M:%S"   # strptime format; ISO 8601 when left out
    time_zone: Europe/London           # for times without an offset; the site's zone by default
    outcomes:           # their outcome: ours (optional)
      ABANDON: abandoned_queue

Linking to contacts: a call links to the recorded contact of the same council and line whose
presented_at is within a minute of the call's (the nearest one), and, when the file has a
`from_phone` column, whose from_phone is that number in E.164.

Malformed files and mappings are read in calls_file.py: every problem has its row and column.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction

from civicdesk.catalogue.models import ServiceLine
from civicdesk.contacts.models import Contact
from civicdesk.core.clock import now
from civicdesk.core.errors import DomainError
from civicdesk.councils.models import Council
from civicdesk.performance.calls_file import (
    CallsFileInvalid,
    Mapping,
    Problem,
    csv_reader,
    decode_calls,
    read_header,
    read_records,
)
from civicdesk.performance.models import CallOutcome, CallRecord
from civicdesk.performance.rollups import DayTallies, call_of, rollups_apply, rollups_lock
from civicdesk.residents.normalise import phone_e164

TIME_COLUMNS = (
    "presented_at",
    "ivr_exit_at",
    "queue_entered_at",
    "queue_exited_at",
    "answered_at",
    "ended_at",
)
COLUMNS = (
    "call_id",
    "line",
    *TIME_COLUMNS,
    "outcome",
    "agent",
    "transferred_to",
    "wrap_seconds",
)
REQUIRED = ("call_id", "line", "presented_at", "outcome")
# Each pair (earlier, later) must be in order when both times are given.
ORDER = (
    ("presented_at", "ivr_exit_at"),
    ("presented_at", "queue_entered_at"),
    ("ivr_exit_at", "queue_entered_at"),
    ("queue_entered_at", "queue_exited_at"),
    ("presented_at", "answered_at"),
    ("queue_entered_at", "answered_at"),
    ("presented_at", "ended_at"),
    ("queue_exited_at", "ended_at"),
    ("answered_at", "ended_at"),
)
STORED = (*TIME_COLUMNS, "outcome", "agent", "transferred_to", "wrap_seconds")
CONTACT_WINDOW = timedelta(minutes=1)
BATCH = 1000
SQLITE_TURN_SECONDS = 0.12  # longer than SQLite's slowest retry (100 ms): see _let_others_write
YEARS = (1970, 2099)  # times outside are typing mistakes, and overflow once put in UTC
MAX_WRAP_SECONDS = 24 * 60 * 60
MAX_OFFSET = timedelta(hours=14)
_DIGITS = re.compile(r"[0-9]+")
__all__ = ["CallsFileInvalid", "Mapping", "Problem", "calls_import", "calls_import_file"]


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Problem] = field(default_factory=list)


@dataclass
class _Row:
    number: int
    call_id: str
    line: ServiceLine
    values: dict[str, Any]
    from_phone: str


def lines_by_label(council: Council) -> dict[str, ServiceLine]:
    """Each line of the council under its name, code and aliases, lower-cased."""
    labels: dict[str, ServiceLine] = {}
    for line in ServiceLine.objects.filter(council=council):
        for label in (line.name, line.code, *(line.aliases or [])):
            labels.setdefault(str(label).strip().lower(), line)
    return labels


class _OutOfRange(ValueError):
    pass


def _time(raw: str, mapping: Mapping, zone: ZoneInfo) -> datetime | None:
    if not raw:
        return None
    if mapping.time_format:
        moment = datetime.strptime(raw, mapping.time_format)  # noqa: DTZ007 - zone added below
    else:
        moment = datetime.fromisoformat(raw)
    if not YEARS[0] <= moment.year <= YEARS[1]:
        raise _OutOfRange
    offset = moment.utcoffset()
    if offset is not None and abs(offset) > MAX_OFFSET:
        raise ValueError(offset)  # no place on Earth is more than 14 hours from UTC
    # In UTC: PostgreSQL refuses offsets beyond 15:59 that Python reads (+23:59).
    return (moment if moment.tzinfo else moment.replace(tzinfo=zone)).astimezone(UTC)


def _wrap(raw: str) -> tuple[int | None, str]:
    """wrap_seconds, or the problem with it."""
    if not _DIGITS.fullmatch(raw):
        return None, f"{raw!r} is not a whole number ≥ 0"
    digits = raw.lstrip("0") or "0"
    if len(digits) > 6 or int(digits) > MAX_WRAP_SECONDS:
        return None, f"{raw!r} is more than a day ({MAX_WRAP_SECONDS} seconds)"
    return int(digits), ""


def _check_row(
    number: int,
    record: dict[str, str],
    labels: dict[str, ServiceLine],
    mapping: Mapping,
    zone: ZoneInfo,
) -> tuple[_Row | None, list[Problem]]:
    problems: list[Problem] = []
    raw = {name: (record.get(name) or "").strip() for name in (*COLUMNS, "from_phone")}
    for name in REQUIRED:
        if not raw[name]:
            problems.append(Problem(number, name, "is empty"))
    line = labels.get(raw["line"].lower())
    if raw["line"] and line is None:
        problems.append(Problem(number, "line", f"unknown line {raw['line']!r}"))
    times: dict[str, datetime | None] = {}
    for name in TIME_COLUMNS:
        try:
            times[name] = _time(raw[name], mapping, zone)
        except _OutOfRange:
            outside = f"{raw[name]!r} is outside the years {YEARS[0]} to {YEARS[1]}"
            problems.append(Problem(number, name, outside))
            times[name] = None
        except ValueError:
            expected = mapping.time_format or "ISO 8601"
            problems.append(Problem(number, name, f"bad time {raw[name]!r} (expected {expected})"))
            times[name] = None
    for earlier, later in ORDER:
        first, second = times[earlier], times[later]
        if first is not None and second is not None and second < first:
            problems.append(
                Problem(number, later, f"times out of order: {later} is before {earlier}")
            )
    outcome = mapping.outcomes.get(raw["outcome"].lower(), raw["outcome"]).lower()
    if raw["outcome"] and outcome not in CallOutcome.values:
        allowed = ", ".join(CallOutcome.values)
        problems.append(
            Problem(number, "outcome", f"unknown outcome {raw['outcome']!r} (one of {allowed})")
        )
    elif outcome in (CallOutcome.ANSWERED, CallOutcome.TRANSFERRED) and not times["answered_at"]:
        problems.append(Problem(number, "answered_at", f"is empty for a call {outcome}"))
    elif (
        outcome
        and outcome not in (CallOutcome.ANSWERED, CallOutcome.TRANSFERRED)
        and times["answered_at"]
    ):
        problems.append(Problem(number, "answered_at", f"is given for a call {outcome}"))
    if outcome == CallOutcome.ABANDONED_QUEUE and not times["queue_entered_at"]:
        problems.append(Problem(number, "queue_entered_at", "is empty for a call abandoned_queue"))
    wrap: int | None = None
    if raw["wrap_seconds"]:
        wrap, wrong = _wrap(raw["wrap_seconds"])
        if wrong:
            problems.append(Problem(number, "wrap_seconds", wrong))
    from_phone = ""
    if raw["from_phone"]:
        try:
            from_phone = phone_e164(raw["from_phone"])
        except DomainError:  # an unreadable number just does not link
            from_phone = ""
    if problems or line is None:
        return None, problems
    values: dict[str, Any] = {
        **times,
        "outcome": outcome,
        "agent": raw["agent"],
        "transferred_to": raw["transferred_to"],
        "wrap_seconds": wrap,
    }
    return _Row(number, raw["call_id"], line, values, from_phone), []


def check_calls(
    text: str, *, council: Council, mapping: Mapping | None = None
) -> tuple[list[_Row], list[Problem]]:
    """Check every row; returns the good rows and every problem found."""
    mapping = mapping or Mapping()
    zone = ZoneInfo(mapping.time_zone or settings.TIME_ZONE)
    reader = csv_reader(text)
    header, header_problems = read_header(reader, mapping)
    if header_problems:
        return [], header_problems
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        return [], [Problem(1, name, "column is missing from the header") for name in missing]
    labels = lines_by_label(council)
    rows: list[_Row] = []
    problems: list[Problem] = []
    first_seen: dict[str, int] = {}
    for read in read_records(reader, header):
        number, record = read.number, read.values
        if read.problems:  # unreadable, or fields we cannot take: nothing else is checked
            problems.extend(read.problems)
            continue
        row, found = _check_row(number, record, labels, mapping, zone)
        call_id = (record.get("call_id") or "").strip()
        if call_id and call_id in first_seen:
            found.append(
                Problem(
                    number,
                    "call_id",
                    f"duplicate call_id {call_id!r} (also row {first_seen[call_id]})",
                )
            )
            row = None
        elif call_id:
            first_seen[call_id] = number
        problems.extend(found)
        if row is not None:
            rows.append(row)
    return rows, problems


def _chunks(items: list[Any], size: int = BATCH) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _contacts_for(council: Council, rows: list[_Row]) -> dict[int, list[tuple[Any, str, int]]]:
    """Recorded contacts by line id near the calls' times: (presented_at, from_phone, id)."""
    if not rows:
        return {}
    start = min(r.values["presented_at"] for r in rows) - CONTACT_WINDOW
    end = max(r.values["presented_at"] for r in rows) + CONTACT_WINDOW
    found: dict[int, list[tuple[Any, str, int]]] = {}
    contacts = Contact.objects.filter(
        council=council, line__isnull=False, presented_at__gte=start, presented_at__lte=end
    ).values_list("line_id", "presented_at", "from_phone", "pk")
    for line_id, presented_at, from_phone, pk in contacts.iterator(chunk_size=BATCH):
        found.setdefault(line_id, []).append((presented_at, from_phone, pk))
    return found


def _contact_id(row: _Row, contacts: dict[int, list[tuple[Any, str, int]]]) -> int | None:
    presented = row.values["presented_at"]
    near = [
        (abs(at - presented), pk)
        for at, phone, pk in contacts.get(row.line.pk, [])
        if abs(at - presented) <= CONTACT_WINDOW and (not row.from_phone or phone == row.from_phone)
    ]
    return min(near)[1] if near else None


def _let_others_write() -> None:
    """Between two chunks on SQLite, give a waiting writer (a web request, another import) its
    turn. SQLite has no queue: a waiter retries every 100 ms at its slowest, so a writer that
    takes the lock again at once could starve it until its timeout. PostgreSQL queues waiters."""
    if connection.vendor == "sqlite":
        time.sleep(SQLITE_TURN_SECONDS)


def _write_chunk(
    council: Council,
    chunk: list[_Row],
    contacts: dict[int, list[tuple[Any, str, int]]],
    moment: datetime,
    summary: ImportSummary,
) -> None:
    """Create, update or leave the chunk's calls and add them into the rollups; in the caller's
    transaction, which holds the council's rollup lock."""
    days = DayTallies(council)  # the standards as they are now, under the lock
    existing = {
        call.call_id: call
        for call in CallRecord.objects.filter(
            council=council, call_id__in=[r.call_id for r in chunk]
        )
    }
    to_create: list[CallRecord] = []
    to_update: list[CallRecord] = []
    for row in chunk:
        values = {**row.values, "line_id": row.line.pk}
        values["contact_id"] = _contact_id(row, contacts)
        call = existing.get(row.call_id)
        if call is None:
            call = CallRecord(council=council, call_id=row.call_id, imported_at=moment, **values)
            to_create.append(call)
        elif all(getattr(call, name) == value for name, value in values.items()):
            summary.unchanged += 1
            continue
        else:
            days.add(call.line_id, call_of(call), weight=-1)
            for name, value in values.items():
                setattr(call, name, value)
            call.imported_at = moment
            to_update.append(call)
        days.add(call.line_id, call_of(call))
    CallRecord.objects.bulk_create(to_create, batch_size=BATCH)
    fields = [*STORED, "line", "contact", "imported_at"]
    CallRecord.objects.bulk_update(to_update, fields, batch_size=BATCH)
    rollups_apply(council=council, days=days)
    summary.created += len(to_create)
    summary.updated += len(to_update)


def calls_import(
    *,
    council: Council,
    text: str,
    mapping: Mapping | None = None,
    skip_bad_rows: bool = False,
) -> ImportSummary:
    """Check the whole file, then create, update or leave each call. Raises CallsFileInvalid."""
    rows, problems = check_calls(text, council=council, mapping=mapping)
    if problems and not skip_bad_rows:
        raise CallsFileInvalid(problems)
    if problems and any(p.row <= 1 for p in problems):  # the header: the file itself
        raise CallsFileInvalid(problems)
    summary = ImportSummary(skipped=problems)
    contacts = _contacts_for(council, rows)
    moment = now()
    # Checked whole above; written a chunk per transaction, each under the council's rollup
    # lock from before it reads the calls it changes (ADR 29): another import's chunks come in
    # between, never inside, and web writes wait at most one chunk.
    for number, chunk in enumerate(_chunks(rows)):
        if number:
            _let_others_write()
        with transaction.atomic():
            rollups_lock(council)
            _write_chunk(council, chunk, contacts, moment, summary)
    return summary


def calls_import_file(
    *,
    council: Council,
    path: Path,
    mapping_path: Path | None = None,
    skip_bad_rows: bool = False,
) -> ImportSummary:
    mapping = Mapping.load(mapping_path) if mapping_path else None
    text = decode_calls(path.read_bytes())
    return calls_import(council=council, text=text, mapping=mapping, skip_bad_rows=skip_bad_rows)

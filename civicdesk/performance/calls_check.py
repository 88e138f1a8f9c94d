"""Checking one row of a calls file, on the per-row path of an import: lean on purpose.

A row comes in as its CSV cells and goes out as the tuple staged for it (STAGED, in order) or
as its problems, each named by row and column. The staged tuple holds what pass 2 writes (the
times in UTC as the database stores them) and what the rollups need of the call (its UK day
and its waits in seconds), so the rollups of a chunk are summed in SQL (calls_upsert.py).
The problems, their order and their words are the import's contract (tests/performance).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from operator import itemgetter
from typing import Any
from zoneinfo import ZoneInfo

from civicdesk.core.errors import DomainError
from civicdesk.performance.calls_file import (
    FIELD_LIMIT,
    MAX_LENGTHS,
    OUR_COLUMNS,
    Mapping,
    Problem,
    field_problems,
)
from civicdesk.performance.models import CALL_TIMES, CallOutcome
from civicdesk.residents.normalise import phone_e164

TIME_COLUMNS = CALL_TIMES
REQUIRED = ("call_id", "line", "presented_at", "outcome")
# Each pair (earlier, later) must be in order when both times are given, as indexes into
# TIME_COLUMNS.
ORDER = tuple(
    (TIME_COLUMNS.index(earlier), TIME_COLUMNS.index(later))
    for earlier, later in (
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
)
# What is staged for each good row (calls_staging.py makes the table of these columns).
STAGED = (
    "number",
    "call_id",
    "ok",
    "line_id",
    *TIME_COLUMNS,
    "outcome",
    "agent",
    "transferred_to",
    "wrap_seconds",
    "from_phone",
    "day",
    "wait_s",
    "to_answer_s",
    "handling_s",
    "gave_up_s",
)
YEARS = (1970, 2099)  # times outside are typing mistakes, and overflow once put in UTC
MAX_WRAP_SECONDS = 24 * 60 * 60
MAX_OFFSET = timedelta(hours=14)
_DIGITS = re.compile(r"[0-9]+")
_ANSWERED = (CallOutcome.ANSWERED.value, CallOutcome.TRANSFERRED.value)
_IVR, _QUEUE = CallOutcome.ABANDONED_IVR.value, CallOutcome.ABANDONED_QUEUE.value
_OUTCOMES = frozenset(CallOutcome.values)
_ALLOWED = ", ".join(CallOutcome.values)
_CALL_ID_LIMIT = MAX_LENGTHS["call_id"]
_AGENT_LIMIT = MAX_LENGTHS["agent"]
_TRANSFERRED_LIMIT = MAX_LENGTHS["transferred_to"]


@lru_cache(maxsize=65_536)  # the same callers ring again and again; parsing a number is slow
def _e164(raw: str) -> str:
    try:
        return phone_e164(raw)
    except DomainError:  # an unreadable number just does not link
        return ""


def _wrap(raw: str) -> tuple[int | None, str]:
    """wrap_seconds, or the problem with it."""
    if not _DIGITS.fullmatch(raw):
        return None, f"{raw!r} is not a whole number ≥ 0"
    digits = raw.lstrip("0") or "0"
    if len(digits) > 6 or int(digits) > MAX_WRAP_SECONDS:
        return None, f"{raw!r} is more than a day ({MAX_WRAP_SECONDS} seconds)"
    return int(digits), ""


@cache
def _text_tables() -> tuple[list[str], list[str]]:
    """Each day from 1970 to 2099 as "YYYY-MM-DD ", each second of a day as "HH:MM:SS"."""
    first, last = date(YEARS[0], 1, 1), date(YEARS[1] + 1, 1, 2)
    days = [f"{first + timedelta(days=n)} " for n in range((last - first).days + 1)]
    clock = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86_400)]
    return days, clock


def stored_time(vendor: str) -> Callable[[datetime], Any] | None:
    """A moment in UTC as the staging table takes it: on SQLite the text Django writes
    ("YYYY-MM-DD HH:MM:SS[.ffffff]", by table look-up: quicker than isoformat, and than
    SQLite's strftime in pass 2); None elsewhere, where the datetime itself is staged."""
    if vendor != "sqlite":
        return None
    days, clock = _text_tables()
    first = date(YEARS[0], 1, 1).toordinal()

    def text(moment: datetime) -> str:
        if moment.microsecond or moment.year < YEARS[0]:
            return moment.isoformat(" ")[:-6]
        return (
            days[moment.toordinal() - first]
            + clock[moment.hour * 3600 + moment.minute * 60 + moment.second]
        )

    return text


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    return (end - start).total_seconds() if start is not None and end is not None else None


class RowChecker:
    """Checks rows of one file: its header, the council's line labels, the mapping's times."""

    def __init__(
        self,
        header: list[str],
        labels: dict[str, int],
        mapping: Mapping,
        zone: ZoneInfo,
        site_zone: ZoneInfo,
        vendor: str,
    ) -> None:
        width = len(header)
        # The padded row has "" at index `width`: an absent column reads as empty.
        indexes = [header.index(name) if name in header else width for name in OUR_COLUMNS]
        self.width = width
        self.cells_of = itemgetter(*indexes)
        self.labels = labels
        self.mapping = mapping
        self.outcomes = mapping.outcomes
        self.zone = zone
        self.site_zone = site_zone
        self.stored = stored_time(vendor)
        self.day_of: Callable[[date], Any] = (
            date.isoformat if vendor == "sqlite" else lambda day: day
        )
        self.expected = mapping.time_format or "ISO 8601"
        never = datetime.min.replace(tzinfo=UTC)
        self._last_day: tuple[datetime, datetime, Any] = (never, never, None)
        time_format = mapping.time_format
        self.parse: Callable[[str], datetime] = (
            (lambda raw: datetime.strptime(raw, time_format))  # noqa: DTZ007 - zone added after
            if time_format
            else datetime.fromisoformat
        )

    def _day(self, presented: datetime) -> Any:
        """The UK day of the call, as staged; the last day seen is kept with its bounds in UTC,
        as a file's calls come mostly in time order."""
        start, end, day = self._last_day
        if start <= presented < end:
            return day
        local = presented.astimezone(self.site_zone).date()
        start = datetime.combine(local, time.min, self.site_zone).astimezone(UTC)
        end = datetime.combine(local + timedelta(days=1), time.min, self.site_zone)
        self._last_day = (start, end.astimezone(UTC), self.day_of(local))
        return self._last_day[2]

    def _in_utc(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            return moment.replace(tzinfo=self.zone).astimezone(UTC)
        offset = moment.utcoffset()
        if offset is not None and abs(offset) > MAX_OFFSET:
            raise ValueError(offset)  # no place on Earth is more than 14 hours from UTC
        # In UTC: PostgreSQL refuses offsets beyond 15:59 that Python reads (+23:59).
        return moment.astimezone(UTC)

    def check(self, number: int, cells: list[str]) -> tuple[tuple[Any, ...] | None, list[Problem]]:
        """The row's staged tuple, or None and its problems. A row that was read but is bad is
        still staged as (number, call_id, 0, ...) when it has a call_id, so that a later row with
        the same call_id is reported as its duplicate, as the first one seen."""
        cells.append("")
        values = list(map(str.strip, self.cells_of(cells)))
        joined = "".join(values)
        (call_id, line_label, *raw_times, raw_outcome, agent, transferred, raw_wrap, phone) = values
        if not (
            joined.isascii()
            and "\x00" not in joined
            and len(call_id) <= _CALL_ID_LIMIT
            and len(agent) <= _AGENT_LIMIT
            and len(transferred) <= _TRANSFERRED_LIMIT
            and len(joined) <= FIELD_LIMIT  # then no field is longer
        ):
            found = field_problems(number, zip(OUR_COLUMNS, values, strict=True))
            if found:  # fields we cannot take: nothing else is checked, nor is it staged
                return None, found
        problems: list[Problem] = []
        if not call_id:
            problems.append(Problem(number, "call_id", "is empty"))
        if not line_label:
            problems.append(Problem(number, "line", "is empty"))
        if not raw_times[0]:
            problems.append(Problem(number, "presented_at", "is empty"))
        if not raw_outcome:
            problems.append(Problem(number, "outcome", "is empty"))
        line_id = self.labels.get(line_label.lower())
        if line_label and line_id is None:
            problems.append(Problem(number, "line", f"unknown line {line_label!r}"))
        times: list[datetime | None] = [None] * 6
        stored: list[Any] = [None] * 6
        to_stored, parse = self.stored, self.parse
        first_year, last_year = YEARS
        previous, moment, value = "", None, None
        for index, raw in enumerate(raw_times):
            if not raw:
                continue
            if raw == previous:  # exports often repeat a time (left the IVR, joined the queue)
                times[index], stored[index] = moment, value
                continue
            try:
                moment = parse(raw)
                if not first_year <= moment.year <= last_year:
                    outside = f"{raw!r} is outside the years {YEARS[0]} to {YEARS[1]}"
                    problems.append(Problem(number, TIME_COLUMNS[index], outside))
                    continue
                if moment.tzinfo is not UTC:
                    moment = self._in_utc(moment)
            except ValueError:
                bad = f"bad time {raw!r} (expected {self.expected})"
                problems.append(Problem(number, TIME_COLUMNS[index], bad))
                continue
            value = moment if to_stored is None else to_stored(moment)
            times[index], stored[index], previous = moment, value, raw
        given = [moment for moment in times if moment is not None]
        if given != sorted(given):  # in column order, every pair of ORDER is in order too
            for earlier, later in ORDER:
                first, second = times[earlier], times[later]
                if first is not None and second is not None and second < first:
                    name = TIME_COLUMNS[later]
                    message = f"times out of order: {name} is before {TIME_COLUMNS[earlier]}"
                    problems.append(Problem(number, name, message))
        presented, ivr_exit, queued, queue_left, answered, ended = times
        outcome = self.outcomes.get(raw_outcome.lower(), raw_outcome).lower()
        if raw_outcome and outcome not in _OUTCOMES:
            message = f"unknown outcome {raw_outcome!r} (one of {_ALLOWED})"
            problems.append(Problem(number, "outcome", message))
        elif outcome in _ANSWERED and not answered:
            problems.append(Problem(number, "answered_at", f"is empty for a call {outcome}"))
        elif outcome and outcome not in _ANSWERED and answered:
            problems.append(Problem(number, "answered_at", f"is given for a call {outcome}"))
        if outcome == _QUEUE and not queued:
            problems.append(Problem(number, "queue_entered_at", "is empty for a call " + _QUEUE))
        wrap: int | None = None
        if raw_wrap:
            if len(raw_wrap) < 6 and raw_wrap.isascii() and raw_wrap.isdigit():
                wrap = int(raw_wrap)
            else:
                wrap, wrong = _wrap(raw_wrap)
                if wrong:
                    problems.append(Problem(number, "wrap_seconds", wrong))
        if problems or line_id is None or presented is None:
            bad_row = (number, call_id, 0, *[None] * (len(STAGED) - 3)) if call_id else None
            return bad_row, problems
        to_answer = handling = gave_up = None
        if outcome in _ANSWERED:  # answered_at is given: checked above
            to_answer = (answered - (queued or presented)).total_seconds()  # type: ignore[operator]
            if ended is not None:
                handling = (ended - answered).total_seconds() + (wrap or 0)  # type: ignore[operator]
        elif outcome == _IVR:
            gave_up = _seconds(presented, ivr_exit or ended)
        elif outcome == _QUEUE:
            gave_up = _seconds(queued, queue_left or ended)
        return (
            number,
            call_id,
            1,
            line_id,
            *stored,
            outcome,
            agent,
            transferred,
            wrap,
            _e164(phone) if phone else "",
            self._day(presented),
            _seconds(queued, answered or queue_left or ended),
            to_answer,
            handling,
            gave_up,
        ), []

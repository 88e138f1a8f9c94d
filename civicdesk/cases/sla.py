"""The SLA clock: working time between moments, due times, pauses. Pure and typed.

Working time is the owning team's opening spans, in UK local time, on days that are not bank
holidays. A standard of N working days is due at the close of the Nth working day after the day
the case was opened. While a case waits on the resident or a third party the clock stops: the
working time left is kept and, on resuming, counted forward from then.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from civicdesk.core.hours import WeeklyHours

HORIZON_DAYS = 3 * 366


@dataclass(frozen=True)
class WorkingCalendar:
    hours: WeeklyHours
    zone: ZoneInfo
    closed: Container[date]

    def spans(self, day: date) -> list[tuple[datetime, datetime]]:
        """The day's working spans as UTC moments."""
        result = []
        for span in self.hours.spans_on(day, self.closed):
            opens = datetime.combine(day, span.opens, tzinfo=self.zone).astimezone(UTC)
            closes = datetime.combine(day, span.closes, tzinfo=self.zone).astimezone(UTC)
            result.append((opens, closes))
        return result

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()


def _whole(moment: datetime) -> datetime:
    """The clock counts whole seconds, so that intervals add up exactly."""
    return moment.replace(microsecond=0)


def working_seconds_between(start: datetime, end: datetime, calendar: WorkingCalendar) -> int:
    """Working seconds in [start, end); zero when end is not after start."""
    start, end = _whole(start), _whole(end)
    if end <= start:
        return 0
    total = timedelta()
    day = calendar.local_date(start)
    last = calendar.local_date(end)
    while day <= last:
        for opens, closes in calendar.spans(day):
            low, high = max(opens, start), min(closes, end)
            if high > low:
                total += high - low
        day += timedelta(days=1)
    return int(total.total_seconds())


def add_working_seconds(start: datetime, seconds: int, calendar: WorkingCalendar) -> datetime:
    """The moment `seconds` of working time after `start` (start itself for zero)."""
    if seconds <= 0:
        return start
    start = _whole(start)
    remaining = timedelta(seconds=seconds)
    day = calendar.local_date(start)
    for _ in range(HORIZON_DAYS):
        for opens, closes in calendar.spans(day):
            low = max(opens, start)
            if closes <= low:
                continue
            if remaining <= closes - low:
                return low + remaining
            remaining -= closes - low
        day += timedelta(days=1)
    raise ValueError("no working time within the horizon: check the team's hours")


def due_at(opened: datetime, working_days: int, calendar: WorkingCalendar) -> datetime:
    """Close of business on the Nth working day after the day the case was opened."""
    if working_days < 1:
        raise ValueError("a service standard is at least one working day")
    day = calendar.local_date(opened)
    counted = 0
    for _ in range(HORIZON_DAYS):
        day += timedelta(days=1)
        spans = calendar.spans(day)
        if spans:
            counted += 1
            if counted == working_days:
                return spans[-1][1]
    raise ValueError("no working days within the horizon: check the team's hours")


def remaining_when_paused(paused: datetime, due: datetime, calendar: WorkingCalendar) -> int:
    """Working seconds left on the clock at the moment it stops."""
    return working_seconds_between(paused, due, calendar)


def due_when_resumed(
    resumed: datetime, remaining_seconds: int, previous_due: datetime, calendar: WorkingCalendar
) -> datetime:
    """The new due time: what was left, counted from the resumption. A case already overdue
    when it was paused stays overdue."""
    if remaining_seconds <= 0:
        return previous_due
    return add_working_seconds(resumed, remaining_seconds, calendar)


def is_breached(now: datetime, due: datetime | None) -> bool:
    return due is not None and now > due

"""Weekly opening hours with closed days: parse, ask "open now?", find the next opening.

Pure and typed. Times are local wall-clock times; the caller gives an aware datetime and the
zone it should be read in, and the dates that count as closed (bank holidays).
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


class HoursError(ValueError):
    """Opening hours that cannot be read; the message says what is wrong."""


@dataclass(frozen=True, order=True)
class Span:
    opens: time
    closes: time

    def __str__(self) -> str:
        return f"{self.opens:%H:%M}-{self.closes:%H:%M}"


def _to_time(hour: str, minute: str, text: str) -> time:
    h, m = int(hour), int(minute)
    if h == 24 and m == 0:
        return time.max
    if not (0 <= h <= 23 and 0 <= m <= 59):
        raise HoursError(f"{text!r} is not a time of day")
    return time(h, m)


def parse_day(text: str) -> tuple[Span, ...]:
    """Read "08:30-17:00" or "09:00-12:00, 13:00-17:00"; empty text means closed."""
    if not text or not text.strip() or text.strip().lower() == "closed":
        return ()
    spans: list[Span] = []
    for part in text.split(","):
        match = _RANGE.match(part)
        if not match:
            raise HoursError(f"{part.strip()!r} is not a range like 09:00-17:00")
        opens = _to_time(match[1], match[2], part.strip())
        closes = _to_time(match[3], match[4], part.strip())
        if closes <= opens:
            raise HoursError(f"{part.strip()!r} closes before it opens")
        spans.append(Span(opens, closes))
    spans.sort()
    for earlier, later in pairwise(spans):
        if later.opens < earlier.closes:
            raise HoursError(f"{earlier} and {later} overlap")
    return tuple(spans)


def format_day(spans: tuple[Span, ...]) -> str:
    return ", ".join(str(span) for span in spans)


@dataclass(frozen=True)
class WeeklyHours:
    """Opening spans for each weekday, Monday first."""

    days: tuple[tuple[Span, ...], ...]

    @classmethod
    def parse(cls, by_day: Mapping[str, str | None]) -> WeeklyHours:
        return cls(tuple(parse_day(by_day.get(day) or "") for day in WEEKDAYS))

    def as_text(self) -> dict[str, str]:
        return {day: format_day(spans) for day, spans in zip(WEEKDAYS, self.days, strict=True)}

    def spans_on(self, day: date, closed: Container[date]) -> tuple[Span, ...]:
        return () if day in closed else self.days[day.weekday()]

    def is_open(self, moment: datetime, zone: ZoneInfo, closed: Container[date]) -> bool:
        local = moment.astimezone(zone)
        return any(
            span.opens <= local.time() < span.closes for span in self.spans_on(local.date(), closed)
        )

    def next_opening(
        self, moment: datetime, zone: ZoneInfo, closed: Container[date], horizon_days: int = 60
    ) -> datetime | None:
        """The first opening strictly after `moment` (None if closed for the whole horizon)."""
        local = moment.astimezone(zone)
        for offset in range(horizon_days + 1):
            day = local.date() + timedelta(days=offset)
            for span in self.spans_on(day, closed):
                opening = datetime.combine(day, span.opens, tzinfo=zone)
                if opening > local:
                    return opening
        return None

    def closes_at(
        self, moment: datetime, zone: ZoneInfo, closed: Container[date]
    ) -> datetime | None:
        """When the current span ends, if open at `moment`."""
        local = moment.astimezone(zone)
        for span in self.spans_on(local.date(), closed):
            if span.opens <= local.time() < span.closes:
                return datetime.combine(local.date(), span.closes, tzinfo=zone)
        return None

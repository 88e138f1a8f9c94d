"""The call history a forecast is fitted to, read from the performance app for one council.

Where each part comes from, and why:

- **Calls per day** come from the day rollups (`CallRollup`, through
  `rollups.tallies_by_period(period="day")`), which every import keeps in step with the call
  records (ADR 0021): half a year of history is one row per line and day, not one per call.
- **Calls per interval**, which give the shape of the day, need each call's time, which only the
  call records hold. They are read for the last few weeks only (`profile_weeks`, 8 by default),
  one column (`presented_at`) per call: tens of thousands of rows for a busy council, acceptable
  for planning, which is run now and then, not on every page view.

Intervals are UK wall-clock time (the site's zone), as opening hours are. A line's opening hours
zero the intervals outside them; a line with no hours at all (none recorded) is not restricted.
The lines are the council's active lines, in name order, labelled by their code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings

from civicdesk.catalogue.models import ServiceLine
from civicdesk.core.clock import local_day_bounds
from civicdesk.councils.bank_holidays import BankHolidays
from civicdesk.councils.models import Council
from civicdesk.performance.models import CallRecord, Period
from civicdesk.performance.rollups import tallies_by_period
from civicdesk.planning.forecast import (
    PROFILE_WEEKS,
    TREND_WEEKS,
    BoolArray,
    History,
    counts_per_interval,
    opening_mask,
    slots_per_day,
)

CHUNK = 5000


@dataclass(frozen=True)
class LineHistory:
    """What a forecast needs from the database: the history, the lines' hours and holidays."""

    lines: tuple[ServiceLine, ...]
    history: History
    opening: tuple[BoolArray | None, ...]
    holidays: BankHolidays


def _presented_times(
    council: Council, line_ids: Iterable[int], first: date, last: date
) -> dict[int, list[datetime]]:
    """Each line's call times, local and naive, from 00:00 on `first` to the end of `last`."""
    zone = ZoneInfo(settings.TIME_ZONE)
    times: dict[int, list[datetime]] = {}
    start, after = local_day_bounds(first, last)
    records = CallRecord.objects.filter(
        council=council, line_id__in=list(line_ids), presented_at__gte=start, presented_at__lt=after
    )
    rows = records.order_by().values_list("line_id", "presented_at")
    for line_id, presented_at in rows.iterator(chunk_size=CHUNK):
        times.setdefault(line_id, []).append(presented_at.astimezone(zone).replace(tzinfo=None))
    return times


def _opening(line: ServiceLine, interval_minutes: int) -> BoolArray | None:
    hours = line.weekly_hours
    if not any(hours.days):
        return None
    return opening_mask(hours, interval_minutes)


def arrival_history(
    *,
    council: Council,
    through: date,
    weeks: int = TREND_WEEKS,
    profile_weeks: int = PROFILE_WEEKS,
    interval_minutes: int = 30,
) -> LineHistory:
    """The council's calls per line per day for `weeks` weeks up to `through`, and per interval
    for the last `profile_weeks` of them. Raises ValueError for a bad interval or no lines."""
    slots = slots_per_day(interval_minutes)
    lines = tuple(ServiceLine.objects.filter(council=council, active=True))
    if not lines:
        raise ValueError(f"{council.slug} has no active lines")
    profile_weeks = min(profile_weeks, weeks)
    start = through - timedelta(days=weeks * 7 - 1)
    intraday_start = through - timedelta(days=profile_weeks * 7 - 1)
    index = {line.pk: position for position, line in enumerate(lines)}
    daily = np.zeros((len(lines), weeks * 7))
    tallies = tallies_by_period(
        council=council, period=Period.DAY, start=start, end=through, line_ids=index
    )
    for (line_id, day), tally in tallies.items():
        daily[index[line_id], (day - start).days] = tally.presented
    intraday = np.zeros((len(lines), profile_weeks * 7, slots))
    times = _presented_times(council, index, intraday_start, through)
    for line_id, moments in times.items():
        intraday[index[line_id]] = counts_per_interval(
            np.array(moments, dtype="datetime64[m]"),
            start=intraday_start,
            days=profile_weeks * 7,
            interval_minutes=interval_minutes,
        )
    history = History(
        lines=tuple(line.code for line in lines),
        start=start,
        daily=daily,
        interval_minutes=interval_minutes,
        intraday_start=intraday_start,
        intraday=intraday,
    )
    return LineHistory(
        lines=lines,
        history=history,
        opening=tuple(_opening(line, interval_minutes) for line in lines),
        holidays=council.bank_holidays,
    )

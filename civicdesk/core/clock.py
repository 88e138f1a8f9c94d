"""The one place that reads the time, so that services can be given another moment."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def now() -> datetime:
    return timezone.now()


def local_day(moment: datetime) -> date:
    """The day (UK time, the site's zone) a moment falls on: days in reports are UK days."""
    return timezone.localdate(moment)


def local_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """From the start of `first` to the start of the day after `last`, UK time: a filter
    `start <= moment < end` keeps exactly the moments on those days."""
    zone = timezone.get_default_timezone()
    return (
        datetime.combine(first, time.min, zone),
        datetime.combine(last + timedelta(days=1), time.min, zone),
    )

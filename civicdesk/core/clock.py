"""The one place that reads the time, so that services can be given another moment."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time, timedelta

from django.utils import timezone

_SET_TO: ContextVar[datetime | None] = ContextVar("civicdesk_clock_set_to", default=None)


def now() -> datetime:
    return _SET_TO.get() or timezone.now()


@contextmanager
def clock_set_to(moment: datetime) -> Iterator[None]:
    """Within the block, `now()` answers `moment`: to write the past through the services, as
    the demo does for its months of cases. Nothing that serves a request uses it."""
    token = _SET_TO.set(moment)
    try:
        yield
    finally:
        _SET_TO.reset(token)


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

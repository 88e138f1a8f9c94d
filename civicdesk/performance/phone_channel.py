"""The phone channel of the contact reports: answered calls where there are call records.

A call an advisor records a contact for is one of the calls answered on a line, so the channel
and cost figures (`contact_reports`) count, for the phone:
- on a day with call records (any line of the council had calls that day): the calls answered,
  read from the call rollups;
- on any other day: the inbound phone contacts advisors recorded.

Calls are per line, not per service. A line counts for a service when every active query type
it handles belongs to that service (`service_lines`); the calls of a line shared by several
services, or handling no query type, are in the whole council's figures and in no service's.
docs/metrics.md ("Contacts, channel shift and cost") says the same in words.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Max, QuerySet

from civicdesk.catalogue.models import QueryType, ServiceLine
from civicdesk.contacts.models import ContactDay
from civicdesk.contacts.vocabulary import Direction
from civicdesk.councils.models import Council
from civicdesk.performance.call_reports import last_call_day
from civicdesk.performance.models import CallRollup, Period


def service_lines(council: Council) -> dict[int, int]:
    """{line id: service id} for each line whose active query types all belong to one service."""
    services: dict[int, set[int]] = defaultdict(set)
    handled = QueryType.objects.filter(council=council, active=True, line__isnull=False)
    for line_id, service_id in handled.values_list("line_id", "service_id"):
        if line_id is not None:
            services[line_id].add(service_id)
    return {line: next(iter(ids)) for line, ids in services.items() if len(ids) == 1}


def lines_of(council: Council, service_id: int | None) -> list[int] | None:
    """The lines whose calls count: every line (None) for the council, or the service's own."""
    if service_id is None:
        return None
    return [line for line, service in service_lines(council).items() if service == service_id]


def call_days(council: Council, start: date, end: date) -> QuerySet[CallRollup]:
    """The day rollups from start to end: a day that has one has call records."""
    return CallRollup.objects.filter(
        council=council, period=Period.DAY, starts_on__gte=start, starts_on__lte=end
    ).order_by()


@dataclass(frozen=True)
class PhoneSource:
    """Where the phone figures of a selection come from, for the note on the page."""

    service_id: int | None
    days_with_calls: int  # days from start to end with call records
    lines: tuple[str, ...]  # for a service: its own lines, whose answered calls count
    left_out: tuple[str, ...]  # for a service: lines with calls in no service's figures


def phone_source(
    *, council: Council, start: date, end: date, service_id: int | None = None
) -> PhoneSource:
    days = call_days(council, start, end)
    count = days.values("starts_on").distinct().count()
    if service_id is None or not count:
        return PhoneSource(service_id, count, (), ())
    own = service_lines(council)
    with_calls = set(days.values_list("line_id", flat=True).distinct())
    names = dict(ServiceLine.objects.filter(council=council).values_list("pk", "name"))
    return PhoneSource(
        service_id,
        count,
        tuple(sorted(names[line] for line, service in own.items() if service == service_id)),
        tuple(sorted(names[line] for line in with_calls if line not in own)),
    )


def last_day_with_data(*, council: Council, today: date) -> date | None:
    """The last day, up to today, whose channel figures are complete: the last day with call
    records when the council has any (after it, the phone would count recorded calls only),
    else the last day with inbound contacts. None when it has neither."""
    latest = last_call_day(council, until=today)
    if latest is not None:
        return latest
    contacts = ContactDay.objects.filter(
        council=council, direction=Direction.INBOUND, day__lte=today, contacts__gt=0
    )
    found: date | None = contacts.aggregate(last=Max("day"))["last"]
    return found

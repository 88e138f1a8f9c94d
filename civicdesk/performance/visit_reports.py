"""Visits to venues per venue, day and purpose: the floorwalker's tallies and the visits advisors
recorded, read from the daily contact counts (`ContactDay` rows with a venue), never the contacts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Sum

from civicdesk.catalogue.models import Venue
from civicdesk.contacts.models import ContactDay
from civicdesk.contacts.vocabulary import VisitPurpose
from civicdesk.councils.models import Council

NOT_RECORDED = ""  # a visit without a purpose


@dataclass(frozen=True)
class VisitRow:
    venue: str
    day: date
    by_purpose: Mapping[str, int]  # every purpose of `purposes`, 0 when none

    @property
    def total(self) -> int:
        return sum(self.by_purpose.values())


@dataclass(frozen=True)
class Visits:
    purposes: tuple[str, ...]  # every `VisitPurpose`, then "" if some visits had none recorded
    rows: tuple[VisitRow, ...]  # by venue name, then day

    def purpose_total(self, purpose: str) -> int:
        return sum(row.by_purpose[purpose] for row in self.rows)

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)


def visits_by_purpose(
    *, council: Council, start: date, end: date, venue_id: int | None = None
) -> Visits:
    """Contacts at venues (tallies and recorded visits) per venue, day and purpose."""
    rows = ContactDay.objects.filter(
        council=council, day__gte=start, day__lte=end, venue_id__isnull=False
    ).order_by()
    if venue_id is not None:
        rows = rows.filter(venue_id=venue_id)
    grouped = rows.values("venue_id", "day", "purpose").annotate(n=Sum("contacts"))
    counts: dict[tuple[int, date], dict[str, int]] = defaultdict(dict)
    for row in grouped:
        venue_id = row["venue_id"]
        if row["n"] and venue_id is not None:
            counts[(venue_id, row["day"])][row["purpose"]] = row["n"]
    purposes = tuple(str(p) for p in VisitPurpose)
    if any(NOT_RECORDED in by_purpose for by_purpose in counts.values()):
        purposes = (*purposes, NOT_RECORDED)
    venues = dict(Venue.objects.filter(council=council).values_list("pk", "name"))
    visit_rows = [
        VisitRow(
            venue=venues.get(venue, ""),
            day=day,
            by_purpose={purpose: by_purpose.get(purpose, 0) for purpose in purposes},
        )
        for (venue, day), by_purpose in counts.items()
    ]
    return Visits(purposes=purposes, rows=tuple(sorted(visit_rows, key=lambda r: (r.venue, r.day))))


def last_visit_day(*, council: Council, today: date, venue_id: int | None = None) -> date | None:
    """The last day, up to today, with visits to the council's venues (or this one)."""
    rows = ContactDay.objects.filter(
        council=council, day__lte=today, venue_id__isnull=False, contacts__gt=0
    )
    if venue_id is not None:
        rows = rows.filter(venue_id=venue_id)
    last: date | None = rows.aggregate(last=Max("day"))["last"]
    return last


def visits_on(*, council: Council, venue: Venue, day: date) -> dict[str, int]:
    """Visits to the venue on one day per purpose (every purpose, 0 when none)."""
    visits = visits_by_purpose(council=council, start=day, end=day, venue_id=venue.pk)
    return {purpose: visits.purpose_total(purpose) for purpose in visits.purposes}

"""Reconcile the database with the answers the load test got, through Django's ORM.

- *lost*: a 2xx answer whose marker has no row;
- *duplicated*: a marker with more than one row;
- *unanswered*: a row whose request never got a 2xx (written, then the answer was lost and every
  retry failed too; with idempotent retries there should be none);
- *half-written*: a contact not counted in its day's `ContactDay` (the counts recounted from the
  contacts differ from the stored ones), a case the load test raised without its timeline or
  without its contact.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from civicdesk.cases.models import Case
from civicdesk.contacts.models import Contact, ContactDay
from loadtest.driver import Outcome

CASE_MARKER = re.compile(r"\((lt-[^()\s]+)\)")
# The columns that make a ContactDay's kind (contacts/rollups.py), as Contact fields.
KIND = {
    "channel": "channel",
    "direction": "direction",
    "service_id": "query_type__service_id",
    "query_type_id": "query_type_id",
    "venue_id": "venue_id",
    "purpose": "purpose",
    "outcome": "outcome",
    "demand_type": "demand_type",
    "failure_reason": "failure_reason",
}


@dataclass(frozen=True)
class Reconciliation:
    answered: int  # 2xx answers to writes
    rows: int  # rows carrying the phase's markers
    lost: int
    duplicated: int
    unanswered: int

    @property
    def clean(self) -> bool:
        return self.lost == 0 and self.duplicated == 0


@dataclass(frozen=True)
class HalfWritten:
    day_counts_wrong: int  # (day, kind) pairs whose stored count differs from the recount
    cases_without_events: int
    cases_without_contact: int

    @property
    def total(self) -> int:
        return self.day_counts_wrong + self.cases_without_events + self.cases_without_contact


def rows_by_marker(table: str, prefix: str) -> Counter[str]:
    """How many rows carry each marker starting with `prefix`."""
    if table == "contact":
        found = Contact.objects.filter(notes__startswith=prefix).values_list("notes", flat=True)
        return Counter(found)
    descriptions = Case.objects.filter(description__contains=f"({prefix}").values_list(
        "description", flat=True
    )
    return Counter(
        match.group(1) for text in descriptions if (match := CASE_MARKER.search(text)) is not None
    )


def reconcile(outcomes: Iterable[Outcome], prefix: str) -> Reconciliation:
    """Compare a phase's writes, whose markers start with `prefix`, with the rows they made."""
    answered: dict[str, set[str]] = {"contact": set(), "case": set()}
    for outcome in outcomes:
        if outcome.marker and outcome.succeeded:
            answered[outcome.table].add(outcome.marker)
    lost = duplicated = unanswered = rows = 0
    for table, markers in answered.items():
        found = rows_by_marker(table, prefix)
        rows += sum(found.values())
        lost += len(markers - found.keys())
        duplicated += sum(1 for count in found.values() if count > 1)
        unanswered += len(found.keys() - markers)
    return Reconciliation(
        answered=sum(len(markers) for markers in answered.values()),
        rows=rows,
        lost=lost,
        duplicated=duplicated,
        unanswered=unanswered,
    )


def _day_counts_wrong(council_id: int) -> int:
    day = TruncDate("presented_at", tzinfo=timezone.get_default_timezone())
    recounted = {
        tuple(row[name] for name in ("day", *KIND)): (row["n"], row["back"])
        for row in Contact.objects.filter(council_id=council_id)
        .annotate(day=day, service_id=F("query_type__service_id"))
        .values("day", *KIND)
        .annotate(n=Count("id"), back=Count("came_back_at"))
        .order_by()
    }
    stored = {
        tuple(row[name] for name in ("day", *KIND)): (row["n"], row["back"])
        for row in ContactDay.objects.filter(council_id=council_id)
        .values("day", *KIND)
        .annotate(n=Sum("contacts"), back=Sum("came_back"))
        .order_by()
        if row["n"] or row["back"]
    }
    kinds = recounted.keys() | stored.keys()
    return sum(1 for kind in kinds if recounted.get(kind) != stored.get(kind))


def half_written(council_id: int) -> HalfWritten:
    """Every contact of the council is counted; every case the load test raised is whole."""
    cases = Case.objects.filter(council_id=council_id, description__contains="(lt-")
    return HalfWritten(
        day_counts_wrong=_day_counts_wrong(council_id),
        cases_without_events=cases.annotate(n=Count("events")).filter(n=0).count(),
        cases_without_contact=cases.annotate(n=Count("contacts")).filter(n=0).count(),
    )

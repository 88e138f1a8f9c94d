"""Retention: closed cases and their contacts are kept for their query type's retention period
(`QueryType.retention_days`, six years unless the catalogue says otherwise), then purged.

What goes, per council:
- closed cases whose closing day plus the retention period of their query type is before today,
  with every contact linked to them and their whole timeline;
- contacts that are linked to no case, once their own day plus the retention period of their
  query type (the council's longest one if they have none) is before today;
- residents left with nothing else: every case and contact of theirs goes (or they have none),
  they take part in no merge, and their record has not changed for the council's longest
  retention period.
Resolved cases that were never closed, and open ones, are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from civicdesk.cases.models import Case, CaseEvent
from civicdesk.cases.vocabulary import Status
from civicdesk.catalogue.models import QueryType
from civicdesk.contacts.models import Contact
from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident, ResidentMerge

DEFAULT_RETENTION_DAYS = 6 * 365


@dataclass(frozen=True)
class Expired:
    """What has passed its retention period for one query type of one council."""

    council: Council
    query_type: QueryType | None  # None: contacts with no query type and no case
    retention_days: int
    case_ids: list[int]
    contact_ids: list[int]
    event_count: int


@dataclass
class PurgePlan:
    today: date
    expired: list[Expired] = field(default_factory=list)
    resident_ids: list[int] = field(default_factory=list)

    @property
    def case_ids(self) -> list[int]:
        return [pk for line in self.expired for pk in line.case_ids]

    @property
    def contact_ids(self) -> list[int]:
        return [pk for line in self.expired for pk in line.contact_ids]

    @property
    def event_count(self) -> int:
        return sum(line.event_count for line in self.expired)

    @property
    def is_empty(self) -> bool:
        return not (self.case_ids or self.contact_ids or self.resident_ids)


def _cutoff(today: date, days: int) -> datetime:
    """The start of the first day still kept: anything before it has passed `days`."""
    return timezone.make_aware(datetime.combine(today - timedelta(days=days), time.min))


def _expired_for(council: Council, query_type: QueryType, today: date) -> Expired:
    cutoff = _cutoff(today, query_type.retention_days)
    case_ids = list(
        Case.objects.filter(
            council=council, query_type=query_type, status=Status.CLOSED, closed_at__lt=cutoff
        ).values_list("pk", flat=True)
    )
    contact_ids = list(
        Contact.objects.filter(council=council)
        .filter(
            Q(case_id__in=case_ids)
            | Q(case__isnull=True, query_type=query_type, presented_at__lt=cutoff)
        )
        .values_list("pk", flat=True)
    )
    events = CaseEvent.objects.filter(case_id__in=case_ids).count() if case_ids else 0
    return Expired(council, query_type, query_type.retention_days, case_ids, contact_ids, events)


def _unclassified(council: Council, longest: int, today: date) -> Expired:
    contact_ids = list(
        Contact.objects.filter(
            council=council,
            case__isnull=True,
            query_type__isnull=True,
            presented_at__lt=_cutoff(today, longest),
        ).values_list("pk", flat=True)
    )
    return Expired(council, None, longest, [], contact_ids, 0)


def _residents_left_with_nothing(
    council: Council, longest: int, today: date, case_ids: list[int], contact_ids: list[int]
) -> list[int]:
    kept_cases = Case.objects.filter(resident=OuterRef("pk")).exclude(pk__in=case_ids)
    kept_contacts = Contact.objects.filter(resident=OuterRef("pk")).exclude(pk__in=contact_ids)
    merged_in = Resident.objects.filter(merged_into=OuterRef("pk"))
    merges = ResidentMerge.objects.filter(Q(kept=OuterRef("pk")) | Q(merged=OuterRef("pk")))
    return list(
        Resident.objects.filter(
            council=council,
            merged_into__isnull=True,
            updated_at__lt=_cutoff(today, longest),
        )
        .filter(~Exists(kept_cases), ~Exists(kept_contacts), ~Exists(merged_in), ~Exists(merges))
        .values_list("pk", flat=True)
    )


def purge_candidates(*, council: Council | None = None, today: date) -> PurgePlan:
    """What has passed its retention period on `today`, for one council or all. Reads only."""
    plan = PurgePlan(today=today)
    councils = [council] if council is not None else list(Council.objects.order_by("slug"))
    for each in councils:
        query_types = list(
            QueryType.objects.filter(council=each).select_related("service").order_by("code")
        )
        longest = max((qt.retention_days for qt in query_types), default=DEFAULT_RETENTION_DAYS)
        lines = [_expired_for(each, qt, today) for qt in query_types]
        lines.append(_unclassified(each, longest, today))
        lines = [line for line in lines if line.case_ids or line.contact_ids]
        plan.expired += lines
        plan.resident_ids += _residents_left_with_nothing(
            each,
            longest,
            today,
            [pk for line in lines for pk in line.case_ids],
            [pk for line in lines for pk in line.contact_ids],
        )
    return plan


def purge_apply(*, council: Council | None = None, today: date) -> PurgePlan:
    """Delete what `purge_candidates` finds, in one transaction, and return what went.

    Timeline rows refuse `CaseEvent.delete()`; deleting their cases with a queryset removes
    them through Django's deletion collector, which deletes in bulk and never calls it.
    """
    with transaction.atomic():
        plan = purge_candidates(council=council, today=today)
        Contact.objects.filter(pk__in=plan.contact_ids).delete()
        Case.objects.filter(pk__in=plan.case_ids).delete()
        Resident.objects.filter(pk__in=plan.resident_ids).delete()
    return plan

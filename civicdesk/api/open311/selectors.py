"""What Open311 shows: a council's Open311 services, and the cases and public updates of
requests that came in through Open311.

A case is seen here only when an Open311 client reported it or was linked to it. Its words
(description, address, location) only when it was opened through Open311: a case raised by
staff holds what a resident told us in confidence. Of its timeline, only what `cases.public`
publishes: the status changes, and the words written for the resident on purpose
(`public_text`), never a reason or a note (ADR 24).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, Max, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.fields.json import KT

from civicdesk.cases.models import Case, CaseEvent
from civicdesk.cases.public import UPDATE_KINDS, published_events
from civicdesk.cases.references import normalise_reference
from civicdesk.cases.vocabulary import EventKind
from civicdesk.catalogue.cached import catalogue_of, own_copy
from civicdesk.catalogue.models import QueryType, QueryTypeQuestion
from civicdesk.contacts.models import Contact
from civicdesk.contacts.vocabulary import ContactChannel, ContactOutcome
from civicdesk.councils.models import Council

STATUS_EVENTS = (EventKind.STATUS_CHANGED, EventKind.REOPENED)


def services(council: Council) -> QuerySet[QueryType]:
    """The council's active query types that have an Open311 service code."""
    questions = QueryTypeQuestion.objects.filter(query_type=OuterRef("pk"), active=True)
    return (
        QueryType.objects.filter(council=council, active=True)
        .exclude(open311_code="")
        .select_related("service")
        .annotate(has_questions=Exists(questions))
        .order_by("service__name", "name")
    )


def services_listed(council: Council) -> list[QueryType]:
    """`services` as the kept catalogue has them (`catalogue.cached`), with `has_questions`."""
    found = [qt for qt in catalogue_of(council).query_types if qt.open311_code]
    for query_type in found:
        query_type.has_questions = bool(query_type.active_questions)  # type: ignore[attr-defined]
    return found


def service(council: Council, service_code: str) -> QueryType | None:
    """An active query type by its Open311 code, its `active_questions` in order."""
    found = catalogue_of(council).by_open311_code.get(service_code)
    return None if found is None else own_copy(found, council)


def _api_contacts() -> QuerySet[Contact]:
    return Contact.objects.filter(case=OuterRef("pk"), channel=ContactChannel.API).exclude(
        client=""
    )


def requests(council: Council) -> QuerySet[Case]:
    """Cases Open311 may show, with what the request view needs: `public_notes`, the rows with
    words written for the resident, newest first (for `status_notes`)."""
    notes = published_events().exclude(public_text="").order_by("-at", "-pk")
    return (
        Case.objects.filter(council=council)
        .filter(Exists(_api_contacts()))
        .annotate(
            raised_here=Exists(_api_contacts().filter(outcome=ContactOutcome.CASE_RAISED)),
            updated_at=Max("events__at"),
        )
        .select_related("query_type", "team", "council")
        .prefetch_related(Prefetch("events", queryset=notes, to_attr="public_notes"))
        .order_by("-opened_at", "-pk")
    )


def request_by_id(council: Council, service_request_id: str) -> Case | None:
    reference = normalise_reference(service_request_id)
    return requests(council).filter(reference=reference).first() if reference else None


def references(ids: list[str]) -> list[str]:
    """Case references, however typed; ones that cannot be references are left out."""
    return [ref for ref in (normalise_reference(i) for i in ids) if ref]


def updates(council: Council, start: datetime, end: datetime, limit: int) -> list[CaseEvent]:
    """Public updates (status changes and updates written for the resident) of Open311
    requests, oldest first.

    Each carries `status_then` and `outcome_then`: the case's state after the latest status
    change at or before it (a note does not change the status itself).
    """
    visible = Case.objects.filter(council=council).filter(Exists(_api_contacts()))
    latest_status = CaseEvent.objects.filter(
        case=OuterRef("case"), kind__in=STATUS_EVENTS, at__lte=OuterRef("at")
    ).order_by("-at", "-pk")
    found = (
        published_events()
        .filter(
            council=council,
            case__in=visible,
            kind__in=UPDATE_KINDS,
            at__gte=start,
            at__lte=end,
        )
        .annotate(
            status_then=Subquery(latest_status.values(value=KT("data__to"))[:1]),
            outcome_then=Subquery(latest_status.values(value=KT("data__outcome"))[:1]),
        )
        .select_related("case")
        .order_by("at", "pk")
    )
    return list(found[:limit])

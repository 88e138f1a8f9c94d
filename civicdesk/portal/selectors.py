"""Reads for the resident pages: what can be reported online, and a case found for tracking."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from civicdesk.cases.models import Case, CaseEvent
from civicdesk.cases.vocabulary import EventKind, Outcome, Status
from civicdesk.catalogue.models import QueryType, QueryTypeQuestion
from civicdesk.catalogue.policy import Availability
from civicdesk.catalogue.selectors import query_type_by_code
from civicdesk.contacts.models import Contact
from civicdesk.core.errors import DomainError
from civicdesk.councils.models import Council
from civicdesk.residents import normalise
from civicdesk.residents.vocabulary import ContactPointKind

_POSTCODE_IN_TEXT = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b")


def can_report_online(query_type: QueryType) -> bool:
    """Reports and requests online go through the Open311 service: they need its code."""
    return bool(query_type.open311_code) and query_type.available_online != Availability.NO


def is_request(query_type: QueryType) -> bool:
    """ "Report fly tipping", "Reporting missed collection" are reports; the rest are requests."""
    return not query_type.name.lower().startswith("report")


def reportable_query_type(council: Council, code: str) -> QueryType | None:
    query_type = query_type_by_code(council, code)
    return query_type if query_type is not None and can_report_online(query_type) else None


def questions_for(query_type: QueryType) -> list[QueryTypeQuestion]:
    return list(query_type.questions.filter(active=True).order_by("order", "code"))


def case_for_reporter(council: Council, reference: str) -> Case | None:
    return (
        Case.objects.filter(council=council, reference=reference)
        .select_related("query_type", "query_type__service")
        .first()
    )


def case_for_tracking(council: Council, reference: str, given: str) -> Case | None:
    """The case, if `given` is an email address, phone number or postcode it was reported with:
    the resident's, the reporting contact's, or the postcode of the case's address."""
    case = case_for_reporter(council, reference)
    if case is None or not given.strip():
        return None
    given = given.strip()
    try:
        if "@" in given:
            return (
                case if _has_contact(case, ContactPointKind.EMAIL, normalise.email(given)) else None
            )
        if normalise.looks_like_phone(given):
            return (
                case
                if _has_contact(case, ContactPointKind.PHONE, normalise.phone_e164(given))
                else None
            )
        wanted = normalise.postcode(given)
    except DomainError:
        return None
    found = {normalise.postcode(p) for p in _POSTCODE_IN_TEXT.findall(case.address.upper())}
    return case if wanted in found else None


def _has_contact(case: Case, kind: ContactPointKind, value: str) -> bool:
    by_contact = Q(from_email=value) if kind == ContactPointKind.EMAIL else Q(from_phone=value)
    if Contact.objects.filter(council=case.council, case=case).filter(by_contact).exists():
        return True
    resident = case.resident
    return resident is not None and resident.contact_points.filter(kind=kind, value=value).exists()


# What each status means to a resident, and the colour of its tag.
STATUS_WORDS: dict[str, tuple[str, str]] = {
    Status.OPEN: ("Received", "govuk-tag--blue"),
    Status.IN_PROGRESS: ("In progress", "govuk-tag--light-blue"),
    Status.AWAITING_RESIDENT: ("Waiting for you", "govuk-tag--yellow"),
    Status.AWAITING_THIRD_PARTY: ("Waiting for someone else", "govuk-tag--yellow"),
    Status.RESOLVED: ("Done", "govuk-tag--green"),
    Status.CLOSED: ("Closed", "govuk-tag--grey"),
}
STATUS_EXPLAINED: dict[str, str] = {
    Status.OPEN: "We have it and will start work on it soon.",
    Status.IN_PROGRESS: "We are working on it.",
    Status.AWAITING_RESIDENT: "We need something from you. We will have contacted you to ask.",
    Status.AWAITING_THIRD_PARTY: "We are waiting for another organisation before we can go on.",
    Status.RESOLVED: "We have finished dealing with it.",
    Status.CLOSED: "We have finished dealing with it.",
}
OUTCOME_WORDS: dict[str, str] = {
    Outcome.DONE: "We have dealt with it.",
    Outcome.NO_FURTHER_ACTION: "We have looked into it and will take no further action.",
    Outcome.NOT_COUNCIL_RESPONSIBILITY: "This is not something the council is responsible for.",
    Outcome.DUPLICATE: "Someone had already reported this. We dealt with it under their report.",
    Outcome.REFERRED: "We have passed it to the organisation that deals with it.",
}


@dataclass(frozen=True)
class PublicUpdate:
    at: datetime
    title: str
    text: str


def _update(event: CaseEvent) -> PublicUpdate | None:
    data = event.data or {}
    if event.kind == EventKind.OPENED:
        return PublicUpdate(event.at, "Received", "We received it.")
    if event.kind in (EventKind.STATUS_CHANGED, EventKind.REOPENED):
        to = str(data.get("to", ""))
        words = STATUS_WORDS.get(to, (to, ""))[0]
        title = "Reopened" if event.kind == EventKind.REOPENED else f"Status: {words}"
        outcome = OUTCOME_WORDS.get(str(data.get("outcome") or ""), "")
        return PublicUpdate(event.at, title, outcome or STATUS_EXPLAINED.get(to, ""))
    if event.kind == EventKind.NOTE and data.get("text"):
        return PublicUpdate(event.at, "Update", str(data["text"]))
    return None


def public_history(case: Case) -> list[PublicUpdate]:
    """What the resident may see of the timeline, newest first."""
    events = CaseEvent.objects.filter(case=case, public=True).order_by("-at", "-pk")
    return [u for u in (_update(e) for e in events) if u is not None]

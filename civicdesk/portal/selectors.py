"""Reads for the resident pages: what can be reported online, and a case found for tracking."""

from __future__ import annotations

import re

from django.db.models import Q

from civicdesk.cases import public
from civicdesk.cases.models import Case

# The words a resident reads about a case are the domain's, so every public surface agrees.
from civicdesk.cases.public import OUTCOME_WORDS as OUTCOME_WORDS
from civicdesk.cases.public import STATUS_EXPLAINED as STATUS_EXPLAINED
from civicdesk.cases.public import STATUS_WORDS as STATUS_WORDS
from civicdesk.cases.public import PublicUpdate
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


def public_history(case: Case) -> list[PublicUpdate]:
    """What the resident may see of the timeline, newest first: `cases.public` decides."""
    return public.public_history(case)

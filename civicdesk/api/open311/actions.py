"""The two Open311 writes, each through the domain services staff pages use.

- a service request: a contact on the "api" channel with the client's name, raising a case
  (so failure demand is classified and the SLA clock starts); a report of the same thing at the
  same place, or a chase of the reporter's own open case, joins that case instead (Open311
  clients cannot handle a conflict);
- a service request update: an update for the resident in the client's words, with the status
  change it asks for (the words are the client's, public where they were written).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from civicdesk.api.models import Open311Client
from civicdesk.api.open311.errors import bad_request
from civicdesk.api.open311.statuses import Extended, transition_for
from civicdesk.cases.errors import CaseErrorCode
from civicdesk.cases.models import Case, CaseEvent
from civicdesk.cases.services import case_public_update_add, case_transition
from civicdesk.cases.vocabulary import EventKind
from civicdesk.catalogue.models import QueryType
from civicdesk.contacts.services import CaseDraft, contact_link_to_case, contact_record
from civicdesk.contacts.vocabulary import ContactChannel, ContactOutcome
from civicdesk.core.errors import DomainError
from civicdesk.residents import normalise
from civicdesk.residents.models import Resident
from civicdesk.residents.services import resident_for_reporter


@dataclass(frozen=True)
class Reporter:
    """Who reported it, as the client told us (all optional)."""

    email: str = ""
    phone: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass(frozen=True)
class Report:
    description: str
    answers: dict[str, Any]
    address: str = ""
    uprn: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    media_url: str = ""


@dataclass(frozen=True)
class Posted:
    case: Case
    joined: bool  # True when the report joined an open case: the same place, or a chase


def _resident(client: Open311Client, who: Reporter) -> Resident | None:
    return resident_for_reporter(
        council=client.council,
        actor=None,
        email=who.email,
        phone=who.phone,
        first_name=who.first_name,
        last_name=who.last_name,
    )


def request_post(
    *, client: Open311Client, query_type: QueryType, who: Reporter, report: Report
) -> Posted:
    """Record the contact and open the case, or join the open case for the same place."""
    # Checked first, so a bad email or phone names its argument before anything is written.
    email = normalise.email(who.email, field="from_email") if who.email else ""
    phone = normalise.phone_e164(who.phone, field="from_phone") if who.phone else ""
    who = Reporter(email, phone, who.first_name, who.last_name)
    notes = f"Photo: {report.media_url}" if report.media_url else ""
    common: dict[str, Any] = {
        "council": client.council,
        "actor": None,
        "channel": ContactChannel.API,
        "query_type": query_type,
        "client": client.name,
        "from_email": email,
        "from_phone": phone,
        "uprn": report.uprn,
        "notes": notes,
    }
    draft = CaseDraft(
        description=report.description,
        address=report.address,
        uprn=report.uprn,
        latitude=report.latitude,
        longitude=report.longitude,
        answers=report.answers,
    )
    with transaction.atomic():
        resident = _resident(client, who)
        try:
            contact = contact_record(**common, resident=resident, raise_case=draft)
        except DomainError as error:
            if error.code != CaseErrorCode.POSSIBLE_DUPLICATE:
                raise
            existing = Case.objects.get(
                council=client.council, reference=error.extra["existing"][0]
            )
            contact = contact_record(**common, resident=resident)
            contact_link_to_case(contact=contact, case=existing, actor=None)
            return Posted(existing, joined=True)
    if contact.case is None:  # contact_record raises the case or raises an error
        raise RuntimeError("the contact was recorded without its case")
    # A chase (the same reporter, an open case of this query type) joins that case instead.
    return Posted(contact.case, joined=contact.outcome != ContactOutcome.CASE_RAISED)


def update_post(
    *, client: Open311Client, case: Case, status: Extended, description: str
) -> CaseEvent:
    """The status change the client asks for (a disallowed one is refused) carrying its words,
    or else an update of them. Returns the timeline row: its id is the update's."""
    target = transition_for(case.status, case.outcome, status)
    text = f"Via {client.name}: {description}" if description else ""
    with transaction.atomic():
        if target is not None:
            try:
                changed = case_transition(
                    case=case,
                    actor=None,
                    to=target.to,
                    outcome=target.outcome,
                    public_update=text,
                )
            except DomainError as error:
                if error.code != CaseErrorCode.TRANSITION_NOT_ALLOWED:
                    raise
                allowed = ", ".join(error.extra.get("allowed", []))
                raise bad_request(
                    f"status: {status.value} is not allowed now. {error.message}"
                    f" (from {case.status} it may go to: {allowed})"
                ) from None
            return changed.events.filter(
                kind__in=(EventKind.STATUS_CHANGED, EventKind.REOPENED)
            ).latest("at", "pk")
        if not text:
            raise bad_request("description is required when the status does not change")
        return case_public_update_add(case=case, actor=None, text=text)

"""contact_record: every contact goes through here, so failure demand is always caught."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from civicdesk.cases.models import Case
from civicdesk.cases.places import place_lock
from civicdesk.cases.services import (
    case_chased,
    case_contact_linked,
    case_open,
    case_transfer,
)
from civicdesk.catalogue.models import QueryType, ServiceLine, Venue
from civicdesk.contacts.demand import Identity, classify
from civicdesk.contacts.errors import ContactErrorCode
from civicdesk.contacts.models import Contact
from civicdesk.contacts.rollups import advised_online_came_back, contact_day_count
from civicdesk.contacts.vocabulary import (
    ContactChannel,
    ContactOutcome,
    DemandType,
    Direction,
    FailureReason,
    VisitPurpose,
)
from civicdesk.core.clock import now
from civicdesk.core.errors import DomainError, ErrorKind
from civicdesk.core.rows import insert
from civicdesk.councils.models import Council
from civicdesk.residents import normalise
from civicdesk.residents.models import Resident


@dataclass(frozen=True)
class CaseDraft:
    """A case to raise from the contact."""

    description: str
    priority: str = "normal"
    address: str = ""
    uprn: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    allow_duplicate: bool = False
    transfer_reason: str = ""
    answers: dict[str, Any] | None = None  # to the query type's questions, by question code


def _choice(value: str, choices: Any, code: ContactErrorCode, field: str) -> str:
    if value not in choices.values:
        raise DomainError(code, f"{value!r} is not one of {', '.join(choices.values)}", field=field)
    return value


def _same_council(council: Council, row: Any, field: str) -> None:
    if row is not None and row.council_id != council.pk:
        raise DomainError(
            ContactErrorCode.WRONG_COUNCIL,
            f"No such {field} at this council",
            field=field,
            kind=ErrorKind.NOT_FOUND,
        )


def contact_record(
    *,
    council: Council,
    actor: Any,
    channel: str,
    direction: str = Direction.INBOUND,
    resident: Resident | None = None,
    query_type: QueryType | None = None,
    line: ServiceLine | None = None,
    venue: Venue | None = None,
    purpose: str = "",
    presented_at: datetime | None = None,
    answered_at: datetime | None = None,
    ended_at: datetime | None = None,
    outcome: str = "",
    notes: str = "",
    recommendation: dict[str, Any] | None = None,
    from_phone: str = "",
    from_email: str = "",
    uprn: str = "",
    client: str = "",
    demand_type: str = "",
    failure_reason: str = "",
    raise_case: CaseDraft | None = None,
) -> Contact:
    """Record a contact, classify its demand, link a chase, and raise a case if asked."""
    _choice(channel, ContactChannel, ContactErrorCode.UNKNOWN_CHANNEL, "channel")
    _choice(direction, Direction, ContactErrorCode.UNKNOWN_DIRECTION, "direction")
    if outcome:
        _choice(outcome, ContactOutcome, ContactErrorCode.UNKNOWN_OUTCOME, "outcome")
    if purpose:
        _choice(purpose, VisitPurpose, ContactErrorCode.UNKNOWN_PURPOSE, "purpose")
    if demand_type:
        _choice(demand_type, DemandType, ContactErrorCode.UNKNOWN_DEMAND_TYPE, "demand_type")
    if failure_reason:
        _choice(
            failure_reason, FailureReason, ContactErrorCode.UNKNOWN_DEMAND_TYPE, "failure_reason"
        )
    for row, field in (
        (resident, "resident"),
        (query_type, "query_type"),
        (line, "line"),
        (venue, "venue"),
    ):
        _same_council(council, row, field)
    phone = normalise.phone_e164(from_phone, field="from_phone") if from_phone else ""
    email = normalise.email(from_email, field="from_email") if from_email else ""
    place = normalise.uprn(uprn) if uprn else ""
    presented = presented_at or now()
    if answered_at and answered_at < presented:
        raise DomainError(
            ContactErrorCode.BAD_TIMES, "answered before it was presented", field="answered_at"
        )
    if ended_at and ended_at < (answered_at or presented):
        raise DomainError(ContactErrorCode.BAD_TIMES, "ended before it began", field="ended_at")
    if raise_case is not None and query_type is None:
        raise DomainError(
            ContactErrorCode.CASE_DETAILS_REQUIRED,
            "Choose the query type to raise a case",
            field="query_type",
        )
    handling = int((ended_at - (answered_at or presented)).total_seconds()) if ended_at else None
    if resident is not None and resident.merged_into_id:
        resident = resident.merged_into

    if direction == Direction.OUTBOUND and demand_type == DemandType.FAILURE:
        raise DomainError(
            ContactErrorCode.UNKNOWN_DEMAND_TYPE,
            "A contact the council made (a call back, a home visit) is never failure demand",
            field="demand_type",
        )
    with transaction.atomic():
        if raise_case is not None and query_type is not None:
            # Reports at one place wait for each other here, so the chase check below and the
            # case's own duplicate check see the case the first of them opened (ADR 28).
            place_lock(
                query_type=query_type,
                uprns=[place, raise_case.uprn.strip()],
                latitude=raise_case.latitude,
                longitude=raise_case.longitude,
            )
        demand = classify(
            query_type=query_type,
            direction=direction,
            who=Identity(resident=resident, phone=phone, email=email, uprn=place),
            channel=channel,
            outcome=outcome,
            at=presented,
        )
        contact = Contact(
            council=council,
            resident=resident,
            channel=channel,
            direction=direction,
            line=line
            or (query_type.line if query_type and channel == ContactChannel.PHONE else None),
            venue=venue,
            purpose=purpose or _default_purpose(channel, venue),
            presented_at=presented,
            answered_at=answered_at,
            ended_at=ended_at,
            handling_seconds=handling,
            query_type=query_type,
            recommendation=recommendation or {},
            outcome=outcome,
            advisor=actor if getattr(actor, "is_authenticated", False) else None,
            client=client,
            demand_type=demand_type or demand.demand_type,
            failure_reason=failure_reason or (demand.reason or ""),
            demand_note=demand.note if not demand_type else "Classed by the advisor",
            case=demand.chased_case,
            from_phone=phone,
            from_email=email,
            uprn=place,
            notes=notes.strip(),
        )
        insert(contact)  # written out: the ORM's INSERT cost a fifth of intake's Python
        if demand.chased_case is not None:
            case_chased(case=demand.chased_case, actor=actor, contact_id=contact.pk)
        # A chase of an open case adds to that case rather than opening a second one, unless
        # the advisor insists it is a separate matter.
        chase_only = demand.chased_case is not None and not (
            raise_case is not None and raise_case.allow_duplicate
        )
        if raise_case is not None and query_type is not None and not chase_only:
            case = _raise(contact, query_type, resident, actor, raise_case)
            contact.case = case
            contact.outcome = contact.outcome or ContactOutcome.CASE_RAISED
            contact.save(update_fields=["case", "outcome"])
        contact_day_count(contact=contact)
        advised_online_came_back(contact=contact)
    return contact


def _default_purpose(channel: str, venue: Venue | None) -> str:
    """A visit to a venue without a stated purpose: an appointment, or else advice."""
    if venue is None:
        return ""
    if channel == ContactChannel.FACE_TO_FACE_APPOINTMENT:
        return VisitPurpose.APPOINTMENTS
    return VisitPurpose.ADVICE if channel == ContactChannel.FACE_TO_FACE_WALK_IN else ""


def _raise(
    contact: Contact,
    query_type: QueryType,
    resident: Resident | None,
    actor: Any,
    draft: CaseDraft,
) -> Case:
    case = case_open(
        query_type=query_type,
        actor=actor,
        description=draft.description,
        resident=resident,
        address=draft.address,
        uprn=draft.uprn,
        latitude=draft.latitude,
        longitude=draft.longitude,
        priority=draft.priority,
        allow_duplicate=draft.allow_duplicate,
        answers=draft.answers,
        place_locked=True,  # contact_record took the lock of this place before classifying
    )
    if draft.transfer_reason:
        case = case_transfer(case=case, actor=actor, reason=draft.transfer_reason)
    return case


def contact_link_to_case(*, contact: Contact, case: Case, actor: Any) -> Contact:
    """Link a contact to an existing case instead of raising a new one (a duplicate report)."""
    if case.council_id != contact.council_id:
        raise DomainError(
            ContactErrorCode.WRONG_COUNCIL,
            "No such case at this council",
            field="case",
            kind=ErrorKind.NOT_FOUND,
        )
    with transaction.atomic():
        came_back = int(contact.came_back_at is not None)  # an int: PostgreSQL adds no bools
        contact_day_count(contact=contact, contacts=-1, came_back=-came_back)
        contact.case = case
        if contact.direction == Direction.INBOUND:  # our own call about it is not demand
            contact.demand_type = DemandType.FAILURE
            contact.failure_reason = FailureReason.REPEAT
            contact.demand_note = f"Same report as case {case.reference}"
        contact.save(update_fields=["case", "demand_type", "failure_reason", "demand_note"])
        contact_day_count(contact=contact, came_back=came_back)
        case_contact_linked(case=case, actor=actor, contact_id=contact.pk)
    return contact

"""Failure demand, caught as the contact is recorded.

- chasing: the resident (or the same phone, email or UPRN) has an open case of this query type;
  the contact is linked to it and the case's chase count rises;
- repeat: the same resident or phone contacted us about the same query type within the
  council's repeat window, and no case is open;
- avoidable: the query can be done online in full, the resident came on a costly channel and
  the advisor sent them online.
Everything else is value demand, and so is every contact the council made (outbound).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from django.db.models import Q

from civicdesk.cases.models import Case
from civicdesk.cases.vocabulary import OPEN_STATUSES
from civicdesk.catalogue.models import QueryType
from civicdesk.catalogue.policy import Availability
from civicdesk.contacts.models import Contact
from civicdesk.contacts.vocabulary import (
    ContactChannel,
    ContactOutcome,
    DemandType,
    Direction,
    FailureReason,
)
from civicdesk.residents.models import ContactPoint, Resident
from civicdesk.residents.vocabulary import ContactPointKind

COSTLY_CHANNELS = frozenset(
    {
        ContactChannel.PHONE,
        ContactChannel.FACE_TO_FACE_WALK_IN,
        ContactChannel.FACE_TO_FACE_APPOINTMENT,
        ContactChannel.LETTER,
    }
)


@dataclass(frozen=True)
class Demand:
    demand_type: DemandType
    reason: FailureReason | None
    note: str
    chased_case: Case | None = None


@dataclass(frozen=True)
class Identity:
    """Everything that tells us who is in touch: the resident and/or the ways they reached us."""

    resident: Resident | None
    phone: str
    email: str
    uprn: str

    @cached_property
    def _points(self) -> list[ContactPoint]:
        """The resident's contact points, read once (or as already prefetched)."""
        return list(self.resident.contact_points.all()) if self.resident else []

    def phones(self) -> set[str]:
        found = {self.phone} if self.phone else set()
        return found | {p.value for p in self._points if p.kind == ContactPointKind.PHONE}

    def emails(self) -> set[str]:
        found = {self.email} if self.email else set()
        return found | {p.value for p in self._points if p.kind == ContactPointKind.EMAIL}

    def uprns(self) -> set[str]:
        found = {self.uprn} if self.uprn else set()
        return found | {p.uprn for p in self._points if p.uprn}


def open_case_chased(query_type: QueryType, who: Identity) -> Case | None:
    """The open case of this query type that this contact is most likely chasing. The place
    (a UPRN) tells only for a query type about a place: two residents at one address each have
    their own council tax."""
    match = Q()
    if who.resident is not None:
        match |= Q(resident=who.resident)
    phones, emails = who.phones(), who.emails()
    uprns = who.uprns() if query_type.about_a_place else set()
    if phones:
        match |= Q(
            resident__contact_points__kind=ContactPointKind.PHONE,
            resident__contact_points__value__in=phones,
        )
    if emails:
        match |= Q(
            resident__contact_points__kind=ContactPointKind.EMAIL,
            resident__contact_points__value__in=emails,
        )
    if uprns:
        match |= Q(uprn__in=uprns) | Q(resident__contact_points__uprn__in=uprns)
    if not match:
        return None
    return (
        Case.objects.filter(query_type=query_type, status__in=OPEN_STATUSES)
        .filter(match)
        .order_by("opened_at")
        .first()
    )


def classify(
    *,
    query_type: QueryType | None,
    who: Identity,
    channel: str,
    outcome: str,
    at: datetime,
    direction: str = Direction.INBOUND,
) -> Demand:
    # Only a contact from the resident can be failure demand: a call back or a home visit the
    # council made is the work itself, whatever else is open.
    if query_type is None or direction != Direction.INBOUND:
        return Demand(DemandType.VALUE, None, "")
    chased = open_case_chased(query_type, who)
    if chased is not None:
        return Demand(
            DemandType.FAILURE,
            FailureReason.CHASING,
            f"Chasing case {chased.reference}, still {chased.get_status_display().lower()}",
            chased,
        )
    window = timedelta(days=query_type.council.repeat_window_days)
    same_person = Q()
    if who.resident is not None:
        same_person |= Q(resident=who.resident)
    if who.phone:
        same_person |= Q(from_phone=who.phone)
    if same_person:
        earlier = (
            Contact.objects.filter(
                council_id=query_type.council_id,  # so the council's indexes serve both people
                query_type=query_type,
                presented_at__gte=at - window,
                presented_at__lt=at,
            )
            .filter(same_person)
            .order_by("-presented_at")
            .values_list("presented_at", flat=True)
            .first()
        )
        if earlier is not None:
            return Demand(
                DemandType.FAILURE,
                FailureReason.REPEAT,
                f"Contacted about this on {earlier:%d %B %Y} too",
            )
    if (
        query_type.available_online == Availability.YES
        and channel in COSTLY_CHANNELS
        and outcome == ContactOutcome.ADVISED_ONLINE
    ):
        return Demand(
            DemandType.FAILURE,
            FailureReason.AVOIDABLE,
            "Could have been done online, and the resident was sent there",
        )
    return Demand(DemandType.VALUE, None, "")

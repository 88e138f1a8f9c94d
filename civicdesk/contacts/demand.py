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

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from django.db import connection

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
from civicdesk.core.rows import columns, fetch, table, value_of
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
    their own council tax.

    Written out (as the ORM's join through the resident's contact points would ask it): the
    query is asked of every contact and building it cost more than the database's answer."""
    people: list[str] = []
    params: list[Any] = []
    if who.resident is not None:
        people.append("c.resident_id = %s")
        params.append(who.resident.pk)
    phones, emails = who.phones(), who.emails()
    uprns = who.uprns() if query_type.about_a_place else set()
    for kind, values in ((ContactPointKind.PHONE, phones), (ContactPointKind.EMAIL, emails)):
        if values:
            people.append(
                f"c.resident_id IN (SELECT p.resident_id FROM {table(ContactPoint)} p"  # noqa: S608
                f" WHERE p.kind = %s AND p.value IN ({_marks(values)}))"
            )
            params += [kind.value, *sorted(values)]
    if uprns:
        people.append(f"c.uprn IN ({_marks(uprns)})")
        people.append(
            f"c.resident_id IN (SELECT p.resident_id FROM {table(ContactPoint)} p"  # noqa: S608
            f" WHERE p.uprn IN ({_marks(uprns)}))"
        )
        params += [*sorted(uprns), *sorted(uprns)]
    if not people:
        return None
    sql = (
        f"SELECT {columns(Case, 'c')} FROM {table(Case)} c"  # noqa: S608
        f" WHERE c.query_type_id = %s AND c.status IN ({_marks(OPEN_STATUSES)})"
        f" AND ({' OR '.join(people)}) ORDER BY c.opened_at ASC LIMIT 1"
    )
    found = fetch(sql, [query_type.pk, *_OPEN, *params], Case)
    return found[0][0] if found else None


_OPEN = sorted(status.value for status in OPEN_STATUSES)


def _marks(values: Collection[Any]) -> str:
    return ", ".join(["%s"] * len(values))


def _earlier_contact(query_type: QueryType, who: Identity, at: datetime) -> datetime | None:
    """When this person (the resident, or the phone) last contacted us about this query type
    within the council's repeat window: the council named so its indexes serve both people."""
    people: list[str] = []
    params: list[Any] = []
    if who.resident is not None:
        people.append("resident_id = %s")
        params.append(who.resident.pk)
    if who.phone:
        people.append("from_phone = %s")
        params.append(who.phone)
    if not people:
        return None
    window = timedelta(days=query_type.council.repeat_window_days)
    sql = (
        f"SELECT presented_at FROM {table(Contact)}"  # noqa: S608
        " WHERE council_id = %s AND query_type_id = %s AND presented_at >= %s"
        f" AND presented_at < %s AND ({' OR '.join(people)})"
        " ORDER BY presented_at DESC LIMIT 1"
    )
    params = [
        query_type.council_id,
        query_type.pk,
        connection.ops.adapt_datetimefield_value(at - window),
        connection.ops.adapt_datetimefield_value(at),
        *params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    moment: datetime = value_of(Contact, "presented_at", row[0])
    return moment


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
    earlier = _earlier_contact(query_type, who, at)
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

"""Daily counts of contacts by kind, kept as contacts are recorded (see `ContactDay`).

Called inside the recording transaction by the contact services, never by views. A contact's
kind is its channel, direction, service, query type, venue, visit purpose, outcome and demand;
changing any of those moves the contact from one count to another.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from civicdesk.contacts.demand import COSTLY_CHANNELS
from civicdesk.contacts.models import Contact, ContactDay
from civicdesk.contacts.vocabulary import ContactOutcome, Direction
from civicdesk.core.clock import local_day


def _dimensions(contact: Contact) -> dict[str, object]:
    query_type = contact.query_type
    return {
        "channel": contact.channel,
        "direction": contact.direction,
        "service_id": query_type.service_id if query_type is not None else None,
        "query_type_id": contact.query_type_id,
        "venue_id": contact.venue_id,
        "purpose": contact.purpose,
        "outcome": contact.outcome,
        "demand_type": contact.demand_type,
        "failure_reason": contact.failure_reason,
    }


def _key(dimensions: dict[str, object]) -> str:
    return "|".join("" if value is None else str(value) for value in dimensions.values())


def contact_day_count(*, contact: Contact, contacts: int = 1, came_back: int = 0) -> None:
    """Add to (or, with negative numbers, take from) the count of the contact's kind and day."""
    day = local_day(contact.presented_at)
    dimensions = _dimensions(contact)
    key = _key(dimensions)
    rows = ContactDay.objects.filter(council_id=contact.council_id, day=day, key=key)
    changes = {"contacts": F("contacts") + contacts, "came_back": F("came_back") + came_back}
    if rows.update(**changes):
        return
    try:
        with transaction.atomic():  # a savepoint: another recording may create the row first
            ContactDay.objects.create(
                council_id=contact.council_id,
                day=day,
                key=key,
                contacts=contacts,
                came_back=came_back,
                **dimensions,
            )
    except IntegrityError:
        rows.update(**changes)


def advised_online_came_back(*, contact: Contact) -> Contact | None:
    """When this contact is a resident coming back on a costly channel after being advised to go
    online (within the council's repeat window, about the same service when known), mark that
    earlier contact and count it. Returns the earlier contact, if any."""
    if contact.direction != Direction.INBOUND or contact.channel not in COSTLY_CHANNELS:
        return None
    same_person = Q()
    if contact.resident_id is not None:
        same_person |= Q(resident_id=contact.resident_id)
    if contact.from_phone:
        same_person |= Q(from_phone=contact.from_phone)
    if not same_person:
        return None
    window = timedelta(days=contact.council.repeat_window_days)
    earlier = Contact.objects.filter(
        same_person,
        council_id=contact.council_id,
        outcome=ContactOutcome.ADVISED_ONLINE,
        came_back_at__isnull=True,
        presented_at__gte=contact.presented_at - window,
        presented_at__lt=contact.presented_at,
    ).exclude(pk=contact.pk)
    if contact.query_type is not None:
        earlier = earlier.filter(
            Q(query_type__service_id=contact.query_type.service_id) | Q(query_type__isnull=True)
        )
    found = earlier.select_related("query_type").order_by("-presented_at").first()
    if found is None:
        return None
    found.came_back_at = contact.presented_at
    found.save(update_fields=["came_back_at"])
    contact_day_count(contact=found, contacts=0, came_back=1)
    return found


def contact_days_rebuild(*, council_id: int) -> int:
    """Recount the council's daily contact counts from its contacts; returns contacts read."""
    counts: dict[tuple[object, str], ContactDay] = {}
    contacts = Contact.objects.filter(council_id=council_id).select_related("query_type")
    read = 0
    for contact in contacts.order_by().iterator(chunk_size=2000):
        read += 1
        dimensions = _dimensions(contact)
        day = local_day(contact.presented_at)
        row = counts.setdefault(
            (day, _key(dimensions)),
            ContactDay(council_id=council_id, day=day, key=_key(dimensions), **dimensions),
        )
        row.contacts += 1
        row.came_back += contact.came_back_at is not None
    with transaction.atomic():
        ContactDay.objects.filter(council_id=council_id).delete()
        ContactDay.objects.bulk_create(counts.values(), batch_size=1000)
    return read

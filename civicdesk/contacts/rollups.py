"""Daily counts of contacts by kind, kept as contacts are recorded (see `ContactDay`).

Called inside the recording transaction by the contact services, never by views. A contact's
kind is its channel, direction, service, query type, venue, visit purpose, outcome and demand;
changing any of those moves the contact from one count to another.
"""

from __future__ import annotations

import itertools
import os
import threading
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, F, Q, QuerySet, When

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


# How many rows one kind's count on one day may be split over (ADR 34), and how many threads of
# one process get shards of their own before they share with the next process's.
SHARDS = 32
THREADS_APART = 8
_threads_seen = itertools.count()
_this_thread = threading.local()


def _own_shard() -> int:
    """This thread's row of every count. A server's workers have consecutive process ids, so
    four workers of up to eight threads each all write different rows; a thread records one
    contact at a time, so it never waits on its own row."""
    shard: int | None = getattr(_this_thread, "shard", None)
    if shard is None:
        shard = (os.getpid() * THREADS_APART + next(_threads_seen)) % SHARDS
        _this_thread.shard = shard
    return shard


_COLUMNS = (
    "council_id",
    "day",
    "key",
    "shard",
    "channel",
    "direction",
    "service_id",
    "query_type_id",
    "venue_id",
    "purpose",
    "outcome",
    "demand_type",
    "failure_reason",
    "contacts",
    "came_back",
)


def _add(
    council_id: int, day: date, dimensions: dict[str, object], contacts: int, came_back: int
) -> None:
    """One statement on both databases: create this thread's row of the count, or add to it."""
    table = connection.ops.quote_name(ContactDay._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)
    values: list[Any] = [
        council_id,
        connection.ops.adapt_datefield_value(day),
        _key(dimensions),
        _own_shard(),
        *dimensions.values(),
        contacts,
        came_back,
    ]
    # Names from our own model; every value is a parameter.
    sql = (
        f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(values))}) "  # noqa: S608
        "ON CONFLICT (council_id, day, key, shard) DO UPDATE SET "
        f"contacts = {table}.contacts + excluded.contacts, "
        f"came_back = {table}.came_back + excluded.came_back"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


def _take(rows: QuerySet[ContactDay], field: str, amount: int) -> bool:
    """Take `amount` from one row of the count that has that much (this thread's first), so no
    row goes below 0 and a count is above 0 exactly when one of its rows is."""
    for _attempt in range(3):
        enough = rows.filter(**{f"{field}__gte": amount})
        chosen = enough.order_by(Case(When(shard=_own_shard(), then=0), default=1), "-" + field)
        # The condition again: a row another recording emptied meanwhile is not taken below 0.
        if enough.filter(pk__in=chosen.values("pk")[:1]).update(**{field: F(field) - amount}):
            return True
    return False


def contact_day_count(*, contact: Contact, contacts: int = 1, came_back: int = 0) -> None:
    """Add to (or, with negative numbers, take from) the count of the contact's kind and day."""
    day = local_day(contact.presented_at)
    dimensions = _dimensions(contact)
    gains = {"contacts": max(contacts, 0), "came_back": max(came_back, 0)}
    if any(gains.values()):
        _add(contact.council_id, day, dimensions, gains["contacts"], gains["came_back"])
    rows = ContactDay.objects.filter(council_id=contact.council_id, day=day, key=_key(dimensions))
    for field, change in (("contacts", contacts), ("came_back", came_back)):
        if change < 0 and not _take(rows, field, -change):
            # The counts were already wrong (rebuild them); keep the sum exact all the same.
            _add(
                contact.council_id,
                day,
                dimensions,
                **{"contacts": 0, "came_back": 0, field: change},
            )


def _anyone_waiting(contact: Contact, since: datetime) -> bool:
    """Whether any contact of this person, since then, still waits after advice to go online:
    one look-up in the partial indexes kept for this, written out because most contacts find
    none and building the full query costs more than the look-up."""
    people: list[str] = []
    params: list[Any] = [ContactOutcome.ADVISED_ONLINE.value, contact.council_id]
    if contact.resident_id is not None:
        people.append("resident_id = %s")
        params.append(contact.resident_id)
    if contact.from_phone:
        people.append("from_phone = %s")
        params.append(contact.from_phone)
    params += [
        connection.ops.adapt_datetimefield_value(since),
        connection.ops.adapt_datetimefield_value(contact.presented_at),
    ]
    table = connection.ops.quote_name(Contact._meta.db_table)
    sql = (
        f"SELECT 1 FROM {table} WHERE outcome = %s AND came_back_at IS NULL "  # noqa: S608
        f"AND council_id = %s AND ({' OR '.join(people)}) "
        "AND presented_at >= %s AND presented_at < %s LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


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
    if not _anyone_waiting(contact, contact.presented_at - window):
        return None
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
    """Recount the council's daily contact counts from its contacts; returns contacts read.

    The database counts them per day and kind (`day_recount`), in one GROUP BY."""
    from civicdesk.contacts.day_recount import kinds_per_day

    counts = [
        ContactDay(
            council_id=council_id,
            day=day,
            key=_key(dimensions),
            contacts=contacts,
            came_back=came_back,
            **dimensions,
        )
        for day, dimensions, contacts, came_back in kinds_per_day(council_id)
    ]
    with transaction.atomic():
        ContactDay.objects.filter(council_id=council_id).delete()
        ContactDay.objects.bulk_create(counts, batch_size=1000)
    return sum(row.contacts for row in counts)

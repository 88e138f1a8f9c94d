"""Recounting the daily contact counts in the database gives the counts kept as contacts were
recorded, on UK days: late evening calls in summer time belong to the next UK day."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from civicdesk.catalogue.models import QueryType
from civicdesk.contacts.models import Contact, ContactDay
from civicdesk.contacts.rollups import contact_days_rebuild
from civicdesk.contacts.services import contact_record
from civicdesk.core.clock import local_day
from civicdesk.councils.models import Council

pytestmark = pytest.mark.django_db

BEFORE_THE_CLOCKS_GO_FORWARD = datetime(2024, 3, 28, 22, 0, tzinfo=UTC)


def _per_day_and_channel(council: Council) -> Counter[tuple[Any, str]]:
    counts: Counter[tuple[Any, str]] = Counter()
    for row in ContactDay.objects.filter(council=council):
        counts[(row.day, row.channel)] += row.contacts
    return +counts


def test_the_recount_puts_each_contact_on_its_uk_day(demo: Council, advisor: Any) -> None:
    rng = random.Random(8)
    query_types = list(QueryType.objects.filter(council=demo, active=True)[:4])
    for _ in range(60):
        contact_record(
            council=demo,
            actor=advisor,
            channel=rng.choice(["phone", "email", "web_form"]),
            query_type=rng.choice([*query_types, None]),
            presented_at=BEFORE_THE_CLOCKS_GO_FORWARD
            + timedelta(days=rng.randrange(6), minutes=rng.randrange(0, 4 * 60)),
        )
    kept = _per_day_and_channel(demo)
    ContactDay.objects.filter(council=demo).delete()

    assert contact_days_rebuild(council_id=demo.pk) == 60

    by_hand = Counter(
        (local_day(contact.presented_at), contact.channel)
        for contact in Contact.objects.filter(council=demo)
    )
    assert _per_day_and_channel(demo) == kept == by_hand

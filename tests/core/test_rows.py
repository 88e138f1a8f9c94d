"""Rows read and written by written-out SQL are the ones the ORM would read and write."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.db.models.signals import post_save

from civicdesk.contacts.models import Contact
from civicdesk.core.rows import columns, fetch, insert, table
from civicdesk.councils.models import Council, Membership

pytestmark = pytest.mark.django_db


def test_a_joined_row_gives_each_model_with_its_values_converted(demo: Council) -> None:
    sql = (
        f"SELECT {columns(Council, 'c')}, {columns(Membership, 'm')} FROM {table(Council)} c"  # noqa: S608
        f" LEFT OUTER JOIN {table(Membership)} m ON m.council_id = c.id AND m.id < 0"
        " WHERE c.id = %s"
    )
    [(council, membership)] = fetch(sql, [demo.pk], Council, Membership)
    orm = Council.objects.get(pk=demo.pk)
    assert membership is None  # the LEFT JOIN found no row
    assert [getattr(council, f.attname) for f in Council._meta.concrete_fields] == [
        getattr(orm, f.attname) for f in Council._meta.concrete_fields
    ]
    assert council.active is True  # SQLite gives 1: converted as the ORM does
    assert not council._state.adding


def test_an_inserted_row_reads_back_as_the_orm_would_have_saved_it(demo: Council) -> None:
    heard: list[bool] = []

    def listener(sender: Any, instance: Contact, created: bool, **kwargs: Any) -> None:
        heard.append(created and instance.pk is not None)

    contact = Contact(
        council=demo,
        channel="phone",
        presented_at=datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        recommendation={"say": "Book online", "n": 2},
        notes="Asked twice",
    )
    post_save.connect(listener, sender=Contact, dispatch_uid="test_rows")
    try:
        insert(contact)
    finally:
        post_save.disconnect(sender=Contact, dispatch_uid="test_rows")
    assert heard == [True]
    assert not contact._state.adding
    stored = Contact.objects.get(pk=contact.pk)
    assert stored.presented_at == contact.presented_at
    assert stored.recommendation == {"say": "Book online", "n": 2}
    assert (stored.council_id, stored.notes, stored.case_id) == (demo.pk, "Asked twice", None)

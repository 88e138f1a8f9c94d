"""Call records keep their council and line without database-checked keys (ADR 35): Django
still refuses to delete a line or council that has calls, and deleting a contact unlinks its
calls rather than leaving them pointing nowhere."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db.models import ProtectedError

from civicdesk.catalogue.models import ServiceLine
from civicdesk.contacts.models import Contact
from civicdesk.councils.models import Council
from civicdesk.performance.calls_import import calls_import
from civicdesk.performance.models import CallRecord

pytestmark = pytest.mark.django_db

FILE = (
    "call_id,line,presented_at,queue_entered_at,answered_at,ended_at,outcome\n"
    "K1,Waste,2023-03-01T08:00:00Z,2023-03-01T08:00:05Z,2023-03-01T08:00:20Z,"
    "2023-03-01T08:02:00Z,answered\n"
)


def test_a_line_with_calls_cannot_be_deleted(council: Council, waste_line: ServiceLine) -> None:
    calls_import(council=council, text=FILE)
    with pytest.raises(ProtectedError):
        waste_line.delete()
    assert CallRecord.objects.filter(line=waste_line).count() == 1


def test_deleting_a_contact_unlinks_its_call(council: Council, waste_line: ServiceLine) -> None:
    contact = Contact.objects.create(
        council=council,
        channel="phone",
        line=waste_line,
        presented_at=datetime(2023, 3, 1, 8, 0, 10, tzinfo=UTC),
    )
    calls_import(council=council, text=FILE)
    assert CallRecord.objects.get(call_id="K1").contact_id == contact.pk
    contact.delete()
    assert CallRecord.objects.get(call_id="K1").contact_id is None

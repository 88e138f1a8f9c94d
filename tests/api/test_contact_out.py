"""The contact body the API writes by hand says exactly what its serializer (the schema's
`ContactOut`) says, for every kind of contact."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from civicdesk.api.contacts import ContactOut, contact_out
from civicdesk.cases.models import Case
from civicdesk.catalogue.models import QueryType
from civicdesk.contacts.services import CaseDraft, contact_record
from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident

SUMMER = datetime(2024, 7, 1, 9, 30, 15, 123456, tzinfo=UTC)  # 10:30 in London


def test_the_body_is_the_serializers_for_every_kind_of_contact(
    demo: Council, advisor: Any, resident: Resident, missed_bin: QueryType, case: Case
) -> None:
    contacts = [
        contact_record(council=demo, actor=None, channel="email"),
        contact_record(
            council=demo,
            actor=advisor,
            channel="phone",
            resident=resident,
            query_type=missed_bin,
            presented_at=SUMMER,
            answered_at=SUMMER + timedelta(seconds=20),
            ended_at=SUMMER + timedelta(minutes=4),
            outcome="resolved_first_contact",
            from_phone="07700 900456",
            from_email="Someone@Example.org",
            uprn="100030001234",
            notes=" Asked where the crew is ",
        ),
        contact_record(
            council=demo,
            actor=advisor,
            channel="phone",
            query_type=missed_bin,
            raise_case=CaseDraft(description="Bin missed", uprn="100030009999"),
        ),
    ]
    assert contacts[1].case == case  # a chase, linked to the open case
    for contact in contacts:
        assert contact_out(contact) == ContactOut(contact).data
    assert contact_out(contacts[1])["presented_at"] == "2024-07-01T10:30:15.123456+01:00"

"""Failure demand is caught as the contact is recorded."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from civicdesk.cases.models import Case
from civicdesk.cases.services import case_open, case_transition
from civicdesk.cases.vocabulary import EventKind
from civicdesk.catalogue.models import QueryType
from civicdesk.contacts.models import Contact
from civicdesk.contacts.services import CaseDraft, contact_record
from civicdesk.core.clock import now
from civicdesk.core.errors import DomainError
from civicdesk.councils.models import Council, Team
from civicdesk.residents.models import Resident
from civicdesk.residents.services import AddressInput, resident_create


@pytest.fixture
def ada(demo: Council, advisor: object) -> Resident:
    return resident_create(
        council=demo,
        actor=advisor,
        first_name="Ada",
        last_name="Lovelace",
        phones=["07700 900123"],
        emails=["ada@example.org"],
        addresses=[AddressInput("1 Engine Row", "DM1 1AA", uprn="100030512345")],
    )


def test_a_contact_about_an_open_case_is_a_chase_linked_to_it(
    demo: Council, advisor: object, missed_bin: QueryType, ada: Resident
) -> None:
    case = case_open(query_type=missed_bin, actor=advisor, description="Bin missed", resident=ada)
    contact = contact_record(
        council=demo, actor=advisor, channel="phone", resident=ada, query_type=missed_bin
    )
    assert contact.demand_type == "failure"
    assert contact.failure_reason == "chasing"
    assert contact.case == case
    assert case.reference in contact.demand_note
    case.refresh_from_db()
    assert case.chase_count == 1
    assert case.events.filter(kind=EventKind.CHASED).count() == 1


@pytest.mark.parametrize(
    "who",
    [
        {"from_phone": "+44 7700 900123"},
        {"from_email": "ADA@example.org"},
        {"uprn": "100030512345"},
    ],
    ids=["same phone", "same email", "same UPRN"],
)
def test_an_anonymous_contact_is_recognised_by_phone_email_or_uprn(
    demo: Council, advisor: object, missed_bin: QueryType, ada: Resident, who: dict[str, Any]
) -> None:
    case = case_open(query_type=missed_bin, actor=advisor, description="Bin missed", resident=ada)
    contact = contact_record(
        council=demo, actor=advisor, channel="phone", query_type=missed_bin, **who
    )
    assert contact.resident is None
    assert contact.failure_reason == "chasing"
    assert contact.case == case


def test_a_closed_case_is_not_chased(
    demo: Council, advisor: object, missed_bin: QueryType, ada: Resident
) -> None:
    case = case_open(query_type=missed_bin, actor=advisor, description="x", resident=ada)
    case_transition(case=case, actor=advisor, to="closed", outcome="done")
    contact = contact_record(
        council=demo, actor=advisor, channel="phone", resident=ada, query_type=missed_bin
    )
    assert contact.failure_reason != "chasing"
    assert contact.case is None


def test_chases_past_the_threshold_escalate_to_the_team_leader(
    demo: Council, advisor: object, missed_bin: QueryType, ada: Resident
) -> None:
    leader = get_user_model().objects.get(username="manager")
    missed_bin.team = Team.objects.create(council=demo, code="waste", name="Waste", leader=leader)
    missed_bin.save()
    case = case_open(query_type=missed_bin, actor=advisor, description="x", resident=ada)
    assert demo.chase_escalation_threshold == 2
    for _ in range(3):
        contact_record(
            council=demo, actor=advisor, channel="phone", resident=ada, query_type=missed_bin
        )
    case.refresh_from_db()
    assert case.chase_count == 3
    assert case.escalated_to == leader
    assert case.events.filter(kind=EventKind.ESCALATED).count() == 1


def test_a_second_contact_within_the_window_is_a_repeat(
    demo: Council, advisor: object, ada: Resident
) -> None:
    balance = QueryType.objects.get(council=demo, code="rents-check-balance")
    first = contact_record(
        council=demo,
        actor=advisor,
        channel="phone",
        resident=ada,
        query_type=balance,
        presented_at=now() - timedelta(days=2),
        outcome="resolved_first_contact",
    )
    assert first.demand_type == "value"
    again = contact_record(
        council=demo,
        actor=advisor,
        channel="phone",
        resident=ada,
        query_type=balance,
        outcome="resolved_first_contact",
    )
    assert (again.demand_type, again.failure_reason) == ("failure", "repeat")
    later = contact_record(
        council=demo,
        actor=advisor,
        channel="phone",
        resident=ada,
        query_type=balance,
        presented_at=now() + timedelta(days=30),
    )
    assert later.demand_type == "value"


def test_sending_a_caller_online_for_something_fully_online_is_avoidable_contact(
    demo: Council, advisor: object
) -> None:
    bulky = QueryType.objects.get(council=demo, code="waste-bulky-collection")
    assert bulky.available_online == "yes"
    contact = contact_record(
        council=demo, actor=advisor, channel="phone", query_type=bulky, outcome="advised_online"
    )
    assert (contact.demand_type, contact.failure_reason) == ("failure", "avoidable")
    by_web = contact_record(
        council=demo, actor=advisor, channel="web_chat", query_type=bulky, outcome="advised_online"
    )
    assert by_web.demand_type == "value"


def test_raising_a_case_from_a_contact_links_both(
    demo: Council, advisor: object, missed_bin: QueryType, ada: Resident
) -> None:
    contact = contact_record(
        council=demo,
        actor=advisor,
        channel="face_to_face",
        resident=ada,
        query_type=missed_bin,
        raise_case=CaseDraft(description="Green bin missed", transfer_reason="Crew to check"),
    )
    assert contact.outcome == "case_raised"
    assert contact.case is not None
    assert contact.case.resident == ada
    assert contact.case.tier == 2


def test_an_invalid_phone_is_a_field_error_and_nothing_is_written(
    demo: Council, advisor: object, missed_bin: QueryType
) -> None:
    with pytest.raises(DomainError) as refused:
        contact_record(
            council=demo,
            actor=advisor,
            channel="phone",
            query_type=missed_bin,
            from_phone="12345",
            raise_case=CaseDraft(description="x"),
        )
    assert refused.value.field == "from_phone"
    assert not Contact.objects.exists()
    assert not Case.objects.exists()


def test_an_unknown_channel_names_the_allowed_ones(demo: Council, advisor: object) -> None:
    with pytest.raises(DomainError, match="'pigeon' is not one of phone, face_to_face"):
        contact_record(council=demo, actor=advisor, channel="pigeon")


def test_a_failed_case_leaves_no_half_written_contact(
    demo: Council, advisor: object, missed_bin: QueryType, ada: Resident
) -> None:
    case_open(query_type=missed_bin, actor=advisor, description="x", uprn="100030599999")
    with pytest.raises(DomainError, match="already an open case"):
        contact_record(
            council=demo,
            actor=advisor,
            channel="phone",
            query_type=missed_bin,
            raise_case=CaseDraft(description="y", uprn="100030599999"),
        )
    assert not Contact.objects.exists()


def test_the_councils_own_call_about_an_open_case_is_not_a_chase(
    demo: Council, advisor: object, missed_bin: QueryType, ada: Resident
) -> None:
    case = case_open(query_type=missed_bin, actor=advisor, description="x", resident=ada)
    call = contact_record(
        council=demo,
        actor=advisor,
        channel="phone",
        direction="outbound",
        resident=ada,
        query_type=missed_bin,
    )
    assert call.demand_type == "value"
    case.refresh_from_db()
    assert case.chase_count == 0


def test_reporting_again_what_is_already_open_adds_to_that_case(
    demo: Council, advisor: object, missed_bin: QueryType, ada: Resident
) -> None:
    case = case_open(query_type=missed_bin, actor=advisor, description="x", resident=ada)
    again = contact_record(
        council=demo,
        actor=advisor,
        channel="web_form",
        resident=ada,
        query_type=missed_bin,
        raise_case=CaseDraft(description="Still not"),
    )
    assert again.case == case
    assert again.failure_reason == "chasing"
    assert Case.objects.count() == 1
    separate = contact_record(
        council=demo,
        actor=advisor,
        channel="phone",
        resident=ada,
        query_type=missed_bin,
        raise_case=CaseDraft(description="The other bin", allow_duplicate=True),
    )
    assert separate.case != case
    assert Case.objects.count() == 2

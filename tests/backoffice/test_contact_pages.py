"""Logging a contact: the guidance beside it, a chase linked to the open case, raising a case."""

from __future__ import annotations

from typing import Any

from django.test import Client

from civicdesk.cases.models import Case, CaseEvent
from civicdesk.cases.services import case_open
from civicdesk.catalogue.models import QueryType
from civicdesk.contacts.models import Contact
from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident

CHASE = {"channel": "phone", "query_type": "waste-missed-collection"}


def test_the_search_lists_query_types_and_picking_one_shows_the_guidance(
    advisor_client: Client, resident: Resident
) -> None:
    url = f"/staff/demo/residents/{resident.pk}/contact/"
    page = advisor_client.get(url, {"channel": "phone", "q": "missed bin"}).content.decode()
    assert "Waste: Reporting missed collection" in page
    assert "query_type=waste-missed-collection" in page
    page = advisor_client.get(url, CHASE).content.decode()
    assert 'id="triage-result"' in page
    assert "Suggest the resident reports the missed bin online next time" in page
    assert "Takes account of: hearing loss." in page


def test_a_contact_about_an_open_case_is_logged_as_a_chase_of_it(
    advisor_client: Client, resident: Resident, open_case: Case
) -> None:
    response = advisor_client.post(
        f"/staff/demo/residents/{resident.pk}/contact/",
        {**CHASE, "outcome": "resolved_first_contact", "notes": "Wanted to know when"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/staff/demo/residents/{resident.pk}/"
    contact = Contact.objects.get(resident=resident)
    assert (contact.demand_type, contact.failure_reason) == ("failure", "chasing")
    assert contact.case == open_case
    assert contact.recommendation["query_type"]["id"] == "waste-missed-collection"
    assert contact.advisor is not None
    assert contact.advisor.get_username() == "advisor"
    open_case.refresh_from_db()
    assert open_case.chase_count == 1

    page = advisor_client.get(response["Location"]).content.decode()
    assert f"Contact logged. This was a chase of case {open_case.reference} (chased 1 time)" in page
    assert "Failure: chasing" in page


def test_raising_a_case_from_a_contact(
    advisor_client: Client, resident: Resident, missed_collection: QueryType
) -> None:
    response = advisor_client.post(
        f"/staff/demo/residents/{resident.pk}/contact/",
        {
            **CHASE,
            "raise_case": "on",
            "description": "Blue bin missed twice",
            "priority": "high",
            "case_address": "12 Mill Lane",
            "case_uprn": "100030001234",
            "transfer_reason": "Needs the crew supervisor",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(resident=resident)
    assert (case.priority, case.tier, case.uprn) == ("high", 2, "100030001234")
    contact = Contact.objects.get(resident=resident)
    assert contact.case == case
    assert contact.outcome == "case_raised"
    page = advisor_client.get(response["Location"]).content.decode()
    assert f"Contact logged. Case {case.reference} raised and transferred to tier 2" in page


def test_a_possible_duplicate_offers_the_existing_case_and_writes_nothing(
    advisor_client: Client, demo: Council, missed_collection: QueryType, advisor: Any
) -> None:
    existing = case_open(
        query_type=missed_collection,
        actor=advisor,
        description="Reported by a neighbour",
        uprn="100030009999",
    )
    post = {
        **CHASE,
        "raise_case": "on",
        "description": "Bin missed on our street",
        "case_uprn": "100030009999",
    }
    response = advisor_client.post("/staff/demo/contact/", post)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is already an open case for this at the same place" in page
    assert f'name="link_case" value="{existing.reference}"' in page
    assert "Raise a new case anyway" in page
    assert not Contact.objects.exists()
    assert Case.objects.filter(council=demo).count() == 1

    response = advisor_client.post(
        "/staff/demo/contact/", {**post, "link_case": existing.reference}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/staff/demo/cases/{existing.reference}/"
    contact = Contact.objects.get()
    assert contact.case == existing
    assert CaseEvent.objects.filter(case=existing, kind="contact_linked").count() == 1
    assert Case.objects.filter(council=demo).count() == 1

    response = advisor_client.post("/staff/demo/contact/", {**post, "allow_duplicate": "on"})
    assert response.status_code == 302
    assert Case.objects.filter(council=demo).count() == 2


def test_an_invalid_phone_of_an_unknown_resident_is_a_field_error_and_nothing_is_written(
    advisor_client: Client, demo: Council
) -> None:
    response = advisor_client.post(
        "/staff/demo/contact/",
        {**CHASE, "outcome": "signposted", "from_phone": "12345"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_from_phone-error"' in page
    assert not Contact.objects.exists()


def test_an_outcome_or_a_case_is_needed(advisor_client: Client, resident: Resident) -> None:
    response = advisor_client.post(f"/staff/demo/residents/{resident.pk}/contact/", CHASE)
    assert response.status_code == 200
    assert "Choose what happened, or raise a case" in response.content.decode()
    assert not Contact.objects.exists()


def test_an_anonymous_contact_without_a_case_comes_back_to_a_fresh_form(
    advisor_client: Client,
) -> None:
    response = advisor_client.post(
        "/staff/demo/contact/",
        {"channel": "face_to_face", "outcome": "signposted", "circumstances": ["no_internet"]},
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/demo/contact/"
    contact = Contact.objects.get()
    assert (contact.channel, contact.resident, contact.query_type) == ("face_to_face", None, None)
    assert "Contact logged" in advisor_client.get("/staff/demo/contact/").content.decode()


def test_a_query_type_not_in_the_councils_catalogue_is_refused(
    advisor_client: Client, resident: Resident
) -> None:
    response = advisor_client.post(
        f"/staff/demo/residents/{resident.pk}/contact/",
        {"channel": "phone", "query_type": "no-such-query", "outcome": "signposted"},
    )
    assert "not in this council&#39;s catalogue" in response.content.decode()
    assert not Contact.objects.exists()

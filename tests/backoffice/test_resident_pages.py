"""Find a resident, add one, and their single view."""

from __future__ import annotations

from typing import Any

from django.test import Client

from civicdesk.cases.models import Case
from civicdesk.councils.models import Council
from civicdesk.residents.models import ContactPoint, Resident
from tests.backoffice.conftest import PHONE


def test_finding_a_resident_by_phone_shows_their_open_cases(
    advisor_client: Client, open_case: Case
) -> None:
    response = advisor_client.get("/staff/demo/residents/", {"q": "01164960123"})
    assert response.status_code == 200
    page = response.content.decode()
    row = page[page.index("Ada Okafor") :]
    row = row[: row.index("</tr>")]
    assert PHONE in row  # shown in national format
    assert "LE1 6ZG" in row
    assert 'govuk-table__cell--numeric">1<' in row


def test_finding_by_name_and_postcode(advisor_client: Client, resident: Resident) -> None:
    for text in ("okafor", "ada oka", "le16zg", "ada.okafor@example.org"):
        page = advisor_client.get("/staff/demo/residents/", {"q": text}).content.decode()
        assert "Ada Okafor" in page, text
    page = advisor_client.get("/staff/demo/residents/", {"q": "Nobody Here"}).content.decode()
    assert "No residents found" in page


def test_a_case_reference_goes_straight_to_its_resident(
    advisor_client: Client, open_case: Case
) -> None:
    typed = open_case.reference.replace("-", " ").lower()
    response = advisor_client.get("/staff/demo/residents/", {"q": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/staff/demo/residents/{open_case.resident_id}/"


def test_adding_a_resident(advisor_client: Client, demo: Council) -> None:
    response = advisor_client.post(
        "/staff/demo/residents/new/",
        {
            "first_name": "Sam",
            "last_name": "Patel",
            "phone": "07400 123456",
            "email": "Sam@Example.org",
            "address_lines": "3 Orchard Road",
            "postcode": "le2 1aa",
            "uprn": "",
            "preferred_channel": "sms",
            "needs": ["assisted_digital", "large_print"],
            "language": "Gujarati",
        },
    )
    resident = Resident.objects.get(council=demo, last_name="Patel")
    assert response.status_code == 302
    assert response["Location"] == f"/staff/demo/residents/{resident.pk}/"
    assert resident.needs == ["assisted_digital", "large_print"]
    assert set(resident.contact_points.values_list("value", "postcode")) == {
        ("+447400123456", ""),
        ("sam@example.org", ""),
        ("3 Orchard Road", "LE2 1AA"),
    }
    page = advisor_client.get(response["Location"]).content.decode()
    assert "Sam Patel added" in page
    assert "07400 123456" in page
    assert "Text message" in page


def test_an_invalid_phone_is_a_field_error_and_nothing_is_written(
    advisor_client: Client, demo: Council
) -> None:
    response = advisor_client.post(
        "/staff/demo/residents/new/",
        {"first_name": "Sam", "last_name": "Patel", "phone": "12345", "postcode": "LE2 1AA"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Add a new resident" in page
    assert "There is a problem" in page
    assert 'href="#id_phone"' in page
    assert 'id="id_phone-error"' in page
    assert "is not a valid phone number" in page
    assert not Resident.objects.filter(council=demo).exists()
    assert not ContactPoint.objects.filter(council=demo).exists()


def test_an_invalid_postcode_is_a_field_error_and_nothing_is_written(
    advisor_client: Client, demo: Council
) -> None:
    response = advisor_client.post(
        "/staff/demo/residents/new/",
        {
            "first_name": "Sam",
            "last_name": "Patel",
            "phone": "07400 123456",
            "address_lines": "3 Orchard Road",
            "postcode": "XYZ 123",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_postcode-error"' in page
    assert "is not a UK postcode" in page
    assert 'value="07400 123456"' in page  # what was typed is kept
    assert not Resident.objects.filter(council=demo).exists()


def test_every_field_in_error_is_shown_at_once(advisor_client: Client, demo: Council) -> None:
    response = advisor_client.post(
        "/staff/demo/residents/new/",
        {"last_name": "Patel", "phone": "12345", "email": "not-an-email", "postcode": "XYZ"},
    )
    page = response.content.decode()
    for field in ("phone", "email", "postcode"):
        assert f'href="#id_{field}"' in page
        assert f'id="id_{field}-error"' in page
    assert not Resident.objects.filter(council=demo).exists()


def test_a_name_is_needed(advisor_client: Client, demo: Council) -> None:
    response = advisor_client.post("/staff/demo/residents/new/", {"phone": "07400 123456"})
    assert response.status_code == 200
    assert 'id="id_last_name-error"' in response.content.decode()
    assert not Resident.objects.filter(council=demo).exists()


def test_the_single_view_shows_contacts_and_cases_newest_first(
    advisor_client: Client, open_case: Case, resident: Resident, advisor: Any
) -> None:
    from civicdesk.contacts.services import contact_record

    contact_record(
        council=resident.council,
        actor=advisor,
        channel="email",
        resident=resident,
        query_type=open_case.query_type,
        outcome="resolved_first_contact",
    )
    page = advisor_client.get(f"/staff/demo/residents/{resident.pk}/").content.decode()
    timeline = page[page.index('id="timeline"') :]
    assert timeline.index("Email contact") < timeline.index("Case <a")
    assert "Failure: chasing" in timeline
    assert "No appointments or messages yet" in page
    assert "Hearing loss" in page
    assert "Log a contact" in page

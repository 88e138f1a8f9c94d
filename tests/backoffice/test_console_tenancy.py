"""A user of one council cannot read another council's residents or cases through the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from civicdesk.cases.models import Case
from civicdesk.contacts.models import Contact
from civicdesk.residents.models import Resident


@pytest.mark.parametrize(
    "path",
    [
        "/staff/demo/residents/?q=okafor",
        "/staff/demo/residents/new/",
        "/staff/demo/residents/{resident}/",
        "/staff/demo/residents/{resident}/?show=vulnerability",
        "/staff/demo/residents/{resident}/contact/",
        "/staff/demo/residents/{resident}/vulnerability/",
        "/staff/demo/contact/",
        "/staff/demo/cases/{case}/",
        "/staff/demo/worklist/",
    ],
)
def test_a_neighbour_advisor_gets_not_found(
    neighbour_client: Client, open_case: Case, resident: Resident, path: str
) -> None:
    url = path.format(resident=resident.pk, case=open_case.reference)
    response = neighbour_client.get(url)
    assert response.status_code == 404
    assert "Okafor" not in response.content.decode()


def test_a_neighbour_advisor_cannot_reach_a_demo_resident_through_their_own_council(
    neighbour_client: Client, open_case: Case, resident: Resident
) -> None:
    own = "/staff/neighbour"
    assert neighbour_client.get(f"{own}/residents/{resident.pk}/").status_code == 404
    assert neighbour_client.get(f"{own}/cases/{open_case.reference}/").status_code == 404
    search = neighbour_client.get(f"{own}/residents/", {"q": "0116 496 0123"})
    assert "Okafor" not in search.content.decode()
    by_reference = neighbour_client.get(f"{own}/residents/", {"q": open_case.reference})
    assert by_reference.status_code == 200
    assert "No residents found" in by_reference.content.decode()
    assert open_case.reference not in neighbour_client.get(f"{own}/worklist/").content.decode()


def test_a_neighbour_advisor_cannot_change_a_demo_case_or_log_against_a_demo_resident(
    neighbour_client: Client, open_case: Case, resident: Resident
) -> None:
    for council in ("demo", "neighbour"):
        base = f"/staff/{council}/cases/{open_case.reference}/"
        post = {"status-version": "1", "status-to": "closed", "status-outcome": "duplicate"}
        assert neighbour_client.post(base + "status/", post).status_code == 404
        assert neighbour_client.post(base + "note/", {"note-text": "x"}).status_code == 404
        response = neighbour_client.post(
            f"/staff/{council}/residents/{resident.pk}/contact/",
            {"channel": "phone", "outcome": "signposted"},
        )
        assert response.status_code == 404
    open_case.refresh_from_db()
    assert open_case.status == "open"
    assert not Contact.objects.exists()


def test_signing_in_is_needed(client: Client, open_case: Case) -> None:
    response = client.get(f"/staff/demo/cases/{open_case.reference}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

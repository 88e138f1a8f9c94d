"""One council's staff reach nothing of another council's through the API: 404, never 403."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from civicdesk.cases.models import Case
from civicdesk.contacts.models import Contact
from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident
from tests.api.conftest import post


@pytest.fixture
def theirs(advisor_client: Client, resident: Resident, case: Case) -> Contact:
    """A demo resident with a case and a contact, as the demo advisor records them."""
    body = {"resident": resident.pk, "channel": "phone", "query_type": "waste-missed-collection"}
    return Contact.objects.get(pk=post(advisor_client, "/api/v1/contacts/", body).json()["id"])


def test_another_councils_rows_are_not_found(
    neighbour_client: Client, resident: Resident, case: Case, theirs: Contact
) -> None:
    for url in (
        f"/api/v1/residents/{resident.pk}/",
        f"/api/v1/cases/{case.reference}/",
        f"/api/v1/contacts/{theirs.pk}/",
    ):
        response = neighbour_client.get(url)
        assert response.status_code == 404, url
        assert "Lovelace" not in response.content.decode()


def test_another_councils_rows_are_in_no_list(
    neighbour_client: Client, resident: Resident, case: Case, theirs: Contact
) -> None:
    for url, params in (
        ("/api/v1/residents/", {}),
        ("/api/v1/residents/", {"q": "Lovelace"}),
        ("/api/v1/residents/", {"q": "07700 900123"}),
        ("/api/v1/residents/", {"q": case.reference}),
        ("/api/v1/cases/", {}),
        ("/api/v1/cases/", {"reference": case.reference}),
        ("/api/v1/contacts/", {}),
        ("/api/v1/contacts/", {"resident": resident.pk}),
    ):
        response = neighbour_client.get(url, params)
        assert response.status_code == 200, (url, params)
        assert response.json()["count"] == 0, (url, params)
    for url in ("/api/v1/residents/", "/api/v1/cases/", "/api/v1/contacts/"):
        assert neighbour_client.get(url, {"council": "demo"}).status_code == 404


def test_another_councils_rows_cannot_be_changed_or_used(
    neighbour_client: Client, resident: Resident, case: Case
) -> None:
    for action, body in (
        ("transition", {"to": "closed", "outcome": "done"}),
        ("notes", {"text": "Sneaky"}),
        ("assign", {"assignee": "neighbour-advisor"}),
    ):
        response = post(neighbour_client, f"/api/v1/cases/{case.reference}/{action}/", body)
        assert response.status_code == 404, action
    case.refresh_from_db()
    assert (case.status, case.version, case.events.count()) == ("open", 1, 1)

    writes: list[tuple[str, dict[str, Any]]] = [
        ("/api/v1/residents/", {"council": "demo", "last_name": "Intruder"}),
        (
            "/api/v1/cases/",
            {"resident": resident.pk, "query_type": "waste-missed-collection", "description": "x"},
        ),
        ("/api/v1/contacts/", {"resident": resident.pk, "channel": "phone"}),
        ("/api/v1/contacts/", {"council": "demo", "channel": "phone"}),
    ]
    for url, body in writes:
        response = post(neighbour_client, url, body)
        assert response.status_code == 404, (url, body)
    assert Resident.objects.count() == 1
    assert Case.objects.count() == 1


def test_each_council_sees_its_own(
    neighbour_client: Client, neighbour: Council, resident: Resident
) -> None:
    created = post(
        neighbour_client,
        "/api/v1/residents/",
        {"council": "neighbour", "first_name": "Nia", "last_name": "Next"},
    )
    assert created.status_code == 201
    listed = neighbour_client.get("/api/v1/residents/").json()
    assert [r["last_name"] for r in listed["results"]] == ["Next"]

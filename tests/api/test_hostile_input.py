"""Whatever a client sends the staff API, the answer is a 4xx in the API's one error shape that
names the parameter or field, never a 500 or an HTML page: the fuzz cases of issue 10, kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from civicdesk.cases.models import Case
from civicdesk.contacts.models import Contact
from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident
from tests.api.conftest import post

BEYOND_64_BITS = "79688371258711603150848"
LARGEST_64_BIT = "9223372036854775807"


def _refused(response: Any, status: int, field: str) -> dict[str, Any]:
    """The error body, once it is checked to be the API's shape naming `field`."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    error = dict(response.json()["error"])
    assert error["field"] == field, error
    assert error["message"], error
    return error


@pytest.fixture
def contact(case: Case) -> Contact:
    return Contact.objects.create(
        council=case.council, resident=case.resident, channel="phone", presented_at=case.opened_at
    )


# --- query parameters ---------------------------------------------------------------------


def test_a_resident_filter_that_is_no_id_is_refused(
    advisor_client: Client, case: Case, contact: Contact
) -> None:
    for url in ("/api/v1/cases/", "/api/v1/contacts/"):
        for value in (BEYOND_64_BITS, f"-{BEYOND_64_BITS}", "0"):
            error = _refused(advisor_client.get(url, {"resident": value}), 400, "resident")
            assert error["code"] == "invalid"


@pytest.mark.parametrize("url", ["/api/v1/residents/", "/api/v1/cases/", "/api/v1/contacts/"])
def test_paging_beyond_a_whole_number_is_refused_naming_it(
    advisor_client: Client, case: Case, contact: Contact, url: str
) -> None:
    for name in ("limit", "offset"):
        for value in ("99999999999999999999", BEYOND_64_BITS, "-1", "1.5", "²"):
            error = _refused(advisor_client.get(url, {name: value}), 400, name)
            assert repr(value) in error["message"]


def test_a_moment_past_the_calendar_is_refused_by_triage(
    advisor_client: Client, demo: Council
) -> None:
    params = {
        "council": "demo",
        "query_type": "waste-missed-collection",
        "channel": "phone",
        "at": "9999-12-31T23:59:59Z",
    }
    error = _refused(advisor_client.get("/api/v1/triage/", params), 400, "at")
    assert "between 1970 and 2099" in error["message"]


# --- ids in the path ----------------------------------------------------------------------


def test_an_id_that_is_no_whole_number_is_a_json_404_naming_it(
    advisor_client: Client, contact: Contact
) -> None:
    for kind in ("residents", "contacts"):
        for value in ("abc", "1.5", "%C2%B2", BEYOND_64_BITS, "0"):
            error = _refused(advisor_client.get(f"/api/v1/{kind}/{value}/"), 404, "id")
            assert error["code"] == "not_found"
            assert "whole number" in error["message"]
    assert advisor_client.get(f"/api/v1/residents/{contact.resident_id}/").status_code == 200
    assert advisor_client.get(f"/api/v1/contacts/{contact.pk}/").status_code == 200


# --- bodies -------------------------------------------------------------------------------


def test_a_lone_surrogate_in_a_choice_is_refused_naming_it(
    advisor_client: Client, resident: Resident
) -> None:
    body = f'{{"resident": {resident.pk}, "channel": "\\ud800"}}'
    response = advisor_client.post("/api/v1/contacts/", body, content_type="application/json")
    assert response.status_code == 400
    assert "channel" in response.json()["error"]["message"]
    assert not Contact.objects.exists()


def test_a_body_nested_100000_deep_is_refused(advisor_client: Client, demo: Council) -> None:
    body = "[" * 100_000 + "]" * 100_000
    response = advisor_client.post("/api/v1/residents/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested" in response.json()["error"]["message"]


def test_a_body_value_out_of_range_is_refused_naming_it(
    advisor_client: Client, resident: Resident
) -> None:
    good = {
        "resident": resident.pk,
        "channel": "phone",
        "query_type": "waste-missed-collection",
        "description": "Bin missed",
        "latitude": 52.63,
        "longitude": -1.13,
    }
    for url, field, value in (
        ("/api/v1/contacts/", "resident", int(BEYOND_64_BITS)),
        ("/api/v1/contacts/", "resident", int(LARGEST_64_BIT) + 1),
        ("/api/v1/contacts/", "ended_at", "2200-01-01T00:00:00Z"),
        ("/api/v1/contacts/", "presented_at", "0001-01-01"),
        ("/api/v1/cases/", "resident", int(BEYOND_64_BITS)),
        ("/api/v1/cases/", "uprn", "²²"),
    ):
        _refused(post(advisor_client, url, {**good, field: value}), 400, field)
    assert not Contact.objects.exists()
    assert not Case.objects.exists()


def test_a_version_beyond_any_case_is_refused_naming_it(manager_client: Client, case: Case) -> None:
    body = {"to": "in_progress", "text": "Rang the crew", "version": 2**63}
    for action in ("transition", "notes", "assign"):
        url = f"/api/v1/cases/{case.reference}/{action}/"
        _refused(post(manager_client, url, body), 400, "version")
    case.refresh_from_db()
    assert case.version == 1


def test_a_contact_lasting_longer_than_a_month_is_refused(
    advisor_client: Client, resident: Resident
) -> None:
    body = {
        "resident": resident.pk,
        "channel": "phone",
        "presented_at": "2026-01-05T09:00:00Z",
        "ended_at": "2026-03-05T09:00:00Z",
    }
    error = _refused(post(advisor_client, "/api/v1/contacts/", body), 400, "ended_at")
    assert "at most 31 days" in error["message"]


def test_an_address_longer_than_is_kept_is_refused(advisor_client: Client, demo: Council) -> None:
    body = {"council": "demo", "last_name": "Hopper", "address": "x" * 5000, "postcode": "LE1 6ZG"}
    _refused(post(advisor_client, "/api/v1/residents/", body), 400, "address")
    assert not Resident.objects.exists()

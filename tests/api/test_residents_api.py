"""Residents through the staff API: created with normalised contact points, found by ?q=."""

from __future__ import annotations

from django.test import Client

from civicdesk.cases.models import Case
from civicdesk.councils.models import Council
from civicdesk.residents.models import ContactPoint, Resident
from tests.api.conftest import post

URL = "/api/v1/residents/"


def test_a_resident_is_created_with_the_phone_in_e164(
    advisor_client: Client, demo: Council
) -> None:
    response = post(
        advisor_client,
        URL,
        {
            "council": "demo",
            "first_name": "Grace",
            "last_name": "Hopper",
            "phones": ["07700 900123"],
            "emails": ["Grace@Example.org"],
            "addresses": [{"lines": "1 High Street", "postcode": "le1 6zg"}],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["phones"] == ["+447700900123"]
    assert body["emails"] == ["grace@example.org"]
    assert body["addresses"][0]["postcode"] == "LE1 6ZG"
    assert body["council"] == "demo"
    stored = Resident.objects.get(pk=body["id"])
    assert stored.contact_points.get(kind="phone").value == "+447700900123"
    read = advisor_client.get(f"{URL}{body['id']}/").json()
    assert read == body


def test_an_invalid_phone_is_a_field_error_and_writes_nothing(
    advisor_client: Client, demo: Council
) -> None:
    response = post(
        advisor_client,
        URL,
        {
            "council": "demo",
            "first_name": "Grace",
            "last_name": "Hopper",
            "phones": ["07700 900123", "12"],
        },
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_phone"
    assert error["field"] == "phones[1]"
    assert "'12' is not a valid phone number" in error["message"]
    assert not Resident.objects.exists()
    assert not ContactPoint.objects.exists()


def test_an_invalid_postcode_is_a_field_error(advisor_client: Client, demo: Council) -> None:
    nested = post(
        advisor_client,
        URL,
        {"council": "demo", "last_name": "Hopper", "addresses": [{"postcode": "NOT A CODE"}]},
    )
    assert nested.status_code == 400
    assert nested.json()["error"]["field"] == "addresses[0].postcode"
    shorthand = post(
        advisor_client,
        URL,
        {"council": "demo", "last_name": "Hopper", "address": "1 Hill", "postcode": "12345"},
    )
    assert shorthand.status_code == 400
    assert shorthand.json()["error"]["field"] == "postcode"
    assert not Resident.objects.exists()


def test_a_missing_name_and_an_unknown_need_are_named(
    advisor_client: Client, demo: Council
) -> None:
    unnamed = post(advisor_client, URL, {"council": "demo", "phones": ["07700 900123"]})
    assert unnamed.status_code == 400
    assert unnamed.json()["error"]["field"] == "last_name"
    need = post(advisor_client, URL, {"council": "demo", "last_name": "X", "needs": ["wings"]})
    assert need.status_code == 400
    assert need.json()["error"]["field"] == "needs[0]"


def test_residents_are_found_by_phone_name_postcode_and_case_reference(
    advisor_client: Client, resident: Resident, case: Case
) -> None:
    other = Resident.objects.create(council=resident.council, first_name="Bob", last_name="Smith")
    for q in ("07700900123", "+44 7700 900123", "lovelace", "ada@example.org"):
        found = advisor_client.get(URL, {"q": q}).json()
        assert [r["id"] for r in found["results"]] == [resident.pk], q
    by_reference = advisor_client.get(URL, {"q": case.reference.lower().replace("-", "")})
    assert [r["id"] for r in by_reference.json()["results"]] == [resident.pk]
    everyone = advisor_client.get(URL, {"council": "demo"}).json()
    assert {r["id"] for r in everyone["results"]} == {resident.pk, other.pk}


def test_the_list_is_paginated(advisor_client: Client, demo: Council) -> None:
    Resident.objects.bulk_create(
        Resident(council=demo, first_name="R", last_name=f"Number {n:02}") for n in range(7)
    )
    first = advisor_client.get(URL, {"limit": 5}).json()
    assert first["count"] == 7
    assert len(first["results"]) == 5
    assert "offset=5" in first["next"]
    second = advisor_client.get(first["next"]).json()
    assert [r["last_name"] for r in second["results"]] == ["Number 05", "Number 06"]
    assert second["next"] is None


def test_signing_in_is_required(client: Client, resident: Resident) -> None:
    response = client.get(URL)
    # The session is the first authentication class and names no scheme, so DRF answers 403.
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert "Lovelace" not in response.content.decode()

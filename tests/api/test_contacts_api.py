"""Contacts through the staff API: demand classified as recorded, chases linked to their case."""

from __future__ import annotations

from typing import Any

from django.test import Client

from civicdesk.cases.models import Case
from civicdesk.contacts.models import Contact
from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident
from tests.api.conftest import post

URL = "/api/v1/contacts/"


def _call(resident: Resident, **more: object) -> dict[str, object]:
    return {
        "resident": resident.pk,
        "channel": "phone",
        "direction": "inbound",
        "query_type": "waste-missed-collection",
        "notes": "Asked where the crew is",
        **more,
    }


def test_a_first_contact_is_value_demand(advisor_client: Client, resident: Resident) -> None:
    response = post(advisor_client, URL, _call(resident))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["demand_type"] == "value"
    assert body["failure_reason"] == ""
    assert body["linked_case"] is None
    assert body["advisor"] == "advisor"
    assert body["query_type"] == "waste-missed-collection"


def test_a_chase_is_failure_demand_linked_to_the_open_case(
    advisor_client: Client, resident: Resident, case: Case
) -> None:
    response = post(advisor_client, URL, _call(resident))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["demand_type"] == "failure"
    assert body["failure_reason"] == "chasing"
    assert body["linked_case"] == case.reference
    assert case.reference in body["demand_note"]
    case.refresh_from_db()
    assert case.chase_count == 1
    detail = advisor_client.get(f"/api/v1/cases/{case.reference}/").json()
    assert detail["chase_count"] == 1
    assert [c["id"] for c in detail["contacts"]] == [body["id"]]
    assert "chased" in [e["kind"] for e in detail["timeline"]]


def test_a_contact_raises_a_case(advisor_client: Client, resident: Resident) -> None:
    response = post(
        advisor_client,
        URL,
        _call(resident, raise_case={"description": "Black bin missed", "uprn": "100030009999"}),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(reference=body["linked_case"])
    assert case.resident == resident
    assert case.uprn == "100030009999"
    assert body["outcome"] == "case_raised"


def test_a_duplicate_case_from_a_contact_writes_nothing(
    advisor_client: Client, demo: Council, case: Case
) -> None:
    """Another resident reports the same place: refused with the existing case, and neither
    the contact nor a case is written."""
    neighbour = Resident.objects.create(council=demo, first_name="Ned", last_name="Next")
    response = post(
        advisor_client,
        URL,
        _call(neighbour, raise_case={"description": "Bin missed", "uprn": case.uprn}),
    )
    assert response.status_code == 409
    assert response.json()["error"]["existing"] == [case.reference]
    assert not Contact.objects.exists()
    assert Case.objects.count() == 1


def test_a_bad_phone_or_channel_is_named(advisor_client: Client, resident: Resident) -> None:
    phone = post(advisor_client, URL, _call(resident, from_phone="not a phone"))
    assert phone.status_code == 400
    assert phone.json()["error"]["field"] == "from_phone"
    channel = post(advisor_client, URL, _call(resident, channel="pigeon"))
    assert channel.status_code == 400
    assert channel.json()["error"]["field"] == "channel"
    nested = post(advisor_client, URL, _call(resident, raise_case={"priority": "whenever"}))
    assert nested.status_code == 400
    assert nested.json()["error"]["field"] == "raise_case.description"
    assert not Contact.objects.exists()


def test_a_contact_without_a_resident_needs_the_council(
    advisor_client: Client, demo: Council
) -> None:
    body = {"channel": "web_chat", "from_email": "someone@example.org"}
    assert post(advisor_client, URL, body).json()["error"]["field"] == "council"
    response = post(advisor_client, URL, {**body, "council": "demo"})
    assert response.status_code == 201
    assert response.json()["resident"] is None


def test_contacts_are_filtered(advisor_client: Client, resident: Resident, case: Case) -> None:
    chase = post(advisor_client, URL, _call(resident)).json()
    letter = post(
        advisor_client, URL, {"council": "demo", "channel": "letter", "notes": "About a tree"}
    ).json()

    def ids(**params: Any) -> list[int]:
        response = advisor_client.get(URL, params)
        assert response.status_code == 200, response.content
        return [c["id"] for c in response.json()["results"]]

    assert set(ids()) == {chase["id"], letter["id"]}
    assert ids(resident=resident.pk) == [chase["id"]]
    assert ids(channel="letter") == [letter["id"]]
    assert ids(demand_type="failure") == [chase["id"]]
    assert ids(case=case.reference.lower()) == [chase["id"]]
    assert advisor_client.get(f"{URL}{chase['id']}/").json()["linked_case"] == case.reference
    page = advisor_client.get(URL, {"limit": 1}).json()
    assert page["count"] == 2
    assert page["next"] is not None

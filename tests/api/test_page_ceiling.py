"""Every staff API list pages at most 200 rows: a larger `limit` is refused naming it, and the
schema says so, so no client takes a whole council's contacts in one answer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from civicdesk.cases.models import CaseEvent
from civicdesk.contacts.models import Contact
from civicdesk.councils.models import Council

LISTS = ["/api/v1/residents/", "/api/v1/contacts/", "/api/v1/cases/", "/api/v1/query-types/"]


@pytest.fixture
def many_contacts(demo: Council) -> None:
    now = timezone.now()
    Contact.objects.bulk_create(
        Contact(council=demo, channel="phone", presented_at=now) for _ in range(250)
    )


def test_a_limit_beyond_the_ceiling_is_refused(advisor_client: Client, many_contacts: None) -> None:
    for url in LISTS:
        for limit in ("201", "9223372036854775807"):
            response = advisor_client.get(url, {"council": "demo", "limit": limit})
            assert response.status_code == 400, (url, response.content)
            error = response.json()["error"]
            assert error["field"] == "limit"
            assert "from 1 to 200" in error["message"]
    # The ceiling itself is a full page, and `next` leads to the rest.
    body = advisor_client.get("/api/v1/contacts/", {"limit": "200"}).json()
    assert body["count"] == 250
    assert len(body["results"]) == 200
    assert "offset=200" in body["next"]
    assert len(advisor_client.get(body["next"]).json()["results"]) == 50
    assert len(advisor_client.get("/api/v1/contacts/").json()["results"]) == 50


def test_query_types_come_in_pages_like_every_list(advisor_client: Client, demo: Council) -> None:
    first = advisor_client.get("/api/v1/query-types/", {"council": "demo", "limit": "10"}).json()
    assert first["count"] == 49
    assert len(first["results"]) == 10
    rest = advisor_client.get(first["next"]).json()
    assert len(rest["results"]) == 10
    assert {r["id"] for r in first["results"]}.isdisjoint(r["id"] for r in rest["results"])


def test_the_schema_gives_every_list_its_ceiling(schema: dict[str, Any]) -> None:
    lists = [url for url, item in schema["paths"].items() if "get" in item and "{" not in url]
    assert set(lists) == {*LISTS, "/api/v1/triage/"}
    for url in LISTS:
        parameters = {p["name"]: p["schema"] for p in schema["paths"][url]["get"]["parameters"]}
        assert parameters["limit"]["maximum"] == 200, url
        assert parameters["limit"]["minimum"] == 1, url
        assert parameters["offset"]["minimum"] == 0, url


def test_a_much_chased_case_shows_its_newest_200_events_and_contacts(
    advisor_client: Client, case: Any
) -> None:
    start = timezone.now()
    CaseEvent.objects.bulk_create(
        CaseEvent(
            council=case.council,
            case=case,
            kind="note",
            at=start + timedelta(seconds=n),
            data={"text": f"note {n}"},
        )
        for n in range(300)
    )
    Contact.objects.bulk_create(
        Contact(
            council=case.council,
            channel="phone",
            case=case,
            presented_at=start + timedelta(seconds=n),
        )
        for n in range(250)
    )
    body = advisor_client.get(f"/api/v1/cases/{case.reference}/").json()
    assert len(body["timeline"]) == 200
    assert body["timeline_count"] == case.events.count()
    assert body["timeline"][-1]["data"]["text"] == "note 299"  # the newest, last
    assert len(body["contacts"]) == 200
    assert body["contacts_count"] == 250
    times = [contact["presented_at"] for contact in body["contacts"]]
    assert times == sorted(times)

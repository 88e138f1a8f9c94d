"""`Idempotency-Key` on Open311's POST requests (ADR 33): FixMyStreet's retry of a report it
already sent gets the same service_request_id, not a second report."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.test import Client

from civicdesk.api.idempotency import HEADER, REPLAYED_HEADER
from civicdesk.api.open311.keys import open311_key_create
from civicdesk.cases.models import CaseEvent
from civicdesk.contacts.models import Contact
from civicdesk.councils.models import Council
from tests.open311.conftest import BASE, report, xml

KEY = "fms-report-8812"


def _post(path: str, fields: dict[str, Any], key: str = KEY) -> Any:
    return Client().post(
        BASE + path,
        urlencode(fields, doseq=True),
        content_type="application/x-www-form-urlencoded",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_a_retried_report_gets_the_first_answer_and_makes_one_contact(
    demo: Council, key: str
) -> None:
    first = _post("requests.json", report(key))
    again = _post("requests.json", report(key))
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again[REPLAYED_HEADER] == "true"
    assert Contact.objects.count() == 1


def test_a_retry_in_xml_is_the_same_xml(demo: Council, key: str) -> None:
    first = _post("requests.xml", report(key))
    again = _post("requests.xml", report(key))
    assert again.content == first.content
    assert xml(again).findtext("request/service_request_id")
    assert Contact.objects.count() == 1


def test_keys_are_scoped_by_client(demo: Council, key: str) -> None:
    ours = _post("requests.json", report(key))
    _, app_key = open311_key_create(council=demo, client="Council app", actor=None)
    theirs = _post("requests.json", report(app_key, lat="52.6390"))
    assert theirs.status_code == 200  # not the other client's answer, nor a 422
    assert REPLAYED_HEADER not in theirs
    assert theirs.json() != ours.json()
    assert Contact.objects.count() == 2


def test_another_report_with_the_same_key_is_a_422(demo: Council, key: str) -> None:
    _post("requests.json", report(key))
    response = _post("requests.json", report(key, description="A different report"))
    assert response.status_code == 422
    [error] = response.json()
    assert error["code"] == 422
    assert error["description"].startswith(HEADER)
    assert Contact.objects.count() == 1


def test_a_bad_header_is_a_400_in_open311s_shape(demo: Council, key: str) -> None:
    response = _post("requests.xml", report(key), key="x" * 300)
    assert response.status_code == 400
    assert (xml(response).findtext("error/description") or "").startswith(HEADER)
    assert Contact.objects.count() == 0


def test_a_refused_report_is_not_kept(demo: Council, key: str) -> None:
    refused = _post("requests.json", report(key, service_code="NOPE"))
    assert refused.status_code == 404
    accepted = _post("requests.json", report(key))
    assert accepted.status_code == 200
    assert REPLAYED_HEADER not in accepted


def test_a_retried_update_adds_one_update(demo: Council, key: str) -> None:
    case_id = _post("requests.json", report(key), key="first-report").json()[0][
        "service_request_id"
    ]
    fields = {
        "jurisdiction_id": "demo",
        "api_key": key,
        "service_request_id": case_id,
        "update_id": "fms-77",
        "status": "OPEN",
        "updated_datetime": "2026-11-22T10:15:00Z",
        "description": "Still not collected",
        "email": "sam@example.org",
    }
    first = _post("servicerequestupdates.json", fields, key="fms-update-77")
    again = _post("servicerequestupdates.json", fields, key="fms-update-77")
    assert first.status_code == 200, first.content
    assert again.content == first.content
    assert again[REPLAYED_HEADER] == "true"
    assert CaseEvent.objects.filter(case__reference=case_id, kind="public_update").count() == 1

"""GET requests, requests/{id} and tokens/{token}: the round trip, the filters, the 90-day window
and the cap, and what a case raised by staff keeps to itself."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from civicdesk.cases.models import Case
from civicdesk.cases.services import case_open, case_transition
from civicdesk.catalogue.models import QueryType
from civicdesk.contacts.services import CaseDraft, contact_record
from civicdesk.core.clock import now
from civicdesk.councils.models import Council
from tests.open311.conftest import get, post, report, xml


def posted(key: str, **extra: Any) -> str:
    response = post("requests.json", report(key, **extra))
    assert response.status_code == 200, response.content
    return str(response.json()[0]["service_request_id"])


def staff_case(demo: Council, **extra: Any) -> Case:
    advisor = get_user_model().objects.get(username="advisor")
    query_type = QueryType.objects.get(council=demo, code="waste-missed-collection")
    contact = contact_record(
        council=demo,
        actor=advisor,
        channel="phone",
        query_type=query_type,
        raise_case=CaseDraft(description="Resident is housebound; bin missed", **extra),
    )
    assert contact.case is not None
    return contact.case


def test_round_trip_post_then_get_in_json(demo: Council, key: str) -> None:
    reference = posted(key)
    [request] = get(f"requests/{reference}.json").json()
    case = Case.objects.get(reference=reference)
    assert request["service_request_id"] == reference
    assert request["status"] == "open"
    assert request["service_code"] == "WASTE-MISSED"
    assert request["service_name"] == "Reporting missed collection"
    assert request["description"] == "Recycling bin not emptied on Tuesday"
    assert (request["lat"], request["long"]) == (52.636, -1.1398)
    assert request["requested_datetime"] == case.opened_at.isoformat(timespec="seconds")
    assert request["expected_datetime"] == case.due_at.isoformat(timespec="seconds")  # type: ignore[union-attr]
    assert request["requested_datetime"].endswith("+00:00")  # a zone, always


def test_round_trip_post_then_get_in_xml(demo: Council, key: str) -> None:
    reference = xml(post("requests.xml", report(key))).findtext("request/service_request_id")
    root = xml(get(f"requests/{reference}.xml"))
    assert root.tag == "service_requests"
    request = root.find("request")
    assert request is not None
    assert request.findtext("service_request_id") == reference
    assert request.findtext("status") == "open"
    assert {
        "service_request_id",
        "status",
        "status_notes",
        "service_name",
        "service_code",
        "description",
        "agency_responsible",
        "service_notice",
        "requested_datetime",
        "updated_datetime",
        "expected_datetime",
        "address",
        "address_id",
        "zipcode",
        "lat",
        "long",
        "media_url",
    } == {child.tag for child in request}


def test_a_reference_however_typed_is_found(demo: Council, key: str) -> None:
    reference = posted(key)
    loose = reference.replace("-", "").lower()
    assert get(f"requests/{loose}.json").json()[0]["service_request_id"] == reference


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_request_is_a_404(demo: Council, fmt: str) -> None:
    assert get(f"requests/AAAA-AAAA.{fmt}").status_code == 404


def test_a_case_raised_by_staff_is_not_shown(demo: Council, key: str) -> None:
    case = staff_case(demo)
    assert get(f"requests/{case.reference}.json").status_code == 404
    assert get("requests.json").json() == []


def test_a_staff_case_an_open311_report_joined_shows_no_words_or_place(
    demo: Council, key: str
) -> None:
    case = staff_case(demo, uprn="100030001234")
    joined = posted(key, lat="", long="", address_id="100030001234")
    assert joined == case.reference
    [request] = get(f"requests/{joined}.json").json()
    assert request["description"] is None
    assert request["address_id"] is None
    assert request["lat"] is None


def test_filters_by_id_code_and_status(demo: Council, key: str) -> None:
    missed = posted(key)
    tipped = posted(
        key,
        service_code="ENV-FLYTIP",
        lat="52.70",
        **{"attribute[what-dumped][]": "tyres", "attribute[how-much]": "van"},
    )
    street = posted(key, service_code="ENV-STREET", lat="52.80")
    case_transition(
        case=Case.objects.get(reference=street), actor=None, to="closed", outcome="done"
    )

    def ids(**params: Any) -> set[str]:
        response = get("requests.json", **params)
        assert response.status_code == 200, response.content
        return {r["service_request_id"] for r in response.json()}

    assert ids() == {missed, tipped, street}
    assert ids(service_request_id=f"{missed},{street}") == {missed, street}
    # ids override every other filter, as the spec says
    assert ids(service_request_id=missed, service_code="ENV-FLYTIP") == {missed}
    assert ids(service_code="ENV-FLYTIP,WASTE-MISSED") == {missed, tipped}
    assert ids(status="closed") == {street}
    assert ids(status="open") == {missed, tipped}
    assert ids(status="open,closed") == {missed, tipped, street}
    assert ids(service_code="", status="") == {missed, tipped, street}  # empty counts as absent
    closed = get(f"requests/{street}.json").json()[0]
    assert closed["status"] == "closed"
    assert closed["status_notes"] == "Done"
    assert closed["expected_datetime"] is None


def test_bad_filters_are_named(demo: Council) -> None:
    assert get("requests.json", status="pending").json()[0]["description"] == (
        "status: 'pending' is not open or closed"
    )
    assert get("requests.json", service_code="NO-SUCH").status_code == 404
    response = get("requests.json", start_date="yesterday")
    assert response.status_code == 400
    assert response.json()[0]["description"].startswith("start_date: 'yesterday' is not an ISO")


def test_the_default_window_is_the_last_90_days(demo: Council, key: str) -> None:
    recent, old = posted(key), posted(key, lat="52.9", email="kim@example.org")
    Case.objects.filter(reference=old).update(opened_at=now() - timedelta(days=91))
    assert [r["service_request_id"] for r in get("requests.json").json()] == [recent]
    start = (now() - timedelta(days=100)).isoformat()
    within = get("requests.json", start_date=start).json()
    assert [r["service_request_id"] for r in within] == [old]  # 90 days from start_date
    end = (now() - timedelta(days=80)).isoformat()
    assert [r["service_request_id"] for r in get("requests.json", end_date=end).json()] == [old]


def test_a_window_over_90_days_or_backwards_is_refused(demo: Council) -> None:
    start, end = now() - timedelta(days=91), now()
    response = get("requests.json", start_date=start.isoformat(), end_date=end.isoformat())
    assert response.status_code == 400
    assert "may not span more than 90 days" in response.json()[0]["description"]
    response = get("requests.json", start_date=end.isoformat(), end_date=start.isoformat())
    assert response.json()[0]["description"] == "end_date: is before start_date"


def test_a_plus_sent_unescaped_in_a_date_still_reads(demo: Council, key: str) -> None:
    reference = posted(key)
    start = (now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S 00:00")
    assert [r["service_request_id"] for r in get("requests.json", start_date=start).json()] == [
        reference
    ]


@override_settings(OPEN311_MAX_REQUESTS=2)
def test_at_most_the_cap_newest_first(demo: Council, key: str) -> None:
    first = posted(key, lat="51.1", email="a@example.org")
    second = posted(key, lat="51.2", email="b@example.org")
    third = posted(key, lat="51.3", email="c@example.org")
    Case.objects.filter(reference=first).update(opened_at=now() - timedelta(days=2))
    Case.objects.filter(reference=second).update(opened_at=now() - timedelta(days=1))
    found = [r["service_request_id"] for r in get("requests.json").json()]
    assert found == [third, second]


def test_the_cap_is_1000(settings: Any) -> None:
    assert settings.OPEN311_MAX_REQUESTS == 1000
    assert settings.OPEN311_WINDOW_DAYS == 90


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_token_is_the_request_id(demo: Council, key: str, fmt: str) -> None:
    reference = posted(key)
    response = get(f"tokens/{reference}.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        assert response.json() == [{"service_request_id": reference, "token": reference}]
    else:
        root = xml(response)
        assert root.tag == "service_requests"
        assert root.findtext("request/service_request_id") == reference
        assert root.findtext("request/token") == reference


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_token_is_a_404(demo: Council, fmt: str) -> None:
    assert get(f"tokens/no-such-token.{fmt}").status_code == 404


def test_requests_of_another_council_are_not_found(
    demo: Council, neighbour: Council, key: str
) -> None:
    reference = posted(key)
    response = get(f"requests/{reference}.json", jurisdiction_id="neighbour")
    assert response.status_code == 404


def test_case_open_outside_open311_is_unaffected(demo: Council) -> None:
    advisor = get_user_model().objects.get(username="advisor")
    query_type = QueryType.objects.get(council=demo, code="env-fly-tipping")
    case = case_open(query_type=query_type, actor=advisor, description="Sofa in the lane")
    assert case.answers == {}

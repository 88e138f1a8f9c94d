"""POST requests: a valid report opens a case through contact_record; every bad argument is a 400
naming it, a missing or wrong api_key a 403, an unknown service_code a 404."""

from __future__ import annotations

from typing import Any

import pytest

from civicdesk.api.models import Open311Client
from civicdesk.api.open311.keys import open311_key_revoke
from civicdesk.cases.models import Case
from civicdesk.contacts.models import Contact
from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident
from tests.open311.conftest import post, report, xml


def errors(response: Any) -> list[str]:
    return [e["description"] for e in response.json()]


def test_a_valid_report_opens_a_case_and_answers_its_id(demo: Council, key: str) -> None:
    response = post("requests.json", report(key, **{"attribute[bin-out-by]": "2026-11-20T06:45"}))
    assert response.status_code == 200, response.content
    [body] = response.json()
    assert set(body) == {"service_request_id", "service_notice", "account_id"}
    assert body["account_id"] is None
    case = Case.objects.get(council=demo, reference=body["service_request_id"])
    assert case.query_type.code == "waste-missed-collection"
    assert case.description == "Recycling bin not emptied on Tuesday"
    assert str(case.latitude) == "52.636000"
    assert case.answers == {"bin": "recycling", "bin-out-by": "2026-11-20T06:45:00+00:00"}
    assert case.due_at is not None
    assert case.reference in body["service_notice"]
    contact = Contact.objects.get(case=case)
    assert (contact.channel, contact.client) == ("api", "FixMyStreet")
    assert contact.from_email == "sam@example.org"
    assert contact.resident is not None
    assert contact.resident.full_name == "Sam Jones"
    assert Open311Client.objects.get().last_used_at is not None


def test_a_valid_report_in_xml(demo: Council, key: str) -> None:
    root = xml(post("requests.xml", report(key)))
    assert root.tag == "service_requests"
    request = root.find("request")
    assert request is not None
    assert [child.tag for child in request] == [
        "service_request_id",
        "service_notice",
        "account_id",
    ]
    assert Case.objects.filter(reference=request.findtext("service_request_id")).exists()


def test_a_known_email_finds_the_resident_and_no_name_stays_anonymous(
    demo: Council, key: str
) -> None:
    first = post("requests.json", report(key)).json()[0]["service_request_id"]
    second = post(
        "requests.json",
        report(
            key,
            service_code="ENV-STREET",
            first_name="",
            last_name="",
            **{"attribute[bin]": ""},
        ),
    ).json()[0]["service_request_id"]
    cases = Case.objects.filter(reference__in=[first, second])
    assert {c.resident_id for c in cases} == {Resident.objects.get(last_name="Jones").pk}
    anonymous = post(
        "requests.json",
        report(key, service_code="ENV-STREET", email="", first_name="", last_name="", lat="52.7"),
    ).json()[0]["service_request_id"]
    assert Case.objects.get(reference=anonymous).resident is None


def test_a_multivaluelist_in_fixmystreets_form(demo: Council, key: str) -> None:
    fields = [
        ("jurisdiction_id", "demo"),
        ("api_key", key),
        ("service_code", "ENV-FLYTIP"),
        ("address_string", "Back lane behind 12 High Street"),
        ("attribute[what-dumped][]", "furniture"),
        ("attribute[what-dumped][]", "tyres"),
        ("attribute[how-much]", "van"),
        ("attribute[fixmystreet_id]", "1234"),  # the client's own: ignored
    ]
    response = post("requests.json", fields)
    assert response.status_code == 200, response.content
    case = Case.objects.get(reference=response.json()[0]["service_request_id"])
    assert case.answers == {"what-dumped": ["furniture", "tyres"], "how-much": "van"}
    assert case.address == "Back lane behind 12 High Street"
    assert case.description == (  # none given: the service's name and the answers
        "Report fly tipping\nWhat was dumped? Furniture, Tyres\n"
        "Roughly how much was dumped? A small van load"
    )


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_without_service_code(demo: Council, key: str, fmt: str) -> None:
    response = post(f"requests.{fmt}", report(key, service_code=""))
    assert response.status_code == 400
    if fmt == "json":
        assert errors(response) == ["service_code is required"]
    else:
        assert xml(response).findtext("error/description") == "service_code is required"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_without_api_key(demo: Council, fmt: str) -> None:
    fields = report("")
    del fields["api_key"]
    response = post(f"requests.{fmt}", fields)
    assert response.status_code == 403
    if fmt == "xml":
        assert xml(response).findtext("error/code") == "403"
    assert not Case.objects.exists()


def test_with_a_wrong_or_revoked_key(demo: Council, key: str) -> None:
    assert post("requests.json", report(key + "x")).status_code == 403
    open311_key_revoke(client=Open311Client.objects.get(), actor=None)
    response = post("requests.json", report(key))
    assert response.status_code == 403
    assert "revoked" in errors(response)[0]
    assert not Case.objects.exists()


def test_a_key_of_one_council_cannot_post_to_another(demo: Council, neighbour_key: str) -> None:
    response = post("requests.json", report(neighbour_key))
    assert response.status_code == 403
    assert errors(response) == ["api_key is not valid for jurisdiction_id 'demo'"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_with_an_unknown_service_code(demo: Council, key: str, fmt: str) -> None:
    response = post(f"requests.{fmt}", report(key, service_code="NO-SUCH"))
    assert response.status_code == 404


def test_missing_a_required_attribute(demo: Council, key: str) -> None:
    response = post("requests.json", report(key, **{"attribute[bin]": ""}))
    assert response.status_code == 400
    assert errors(response) == ["attribute[bin] is required: Which bin was missed?"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_list_value_not_in_the_list(demo: Council, key: str, fmt: str) -> None:
    response = post(f"requests.{fmt}", report(key, **{"attribute[bin]": "purple"}))
    assert response.status_code == 400
    expected = "attribute[bin]: 'purple' is not one of general, recycling, garden, food"
    if fmt == "json":
        assert errors(response) == [expected]
    else:
        assert xml(response).findtext("error/description") == expected


def test_every_attribute_problem_is_listed(demo: Council, key: str) -> None:
    fields = [
        ("jurisdiction_id", "demo"),
        ("api_key", key),
        ("service_code", "ENV-FLYTIP"),
        ("lat", "52.6"),
        ("long", "-1.1"),
        ("attribute[what-dumped][]", "sofa"),
        ("attribute[when-seen]", "last Tuesday"),
    ]
    response = post("requests.json", fields)
    assert response.status_code == 400
    found = errors(response)
    assert found[0] == (
        "attribute[what-dumped]: 'sofa' is not one of household, furniture, white-goods, "
        "building, garden, tyres, asbestos, other"
    )
    assert found[1] == "attribute[how-much] is required: Roughly how much was dumped?"
    assert found[2].startswith("attribute[when-seen]: 'last Tuesday' is not an ISO 8601")


def test_a_number_attribute_must_be_a_number(demo: Council, key: str) -> None:
    fields = report(key, service_code="WASTE-BULKY", **{"attribute[item-count]": "three"})
    response = post("requests.json", fields)
    assert errors(response) == ["attribute[item-count]: 'three' is not a number"]
    fields["attribute[item-count]"] = "3"
    case = Case.objects.get(reference=post("requests.json", fields).json()[0]["service_request_id"])
    assert case.answers == {"item-count": 3}


def test_a_description_over_4000_characters(demo: Council, key: str) -> None:
    response = post("requests.json", report(key, description="x" * 4001))
    assert response.status_code == 400
    assert errors(response) == ["description: at most 4,000 characters, not 4,001"]
    assert post("requests.json", report(key, description="x" * 4000)).status_code == 200


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ({"lat": "", "long": ""}, "Give the location: lat and long, address_string or address_id"),
        ({"long": ""}, "long is required: give both lat and long"),
        ({"lat": "north"}, "lat: 'north' is not a number"),
        ({"lat": "95"}, "lat: 95 is not between -90 and 90"),
        ({"lat": "", "long": "", "address_id": "12AB"}, "address_id: '12AB' is not a UPRN"),
    ],
)
def test_no_or_a_bad_location(
    demo: Council, key: str, location: dict[str, str], message: str
) -> None:
    response = post("requests.json", report(key, **location))
    assert response.status_code == 400
    assert errors(response)[0].startswith(message)


def test_a_uprn_alone_is_a_location(demo: Council, key: str) -> None:
    response = post("requests.json", report(key, lat="", long="", address_id="100030001234"))
    assert response.status_code == 200
    case = Case.objects.get(reference=response.json()[0]["service_request_id"])
    assert case.uprn == "100030001234"


@pytest.mark.parametrize(
    "email", ["not-an-email", f"{'a' * 60}@{'b' * 60}.{'c' * 60}.{'d' * 60}.example.org"]
)
def test_a_bad_email_is_named(demo: Council, key: str, email: str) -> None:
    response = post("requests.json", report(key, email=email))
    assert response.status_code == 400
    assert errors(response)[0].startswith("email: ")


def test_the_same_thing_at_the_same_place_joins_the_open_case(demo: Council, key: str) -> None:
    first = post("requests.json", report(key)).json()[0]
    second = post("requests.json", report(key, email="kim@example.org", first_name="Kim")).json()[0]
    assert second["service_request_id"] == first["service_request_id"]
    assert "already reported" in second["service_notice"]
    assert Case.objects.count() == 1
    contacts = Contact.objects.filter(case__reference=first["service_request_id"])
    assert contacts.count() == 2
    joined = contacts.get(from_email="kim@example.org")
    assert (joined.demand_type, joined.failure_reason) == ("failure", "repeat")


def test_json_bodies_are_accepted_too(demo: Council, key: str) -> None:
    from django.test import Client

    body = {
        "jurisdiction_id": "demo",
        "api_key": key,
        "service_code": "ENV-FLYTIP",
        "lat": 52.61,
        "long": -1.12,
        "attribute": {"what-dumped": ["household"], "how-much": "single"},
    }
    response = Client().post("/open311/v2/requests.json", body, content_type="application/json")
    assert response.status_code == 200, response.content
    case = Case.objects.get(reference=response.json()[0]["service_request_id"])
    assert case.answers == {"what-dumped": ["household"], "how-much": "single"}


def test_a_reporter_chasing_their_own_open_case_joins_it(demo: Council, key: str) -> None:
    first = post("requests.json", report(key)).json()[0]
    again = post("requests.json", report(key, lat="52.70", description="Still not emptied")).json()
    assert again[0]["service_request_id"] == first["service_request_id"]
    assert "already reported" in again[0]["service_notice"]
    case = Case.objects.get(reference=first["service_request_id"])
    assert case.chase_count == 1
    chase = Contact.objects.filter(case=case).latest("pk")
    assert (chase.demand_type, chase.failure_reason) == ("failure", "chasing")

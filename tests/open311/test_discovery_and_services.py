"""GeoReport v2 discovery, service list and service definitions, in JSON and XML, and the
jurisdiction_id rules."""

from __future__ import annotations

import pytest
from django.test import Client

from civicdesk.councils.models import Council
from tests.open311.conftest import BASE, get, xml


def test_discovery_names_the_endpoint_and_both_formats(demo: Council) -> None:
    body = Client().get(BASE + "discovery.json").json()
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert {"changeset", "contact", "key_service"} <= set(body)

    root = xml(Client().get(BASE + "discovery.xml"))
    assert root.tag == "discovery"
    formats = [f.text for f in root.findall("endpoints/endpoint/formats/format")]
    assert formats == ["text/xml", "application/json"]


def test_the_service_list_shows_the_open311_query_types(demo: Council) -> None:
    response = get("services.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    services = {s["service_code"]: s for s in response.json()}
    assert "WASTE-MISSED" in services
    assert "ENV-FLYTIP" in services
    missed = services["WASTE-MISSED"]
    assert missed["service_name"] == "Reporting missed collection"
    assert missed["metadata"] is True
    assert missed["type"] == "realtime"
    assert missed["group"] == "Waste"
    assert ", " in missed["keywords"]
    assert services["CT-MOVE"]["metadata"] is False  # no questions
    assert "" not in services  # query types without an Open311 code are not services


def test_the_service_list_in_xml(demo: Council) -> None:
    root = xml(get("services.xml"))
    assert root.tag == "services"
    assert {child.tag for child in root} == {"service"}
    codes = [s.findtext("service_code") for s in root]
    assert "WASTE-MISSED" in codes
    first = root[0]
    assert [child.tag for child in first] == [
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    ]
    assert first.findtext("metadata") in {"true", "false"}


def test_a_service_definition_lists_its_attributes_in_order(demo: Council) -> None:
    body = get("services/ENV-FLYTIP.json").json()
    assert body["service_code"] == "ENV-FLYTIP"
    attributes = body["attributes"]
    assert [a["code"] for a in attributes] == ["what-dumped", "how-much", "when-seen"]
    assert [a["order"] for a in attributes] == [1, 2, 3]
    dumped = attributes[0]
    assert dumped["datatype"] == "multivaluelist"
    assert dumped["required"] is True
    assert dumped["variable"] is True
    assert dumped["description"] == "What was dumped?"
    assert {"key": "tyres", "name": "Tyres"} in dumped["values"]
    assert attributes[2]["datatype"] == "datetime"
    assert attributes[2]["required"] is False
    assert "values" not in attributes[2]


def test_a_service_definition_in_xml(demo: Council) -> None:
    root = xml(get("services/WASTE-MISSED.xml"))
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "WASTE-MISSED"
    attribute = root.find("attributes/attribute")
    assert attribute is not None
    assert attribute.findtext("code") == "bin"
    assert attribute.findtext("datatype") == "singlevaluelist"
    assert attribute.findtext("required") == "true"
    values = attribute.findall("values/value")
    assert [(v.findtext("key"), v.findtext("name")) for v in values][:2] == [
        ("general", "General waste"),
        ("recycling", "Recycling"),
    ]


def test_number_and_text_questions_are_attributes_too(demo: Council) -> None:
    bulky = get("services/WASTE-BULKY.json").json()["attributes"]
    assert [(a["code"], a["datatype"]) for a in bulky] == [("item-count", "number")]
    dog = get("services/ENV-DOG.json").json()["attributes"]
    assert [(a["code"], a["datatype"]) for a in dog] == [("dog-description", "text")]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_service_code_is_a_404(demo: Council, fmt: str) -> None:
    response = get(f"services/NO-SUCH.{fmt}")
    assert response.status_code == 404
    if fmt == "json":
        assert response.json() == [
            {
                "code": 404,
                "description": "service_code 'NO-SUCH' is not a service of Demo City Council",
            }
        ]
    else:
        error = xml(response).find("error")
        assert error is not None
        assert error.findtext("code") == "404"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_jurisdiction_id_is_required_when_two_councils_are_served(
    neighbour: Council, fmt: str
) -> None:
    response = Client().get(f"{BASE}services.{fmt}")
    assert response.status_code == 400
    if fmt == "json":
        [error] = response.json()
        assert error["code"] == 400
        assert "jurisdiction_id is required" in error["description"]
    else:
        root = xml(response)
        assert root.tag == "errors"
        assert root.findtext("error/code") == "400"
        assert "jurisdiction_id" in (root.findtext("error/description") or "")


def test_an_empty_jurisdiction_id_counts_as_absent(neighbour: Council) -> None:
    response = Client().get(BASE + "services.json", {"jurisdiction_id": ""})
    assert response.status_code == 400


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_jurisdiction_is_a_404(demo: Council, fmt: str) -> None:
    response = get(f"services.{fmt}", jurisdiction_id="atlantis")
    assert response.status_code == 404


def test_each_council_lists_its_own_services(neighbour: Council) -> None:
    codes = {s["service_code"] for s in get("services.json", jurisdiction_id="neighbour").json()}
    assert "WASTE-GARDEN" in codes
    assert "ENV-FLYTIP" not in codes


def test_with_one_council_served_jurisdiction_id_may_be_left_out(neighbour: Council) -> None:
    Council.objects.filter(slug="neighbour").update(active=False)
    response = Client().get(BASE + "services.json")
    assert response.status_code == 200
    assert "ENV-FLYTIP" in {s["service_code"] for s in response.json()}


def test_an_unknown_method_answers_in_open311_shape(demo: Council) -> None:
    response = Client().get(BASE + "reports.json")
    assert response.status_code == 404
    assert response.json()[0]["code"] == 404
    assert xml(Client().get(BASE + "reports.xml")).tag == "errors"


def test_a_wrong_method_is_a_405_in_open311_shape(demo: Council) -> None:
    response = Client().post(BASE + "services.json", {"jurisdiction_id": "demo"})
    assert response.status_code == 405
    assert response.json()[0]["code"] == 405


def test_open311_has_its_own_openapi_document_not_the_staff_one(
    demo: Council, advisor_client: Client
) -> None:
    document = Client().get(BASE + "openapi.json").json()
    assert "/open311/v2/requests.{format}" in document["paths"]
    staff = advisor_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert not [path for path in staff.json()["paths"] if path.startswith("/open311/")]

"""The OpenAPI schema shows the request and response bodies of the residents, contacts and
cases endpoints, so clients can be generated from it."""

from __future__ import annotations

from typing import Any

from django.test import Client


def _body(operation: dict[str, Any]) -> str:
    return str(operation["requestBody"]["content"]["application/json"]["schema"]["$ref"])


def test_each_write_has_its_body(schema: dict[str, Any]) -> None:
    paths = schema["paths"]
    assert _body(paths["/api/v1/residents/"]["post"]).endswith("/ResidentIn")
    assert _body(paths["/api/v1/contacts/"]["post"]).endswith("/ContactIn")
    assert _body(paths["/api/v1/cases/"]["post"]).endswith("/CaseIn")
    transition = paths["/api/v1/cases/{reference}/transition/"]["post"]
    assert _body(transition).endswith("/TransitionIn")
    assert set(transition["responses"]) >= {"200", "400", "404", "409"}


def test_lists_are_paginated_and_filters_documented(schema: dict[str, Any]) -> None:
    cases = schema["paths"]["/api/v1/cases/"]["get"]
    names = {p["name"] for p in cases["parameters"]}
    assert names >= {"status", "query_type", "resident", "breached", "team", "reference"}
    assert names >= {"limit", "offset"}
    page = schema["components"]["schemas"]["PaginatedCaseOutList"]
    assert set(page["properties"]) >= {"count", "next", "previous", "results"}


def test_the_case_shows_its_version_and_the_contact_its_demand(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    assert "version" in components["CaseOut"]["properties"]
    assert "timeline" in components["CaseDetailOut"]["properties"]
    assert {"demand_type", "failure_reason", "linked_case"} <= set(
        components["ContactOut"]["properties"]
    )


def test_the_schema_needs_sign_in_like_the_api(demo: Any) -> None:
    response = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] in ("not_authenticated", "permission_denied")
    assert "paths" not in response.json()


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if not ref:
        return node
    found: Any = schema
    for key in ref.removeprefix("#/").split("/"):
        found = found[key]
    return dict(found)


def _allowed(schema: dict[str, Any], component: str, field: str) -> list[Any]:
    """Every value the enums of a field allow, through its oneOf and allOf."""
    node = schema["components"]["schemas"][component]["properties"][field]
    values: list[Any] = []
    for part in [node, *node.get("oneOf", []), *node.get("allOf", [])]:
        values += _resolve(schema, part).get("enum", [])
    return values


def test_an_empty_value_the_server_returns_is_one_the_schema_allows(
    schema: dict[str, Any],
) -> None:
    for component, field in (
        ("CaseOut", "outcome"),
        ("CaseDetailOut", "outcome"),
        ("ContactOut", "outcome"),
        ("ContactOut", "failure_reason"),
        ("LinkedContactOut", "failure_reason"),
        ("ResidentOut", "preferred_channel"),
    ):
        allowed = _allowed(schema, component, field)
        assert "" in allowed, (component, field)
        assert len(allowed) > 1, (component, field)


def test_an_empty_from_email_does_not_fail_its_own_format(schema: dict[str, Any]) -> None:
    from_email = schema["components"]["schemas"]["ContactOut"]["properties"]["from_email"]
    assert from_email["type"] == "string"
    assert "format" not in from_email


def test_the_checks_the_server_makes_are_in_the_schema(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    case_in = components["CaseIn"]["properties"]
    assert (case_in["latitude"]["minimum"], case_in["latitude"]["maximum"]) == (-90, 90)
    assert (case_in["longitude"]["minimum"], case_in["longitude"]["maximum"]) == (-180, 180)
    assert case_in["resident"]["maximum"] == 2**63 - 1
    assert case_in["uprn"]["oneOf"][0]["pattern"] == "^[0-9]{1,12}$"
    assert components["ResidentIn"]["properties"]["address"]["maxLength"] == 300
    assert components["NoteIn"]["properties"]["version"]["maximum"] == 2**31 - 1
    resident_path = schema["paths"]["/api/v1/residents/{id}/"]["get"]["parameters"][0]
    assert resident_path["schema"] == {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}


def test_triage_and_query_types_describe_what_they_answer(schema: dict[str, Any]) -> None:
    triage = schema["paths"]["/api/v1/triage/"]["get"]["responses"]
    assert set(triage) == {"200", "400", "404"}
    assert _resolve(schema, triage["200"]["content"]["application/json"]["schema"])["properties"]
    answer = schema["components"]["schemas"]["TriageOut"]["properties"]
    assert {"action", "insist", "say", "line", "next_opening"} <= set(answer)
    found = schema["paths"]["/api/v1/query-types/"]["get"]["responses"]["200"]
    page = _resolve(schema, found["content"]["application/json"]["schema"])
    assert set(page["properties"]) >= {"count", "next", "previous", "results"}


def test_the_schema_says_how_to_send_a_token(schema: dict[str, Any]) -> None:
    """Clients generated from the schema send `Authorization: Token <key>`."""
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    contacts = schema["paths"]["/api/v1/contacts/"]["post"]
    assert {"tokenAuth": []} in contacts["security"]

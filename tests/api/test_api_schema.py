"""The OpenAPI schema shows the request and response bodies of the residents, contacts and
cases endpoints, so clients can be generated from it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def schema(advisor_client: Client) -> dict[str, Any]:
    response = advisor_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return dict(response.json())


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

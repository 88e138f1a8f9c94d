from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from civicdesk.cases.models import Case
from civicdesk.cases.services import case_open
from civicdesk.catalogue.models import QueryType
from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident
from civicdesk.residents.services import resident_create


@pytest.fixture
def resident(demo: Council, advisor: Any) -> Resident:
    return resident_create(
        council=demo,
        actor=advisor,
        first_name="Ada",
        last_name="Lovelace",
        phones=["07700 900123"],
        emails=["ada@example.org"],
    )


@pytest.fixture
def case(missed_bin: QueryType, resident: Resident, advisor: Any) -> Case:
    return case_open(
        query_type=missed_bin,
        actor=advisor,
        description="Green bin missed on Tuesday",
        resident=resident,
        uprn="100030001234",
    )


@pytest.fixture
def schema(advisor_client: Client) -> dict[str, Any]:
    """The staff API's OpenAPI schema, as a signed-in client reads it."""
    response = advisor_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return dict(response.json())


def post(client: Client, url: str, body: dict[str, Any], **extra: Any) -> Any:
    return client.post(url, body, content_type="application/json", **extra)

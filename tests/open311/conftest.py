from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.core.cache import cache
from django.test import Client

from civicdesk.api.open311.keys import open311_key_create
from civicdesk.councils.models import Council

BASE = "/open311/v2/"
DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'


@pytest.fixture(autouse=True)
def _fresh_throttle_counts(db: None) -> None:
    cache.clear()  # the default cache is the database's: it needs the test database


@pytest.fixture
def key(demo: Council) -> str:
    """A FixMyStreet key for Demo City."""
    return open311_key_create(council=demo, client="FixMyStreet", actor="test")[1]


@pytest.fixture
def neighbour_key(neighbour: Council) -> str:
    return open311_key_create(council=neighbour, client="Other app", actor="test")[1]


def get(path: str, **params: Any) -> Any:
    return Client().get(BASE + path, {"jurisdiction_id": "demo", **params})


def post(path: str, fields: dict[str, Any] | list[tuple[str, str]]) -> Any:
    """Form-encoded, as FixMyStreet posts; a list of pairs repeats a field."""
    from urllib.parse import urlencode

    pairs = list(fields.items()) if isinstance(fields, dict) else fields
    return Client().post(
        BASE + path,
        urlencode(pairs, doseq=True),
        content_type="application/x-www-form-urlencoded",
    )


def xml(response: Any) -> ET.Element:
    """The XML body, after checking its declaration line and content type."""
    text = response.content.decode("utf-8")
    assert text.startswith(DECLARATION + "\n"), text[:80]
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(text[len(DECLARATION) :].strip())  # noqa: S314 -- our own output


def report(key: str, **extra: Any) -> dict[str, Any]:
    """A valid missed-bin report."""
    return {
        "jurisdiction_id": "demo",
        "api_key": key,
        "service_code": "WASTE-MISSED",
        "lat": "52.6360",
        "long": "-1.1398",
        "description": "Recycling bin not emptied on Tuesday",
        "attribute[bin]": "recycling",
        "email": "sam@example.org",
        "first_name": "Sam",
        "last_name": "Jones",
        **extra,
    }

"""`civicdesk create_api_token --user USERNAME` prints a key for the Authorization header."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident


def _token(*args: str) -> str:
    out = StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_a_token_acts_as_its_user(demo: Council, resident: Resident) -> None:
    key = _token("--user", "advisor")
    assert len(key) == 40
    client = Client()
    response = client.get("/api/v1/residents/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [resident.pk]
    created = client.post(
        "/api/v1/residents/",
        {"council": "demo", "last_name": "By Token", "phones": ["07700 900456"]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert created.status_code == 201
    assert created.json()["phones"] == ["+447700900456"]


def test_the_same_token_is_printed_again_until_rotated(demo: Council) -> None:
    first = _token("--user", "advisor")
    assert _token("--user", "advisor") == first
    rotated = _token("--user", "advisor", "--rotate")
    assert rotated != first
    old = Client().get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {first}")
    assert old.status_code == 403


def test_a_token_reaches_only_its_users_councils(demo: Council, resident: Resident) -> None:
    key = _token("--user", "neighbour-advisor")
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(f"/api/v1/residents/{resident.pk}/").status_code == 404
    assert client.get("/api/v1/residents/").json()["count"] == 0


def test_a_bad_token_is_refused(demo: Council) -> None:
    response = Client().get("/api/v1/residents/", HTTP_AUTHORIZATION="Token not-a-token")
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Invalid token."


def test_an_unknown_user_is_a_command_error(demo: Council) -> None:
    with pytest.raises(CommandError, match="No user 'nobody'"):
        _token("--user", "nobody")

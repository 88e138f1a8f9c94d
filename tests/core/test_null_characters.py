"""A NUL character anywhere in an address or a form-encoded body is a 400 in the shape of the
interface asked, before any view (or PostgreSQL, which cannot take one) sees it."""

from __future__ import annotations

import json

from django.test import Client

from civicdesk.councils.models import Council

FORM_ENCODED = "application/x-www-form-urlencoded"


def test_the_staff_api_answers_its_own_json_error(demo: Council) -> None:
    response = Client().get("/api/v1/cases/?resident=1%00")
    assert response.status_code == 400
    error = json.loads(response.content)["error"]
    assert error["code"] == "invalid"
    assert "null character" in error["message"]


def test_open311_answers_its_own_error_list(demo: Council) -> None:
    response = Client().post(
        "/open311/v2/requests.json",
        "jurisdiction_id=demo&service_code=missed-bin&description=Bin%00",
        content_type=FORM_ENCODED,
    )
    assert response.status_code == 400
    [error] = json.loads(response.content)
    assert error["code"] == 400
    assert "null character" in error["description"]


def test_a_null_character_in_the_path_is_a_bad_request_page(demo: Council) -> None:
    response = Client().get("/councils/demo/track/ACEF%00HJ34/")
    assert response.status_code == 400
    assert "null character" in response.content.decode()


def test_a_null_character_in_a_cookie_is_refused_before_the_session_is_looked_up(
    demo: Council,
) -> None:
    response = Client().get("/staff/demo/triage/", HTTP_COOKIE="sessionid=abcd\x00efghijkl")
    assert response.status_code == 400
    assert "null character" in response.content.decode()

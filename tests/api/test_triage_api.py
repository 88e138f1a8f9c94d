from __future__ import annotations

from django.test import Client

from civicdesk.councils.models import Council


def test_a_bad_channel_is_a_400_naming_the_allowed_values(advisor_client: Client) -> None:
    response = advisor_client.get(
        "/api/v1/triage/",
        {"council": "demo", "query_type": "hb-payment-enquiry", "channel": "pigeon"},
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "channel"
    assert "phone, face_to_face, email, web_chat, video_call" in error["message"]


def test_an_unknown_query_type_is_a_404_with_close_matches(advisor_client: Client) -> None:
    response = advisor_client.get(
        "/api/v1/triage/",
        {"council": "demo", "query_type": "hb-payment-enquirey", "channel": "phone"},
    )
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["field"] == "query_type"
    assert error["close_matches"][0]["id"] == "hb-payment-enquiry"


def test_a_missing_argument_is_named(advisor_client: Client) -> None:
    response = advisor_client.get("/api/v1/triage/", {"council": "demo", "channel": "phone"})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "query_type"


def test_query_types_are_found_by_words_with_their_ids(advisor_client: Client) -> None:
    response = advisor_client.get("/api/v1/query-types/", {"council": "demo", "q": "missed bin"})
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert first["id"] == "waste-missed-collection"
    assert first["service"] == "Waste"


def test_the_triage_answer_carries_the_line_status(advisor_client: Client, demo: Council) -> None:
    response = advisor_client.get(
        "/api/v1/triage/",
        {
            "council": "demo",
            "query_type": "waste-missed-collection",
            "channel": "phone",
            "at": "2026-11-23T12:00:00Z",
        },
    )
    body = response.json()
    assert body["line"]["name"] == "Waste Management line"
    assert body["line_open_now"] is True
    assert body["next_opening"] == "2026-11-24T09:30:00+00:00"


def test_the_openapi_schema_describes_the_triage_endpoint(advisor_client: Client) -> None:
    response = advisor_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/triage/" in response.content.decode()

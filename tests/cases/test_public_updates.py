"""A public update is written on purpose, in its own field; notes and reasons stay with staff."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from civicdesk.cases.models import Case, CaseEvent
from civicdesk.cases.public import PUBLIC_UPDATE_MAX_LENGTH, public_history
from civicdesk.cases.services import (
    case_note_add,
    case_open,
    case_public_update_add,
    case_transition,
)
from civicdesk.catalogue.models import QueryType
from civicdesk.core.errors import DomainError


@pytest.fixture
def case(missed_bin: QueryType, advisor: Any) -> Case:
    return case_open(query_type=missed_bin, actor=advisor, description="Green bin missed")


def _post(client: Client, case: Case, what: str, body: dict[str, Any]) -> Any:
    return client.post(
        f"/api/v1/cases/{case.reference}/{what}/", body, content_type="application/json"
    )


def test_only_words_written_for_the_resident_are_in_their_history(case: Case, advisor: Any) -> None:
    case_transition(case=case, actor=advisor, to="in_progress", reason="Driver off sick")
    case_note_add(case=case, actor=advisor, text="Resident sounded cross")
    case_public_update_add(case=case, actor=advisor, text="  Booked for Friday.\n\n")
    case_transition(
        case=case, actor=advisor, to="resolved", outcome="done", public_update="All emptied."
    )
    history = public_history(case)
    assert [(u.title, u.text, u.message) for u in history] == [
        ("Status: Done", "We have dealt with it.", "All emptied."),
        ("Update", "", "Booked for Friday."),
        ("Status: In progress", "We are working on it.", ""),
        ("Received", "We received it.", ""),
    ]
    note = CaseEvent.objects.get(case=case, kind="note")
    assert (note.public, note.public_text) == (False, "")


def test_an_update_must_say_something_and_not_too_much(
    advisor_client: Client, case: Case, advisor: Any
) -> None:
    with pytest.raises(DomainError) as empty:
        case_public_update_add(case=case, actor=advisor, text="   ")
    assert (empty.value.code, empty.value.field) == ("public_update_required", "text")
    too_long = "x" * (PUBLIC_UPDATE_MAX_LENGTH + 1)
    refused = _post(
        advisor_client, case, "transition", {"to": "in_progress", "public_update": too_long}
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["field"] == "public_update"
    page = advisor_client.post(
        f"/staff/demo/cases/{case.reference}/update/",
        {"update-version": "1", "update-text": too_long},
    )
    assert f"Keep the update for the resident to {PUBLIC_UPDATE_MAX_LENGTH} characters" in page.text
    case.refresh_from_db()
    assert (case.status, case.version) == ("open", 1)
    assert not CaseEvent.objects.filter(case=case, kind="public_update").exists()


def test_the_api_takes_an_update_with_a_transition_or_on_its_own(
    advisor_client: Client, case: Case
) -> None:
    moved = _post(
        advisor_client,
        case,
        "transition",
        {"to": "in_progress", "reason": "Driver off sick", "public_update": "On our way"},
    )
    assert moved.status_code == 200, moved.content
    changed = moved.json()["timeline"][-1]
    assert (changed["public_text"], changed["data"]["reason"]) == ("On our way", "Driver off sick")

    update = _post(advisor_client, case, "updates", {"text": "Booked for Friday"})
    assert update.status_code == 201, update.content
    assert update.json()["kind"] == "public_update"
    assert update.json()["public_text"] == "Booked for Friday"

    empty = _post(advisor_client, case, "updates", {"text": ""})
    assert empty.status_code == 400
    assert empty.json()["error"]["field"] == "text"


def test_a_note_cannot_be_made_public(advisor_client: Client, case: Case) -> None:
    refused = _post(
        advisor_client, case, "notes", {"text": "Resident sounded cross", "public": True}
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["field"] == "public"
    assert "/updates/" in refused.json()["error"]["message"]
    assert not CaseEvent.objects.filter(case=case, kind="note").exists()
    kept = _post(advisor_client, case, "notes", {"text": "Resident sounded cross"})
    assert kept.status_code == 201
    assert (kept.json()["public"], kept.json()["public_text"]) == (False, "")


def test_the_schema_says_what_the_resident_reads(advisor_client: Client) -> None:
    schema = advisor_client.get("/api/v1/schema/", {"format": "json"}).json()
    transition = schema["components"]["schemas"]["TransitionIn"]["properties"]
    assert "never shown to the resident" in transition["reason"]["description"]
    assert "What the resident will read" in transition["public_update"]["description"]
    assert "/api/v1/cases/{reference}/updates/" in schema["paths"]

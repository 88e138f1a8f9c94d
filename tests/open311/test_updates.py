"""mySociety's extension: GET servicerequestupdates lists public updates with the extended
statuses; POST servicerequestupdates adds an update for the resident and, where asked, a status
change. Only words written for the resident are listed, never a reason or a note."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from civicdesk.api.open311.statuses import Extended, extended, parse_extended
from civicdesk.cases.models import Case, CaseEvent
from civicdesk.cases.services import case_note_add, case_public_update_add, case_transition
from civicdesk.core.clock import now
from civicdesk.councils.models import Council
from tests.open311.conftest import get, post, report, xml


@pytest.fixture
def case(demo: Council, key: str) -> Case:
    response = post("requests.json", report(key))
    return Case.objects.get(reference=response.json()[0]["service_request_id"])


def update(key: str, case: Case, **extra: Any) -> dict[str, Any]:
    return {
        "jurisdiction_id": "demo",
        "api_key": key,
        "service_request_id": case.reference,
        "update_id": "fms-77",
        "status": "OPEN",
        "updated_datetime": "2026-11-22T10:15:00Z",
        "description": "Still not collected",
        "email": "sam@example.org",
        "first_name": "Sam",
        "last_name": "Jones",
        **extra,
    }


@pytest.mark.parametrize(
    ("status", "outcome", "expected"),
    [
        ("open", "", "OPEN"),
        ("in_progress", "", "IN_PROGRESS"),
        ("awaiting_resident", "", "INVESTIGATING"),
        ("awaiting_third_party", "", "ACTION_SCHEDULED"),
        ("resolved", "done", "FIXED"),
        ("closed", "done", "FIXED"),
        ("closed", "no_further_action", "NO_FURTHER_ACTION"),
        ("closed", "not_council_responsibility", "NOT_COUNCILS_RESPONSIBILITY"),
        ("closed", "duplicate", "DUPLICATE"),
        ("resolved", "referred", "INTERNAL_REFERRAL"),
        ("closed", "", "CLOSED"),
    ],
)
def test_our_statuses_in_open311s_words(status: str, outcome: str, expected: str) -> None:
    assert extended(status, outcome).value == expected


def test_a_reopened_case_says_reopen_and_incoming_words_are_read_loosely() -> None:
    assert extended("open", reopened=True) is Extended.REOPEN
    assert parse_extended("not councils responsibility") is Extended.NOT_COUNCILS_RESPONSIBILITY
    assert parse_extended("in_progress") is Extended.IN_PROGRESS
    assert parse_extended("PENDING") is None


def test_public_updates_are_listed_with_extended_statuses(case: Case) -> None:
    manager = get_user_model().objects.get(username="manager")
    case_transition(case=case, actor=manager, to="in_progress", public_update="Crew on the way")
    case_public_update_add(case=case, actor=manager, text="Lorry broke down")
    case_note_add(case=case, actor=manager, text="Staff only: driver off sick")
    case_transition(
        case=case,
        actor=manager,
        to="closed",
        outcome="not_council_responsibility",
        reason="Staff only: private road, owner known to us",
    )
    body = get("servicerequestupdates.json").json()
    assert [(u["status"], u["description"]) for u in body] == [
        ("IN_PROGRESS", "Crew on the way"),
        ("IN_PROGRESS", "Lorry broke down"),
        ("NOT_COUNCILS_RESPONSIBILITY", ""),
    ]
    first = body[0]
    assert set(first) == {
        "update_id",
        "service_request_id",
        "status",
        "updated_datetime",
        "description",
        "media_url",
    }
    assert first["service_request_id"] == case.reference
    assert first["updated_datetime"].endswith("+00:00")
    assert len({u["update_id"] for u in body}) == 3


def test_public_updates_in_xml(case: Case) -> None:
    case_transition(case=case, actor=None, to="resolved", outcome="done", public_update="Collected")
    root = xml(get("servicerequestupdates.xml"))
    assert root.tag == "service_requests_updates"
    [item] = root.findall("request_update")
    assert item.findtext("status") == "FIXED"
    assert item.findtext("description") == "Collected"
    assert item.findtext("service_request_id") == case.reference


def test_updates_within_the_dates_asked(case: Case) -> None:
    case_public_update_add(case=case, actor=None, text="Booked for Friday")
    CaseEvent.objects.filter(case=case, kind="public_update").update(at=now() - timedelta(days=10))
    case_public_update_add(case=case, actor=None, text="Done today")
    start = (now() - timedelta(hours=2)).isoformat()
    found = get("servicerequestupdates.json", start_date=start).json()
    assert [u["description"] for u in found] == ["Done today"]
    wide = get("servicerequestupdates.json").json()
    assert [u["description"] for u in wide] == ["Booked for Friday", "Done today"]
    too_wide = get(
        "servicerequestupdates.json",
        start_date=(now() - timedelta(days=200)).isoformat(),
        end_date=now().isoformat(),
    )
    assert too_wide.status_code == 400


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_posted_comment_on_an_open_case_is_an_update_for_the_resident(
    key: str, case: Case, fmt: str
) -> None:
    response = post(f"servicerequestupdates.{fmt}", update(key, case))
    assert response.status_code == 200, response.content
    if fmt == "json":
        [body] = response.json()
        update_id = body["update_id"]
    else:
        root = xml(response)
        assert root.tag == "service_request_updates"
        update_id = root.findtext("request_update/update_id")
    note = CaseEvent.objects.get(pk=update_id)
    assert (note.kind, note.public) == ("public_update", True)
    assert note.public_text == "Via FixMyStreet: Still not collected"
    case.refresh_from_db()
    assert case.status == "open"


def test_a_posted_status_changes_the_case(key: str, case: Case) -> None:
    response = post("servicerequestupdates.json", update(key, case, status="FIXED"))
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert (case.status, case.outcome) == ("resolved", "done")
    event = CaseEvent.objects.get(pk=response.json()[0]["update_id"])
    assert event.kind == "status_changed"
    assert event.public_text == "Via FixMyStreet: Still not collected"
    listed = get("servicerequestupdates.json").json()
    assert listed[-1]["status"] == "FIXED"
    # a comment on the closed report (FixMyStreet sends CLOSED) is only an update
    case_transition(case=case, actor=None, to="closed", outcome="done")
    response = post("servicerequestupdates.json", update(key, case, status="CLOSED"))
    assert CaseEvent.objects.get(pk=response.json()[0]["update_id"]).kind == "public_update"
    # and OPEN on a finished case reopens it
    post("servicerequestupdates.json", update(key, case, status="REOPEN"))
    case.refresh_from_db()
    assert case.status == "open"


def test_a_disallowed_transition_is_a_400(key: str, case: Case) -> None:
    case_transition(case=case, actor=None, to="closed", outcome="done")
    response = post("servicerequestupdates.json", update(key, case, status="IN_PROGRESS"))
    assert response.status_code == 400
    description = response.json()[0]["description"]
    assert description.startswith("status: IN_PROGRESS is not allowed now.")
    assert "may go to: open" in description
    case.refresh_from_db()
    assert case.status == "closed"


@pytest.mark.parametrize(
    ("change", "status_code", "message"),
    [
        ({"status": "PENDING"}, 400, "status: 'PENDING' is not one of OPEN, IN_PROGRESS"),
        ({"update_id": ""}, 400, "update_id is required"),
        ({"updated_datetime": "soon"}, 400, "updated_datetime: 'soon' is not an ISO 8601"),
        ({"service_request_id": "AAAA-AAAA"}, 404, "service_request_id 'AAAA-AAAA'"),
        ({"api_key": ""}, 403, "api_key is required"),
        ({"description": ""}, 400, "description is required when the status does not change"),
    ],
)
def test_bad_updates_are_refused(
    key: str, case: Case, change: dict[str, str], status_code: int, message: str
) -> None:
    response = post("servicerequestupdates.json", update(key, case, **change))
    assert response.status_code == status_code
    assert response.json()[0]["description"].startswith(message)


def test_another_councils_key_cannot_update(case: Case, neighbour_key: str) -> None:
    response = post("servicerequestupdates.json", update(neighbour_key, case))
    assert response.status_code == 403

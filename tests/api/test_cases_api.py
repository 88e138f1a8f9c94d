"""Cases through the staff API: open, read by reference, filter, move on, note, assign."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client

from civicdesk.cases.models import Case, CaseEvent
from civicdesk.cases.vocabulary import EventKind, Status
from civicdesk.councils.models import Council, Membership, Role, Team
from civicdesk.residents.models import Resident
from civicdesk.residents.services import resident_merge
from tests.api.conftest import post

URL = "/api/v1/cases/"


def _transition(client: Client, case: Case, **body: Any) -> Any:
    return post(client, f"{URL}{case.reference}/transition/", body)


def test_a_case_is_opened_for_a_resident(advisor_client: Client, resident: Resident) -> None:
    response = post(
        advisor_client,
        URL,
        {
            "resident": resident.pk,
            "query_type": "waste-missed-collection",
            "description": "Blue bin missed",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(reference=body["reference"])
    assert case.resident == resident
    assert body["query_type"] == "waste-missed-collection"
    assert body["council"] == "demo"
    assert body["status"] == "open"
    assert body["version"] == 1
    assert body["due_at"] is not None
    assert [e["kind"] for e in body["timeline"]] == ["opened"]
    assert body["timeline"][0]["actor"] == "advisor"


def test_a_case_is_read_by_its_reference_however_typed(advisor_client: Client, case: Case) -> None:
    for typed in (case.reference, case.reference.lower(), case.reference.replace("-", "")):
        response = advisor_client.get(f"{URL}{typed}/")
        assert response.status_code == 200, typed
        assert response.json()["reference"] == case.reference
    assert advisor_client.get(f"{URL}AAAA-AAAA/").status_code == 404


def test_an_unknown_query_type_or_resident_is_named(
    advisor_client: Client, resident: Resident
) -> None:
    unknown_type = post(
        advisor_client,
        URL,
        {"resident": resident.pk, "query_type": "bins-bins", "description": "x"},
    )
    assert unknown_type.status_code == 404
    assert unknown_type.json()["error"]["field"] == "query_type"
    unknown_resident = post(
        advisor_client,
        URL,
        {"resident": 999_999, "query_type": "waste-missed-collection", "description": "x"},
    )
    assert unknown_resident.status_code == 404
    assert unknown_resident.json()["error"]["field"] == "resident"
    no_council = post(
        advisor_client, URL, {"query_type": "waste-missed-collection", "description": "x"}
    )
    assert no_council.status_code == 400
    assert no_council.json()["error"]["field"] == "council"
    assert not Case.objects.exists()


def test_a_second_report_at_the_same_place_is_a_409_with_the_existing_case(
    advisor_client: Client, case: Case
) -> None:
    body = {
        "council": "demo",
        "query_type": "waste-missed-collection",
        "description": "Bin missed again",
        "uprn": case.uprn,
    }
    response = post(advisor_client, URL, body)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "possible_duplicate"
    assert error["existing"] == [case.reference]
    assert Case.objects.count() == 1
    insisted = post(advisor_client, URL, {**body, "allow_duplicate": True})
    assert insisted.status_code == 201
    assert Case.objects.count() == 2


def test_a_closed_case_goes_back_to_open_only(advisor_client: Client, case: Case) -> None:
    closed = _transition(advisor_client, case, to="closed", outcome="done", reason="Collected")
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == "closed"
    assert closed.json()["outcome"] == "done"

    refused = _transition(advisor_client, case, to="in_progress")
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "transition_not_allowed"
    assert error["allowed"] == ["open"]
    assert "without reopening" in error["message"]

    reopened = _transition(advisor_client, case, to="open", reason="Still not collected")
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "open"
    assert reopened.json()["outcome"] == ""
    working = _transition(advisor_client, case, to="in_progress")
    assert working.status_code == 200
    kinds = [e["kind"] for e in working.json()["timeline"]]
    assert kinds == ["opened", "status_changed", "reopened", "status_changed"]


def test_closing_needs_an_outcome(advisor_client: Client, case: Case) -> None:
    response = _transition(advisor_client, case, to="closed")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "outcome"
    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert case.version == 1


def test_two_advisors_never_overwrite_each_other(
    advisor_client: Client, manager_client: Client, case: Case
) -> None:
    first_read = advisor_client.get(f"{URL}{case.reference}/").json()
    second_read = manager_client.get(f"{URL}{case.reference}/").json()
    assert first_read["version"] == second_read["version"] == 1

    first = _transition(advisor_client, case, to="in_progress", version=first_read["version"])
    assert first.status_code == 200
    assert first.json()["version"] == 2

    second = _transition(
        manager_client, case, to="closed", outcome="duplicate", version=second_read["version"]
    )
    assert second.status_code == 409
    error = second.json()["error"]
    assert error["code"] == "changed_by_someone_else"
    assert error["current_version"] == 2

    now = advisor_client.get(f"{URL}{case.reference}/").json()
    assert now["status"] == "in_progress"
    assert now["outcome"] == ""
    assert now["version"] == 2
    changes = [e for e in now["timeline"] if e["kind"] == "status_changed"]
    assert [(e["actor"], e["data"]["to"]) for e in changes] == [("advisor", "in_progress")]


def test_a_note_is_added_to_the_timeline_and_a_stale_one_refused(
    advisor_client: Client, case: Case
) -> None:
    url = f"{URL}{case.reference}/notes/"
    note = post(advisor_client, url, {"text": "Rang the crew", "version": 1})
    assert note.status_code == 201
    assert note.json()["kind"] == "note"
    assert note.json()["data"] == {"text": "Rang the crew"}
    _transition(advisor_client, case, to="in_progress")
    stale = post(advisor_client, url, {"text": "Too late", "version": 1})
    assert stale.status_code == 409
    assert stale.json()["error"]["current_version"] == 3  # the note raised it too
    empty = post(advisor_client, url, {"text": ""})
    assert empty.status_code == 400
    assert empty.json()["error"]["field"] == "text"
    notes = CaseEvent.objects.filter(case=case, kind=EventKind.NOTE)
    assert [n.data["text"] for n in notes] == ["Rang the crew"]


def test_team_leaders_assign_cases_advisors_may_not(
    advisor_client: Client, manager_client: Client, case: Case, demo: Council
) -> None:
    team, _ = Team.objects.get_or_create(council=demo, code="api-crews", name="API crews")
    url = f"{URL}{case.reference}/assign/"
    refused = post(advisor_client, url, {"team": "api-crews", "assignee": "advisor"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    stranger = post(manager_client, url, {"assignee": "neighbour-advisor"})
    assert stranger.status_code == 404
    assert stranger.json()["error"]["field"] == "assignee"
    assigned = post(manager_client, url, {"team": "api-crews", "assignee": "advisor"})
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["team"] == team.code
    assert assigned.json()["assignee"] == "advisor"
    assert Membership.objects.get(user__username="manager").role == Role.COUNCIL_ADMIN


def test_cases_are_filtered(
    advisor_client: Client, case: Case, resident: Resident, missed_bin: Any
) -> None:
    team, _ = Team.objects.get_or_create(council=case.council, code="api-old-cases", name="Old")
    other = Case.objects.create(
        council=case.council,
        team=team,
        reference="ACEF-HJKM",
        query_type=case.query_type,
        description="Old one",
        status=Status.IN_PROGRESS,
        opened_at=case.opened_at - timedelta(days=30),
        due_at=case.opened_at - timedelta(days=20),
    )

    def refs(**params: Any) -> list[str]:
        response = advisor_client.get(URL, params)
        assert response.status_code == 200, response.content
        return [c["reference"] for c in response.json()["results"]]

    assert refs() == [case.reference, other.reference]
    assert refs(status="in_progress") == [other.reference]
    assert refs(status="open,in_progress") == [case.reference, other.reference]
    assert refs(resident=resident.pk) == [case.reference]
    assert refs(breached="true") == [other.reference]
    assert refs(breached="false") == [case.reference]
    assert refs(query_type="waste-missed-collection", council="demo") == refs()
    assert refs(query_type="hb-payment-enquiry") == []
    assert refs(reference=other.reference.lower()) == [other.reference]
    assert refs(team="api-old-cases") == [other.reference]
    assert refs(team="nobody") == []
    bad = advisor_client.get(URL, {"status": "asleep"})
    assert bad.status_code == 400
    assert bad.json()["error"]["field"] == "status"
    assert advisor_client.get(URL, {"council": "neighbour"}).status_code == 404
    listed = advisor_client.get(URL, {"reference": other.reference}).json()["results"][0]
    assert listed["breached"] is True


def test_a_case_for_a_merged_away_record_goes_to_the_kept_resident(
    advisor_client: Client, resident: Resident, advisor: Any
) -> None:
    duplicate = Resident.objects.create(council=resident.council, last_name="Lovelace")
    resident_merge(kept=resident, merged=duplicate, actor=advisor)
    response = post(
        advisor_client,
        URL,
        {"resident": duplicate.pk, "query_type": "waste-missed-collection", "description": "x"},
    )
    assert response.status_code == 201
    assert response.json()["resident"] == resident.pk

"""The case page: its timeline, the allowed transitions only, and no silent overwrites."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from civicdesk.cases.models import Case, CaseEvent
from civicdesk.cases.services import case_transition
from civicdesk.councils.models import Council, Team
from civicdesk.demo.loader import demo_accounts


def _client(username: str) -> Client:
    client = Client()
    password = next(a.password for a in demo_accounts() if a.username == username)
    assert client.login(username=username, password=password)
    return client


def test_the_case_page_shows_the_summary_and_only_the_allowed_transitions(
    advisor_client: Client, open_case: Case
) -> None:
    response = advisor_client.get(f"/staff/demo/cases/{open_case.reference}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Reporting missed collection" in page
    assert "Ada Okafor" in page
    assert 'name="status-version" value="1"' in page
    for allowed in ("in_progress", "awaiting_resident", "resolved", "closed"):
        assert f'name="status-to" type="radio" value="{allowed}"' in page
    assert 'name="status-to" type="radio" value="open"' not in page
    assert "Opened" in page[page.index('id="case-timeline"') :]


def test_a_reference_typed_loosely_goes_to_the_case(
    advisor_client: Client, open_case: Case
) -> None:
    loose = open_case.reference.replace("-", "").lower()
    response = advisor_client.get(f"/staff/demo/cases/{loose}/")
    assert response.status_code == 302
    assert response["Location"] == f"/staff/demo/cases/{open_case.reference}/"


def test_changing_the_status_and_closing_needs_an_outcome(
    advisor_client: Client, open_case: Case
) -> None:
    url = f"/staff/demo/cases/{open_case.reference}/status/"
    response = advisor_client.post(url, {"status-version": "1", "status-to": "in_progress"})
    assert response.status_code == 302
    open_case.refresh_from_db()
    assert (open_case.status, open_case.version) == ("in_progress", 2)
    page = advisor_client.get(response["Location"]).content.decode()
    assert "Status changed to in progress" in page
    assert "From open to in progress." in page

    response = advisor_client.post(url, {"status-version": "2", "status-to": "resolved"})
    assert response.status_code == 200
    assert "Choose an outcome to resolve the case" in response.content.decode()
    open_case.refresh_from_db()
    assert open_case.status == "in_progress"


def test_a_transition_that_is_not_allowed_is_refused_with_the_allowed_ones(
    advisor_client: Client, open_case: Case
) -> None:
    response = advisor_client.post(
        f"/staff/demo/cases/{open_case.reference}/status/",
        {"status-version": "1", "status-to": "open"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "can only go to: in progress, awaiting the resident" in page
    open_case.refresh_from_db()
    assert (open_case.status, open_case.version) == ("open", 1)


def test_two_advisors_never_silently_overwrite_each_other(demo: Council, open_case: Case) -> None:
    first, second = _client("advisor"), _client("manager")
    url = f"/staff/demo/cases/{open_case.reference}/"
    for client in (first, second):
        assert 'name="status-version" value="1"' in client.get(url).content.decode()

    done = first.post(url + "status/", {"status-version": "1", "status-to": "in_progress"})
    assert done.status_code == 302

    refused = second.post(
        url + "status/",
        {"status-version": "1", "status-to": "closed", "status-outcome": "duplicate"},
    )
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "<title>Error: Case" in page
    assert "This case was changed by someone else" in page
    assert "It is now in progress" in page
    assert 'name="status-version" value="2"' in page  # the latest state, ready to try again
    open_case.refresh_from_db()
    assert (open_case.status, open_case.outcome, open_case.version) == ("in_progress", "", 2)
    assert CaseEvent.objects.filter(case=open_case, kind="status_changed").count() == 1


def test_a_stale_transfer_or_assignment_is_refused_too(
    advisor_client: Client, manager_client: Client, open_case: Case, advisor: Any
) -> None:
    case_transition(case=open_case, actor=advisor, to="in_progress")
    url = f"/staff/demo/cases/{open_case.reference}/"
    response = advisor_client.post(
        url + "tier-two/", {"transfer-version": "1", "transfer-reason": "Specialist"}
    )
    assert "This case was changed by someone else" in response.content.decode()
    assert "Specialist" in response.content.decode()  # what was typed, to send again
    response = manager_client.post(url + "assign/", {"assign-version": "1", "assign-team": ""})
    assert "This case was changed by someone else" in response.content.decode()
    open_case.refresh_from_db()
    assert (open_case.tier, open_case.version) == (1, 2)


def test_notes_transfer_and_assignment(
    advisor_client: Client, manager_client: Client, open_case: Case, demo: Council, advisor: Any
) -> None:
    team = Team.objects.create(council=demo, code="test-crew", name="Test crew")
    url = f"/staff/demo/cases/{open_case.reference}/"
    noted = advisor_client.post(url + "note/", {"note-version": "1", "note-text": "Rang the depot"})
    assert noted.status_code == 302
    response = advisor_client.post(
        url + "tier-two/", {"transfer-version": "2", "transfer-reason": "Needs a supervisor"}
    )
    assert response.status_code == 302
    response = manager_client.post(
        url + "assign/",
        {"assign-version": "3", "assign-team": "test-crew", "assign-assignee": str(advisor.pk)},
    )
    assert response.status_code == 302
    open_case.refresh_from_db()
    assert (open_case.tier, open_case.team, open_case.assignee) == (2, team, advisor)
    page = advisor_client.get(url).content.decode()
    timeline = page[page.index('id="case-timeline"') :]
    assert timeline.index("Assigned") < timeline.index("Transferred to tier 2")
    assert timeline.index("Transferred to tier 2") < timeline.index("Rang the depot")
    assert "Needs a supervisor" in timeline


def test_an_empty_note_is_a_field_error(advisor_client: Client, open_case: Case) -> None:
    response = advisor_client.post(
        f"/staff/demo/cases/{open_case.reference}/note/", {"note-version": "1", "note-text": "  "}
    )
    assert response.status_code == 200
    assert 'href="#id_note-text"' in response.content.decode()
    assert not CaseEvent.objects.filter(case=open_case, kind="note").exists()


WORDS = "The crew will come back on Friday.\nSorry for the wait."


def _updates_list(html: str) -> str:
    """The tracking page's list of updates, without the times (the preview is a moment early)."""
    start = html.index('<ol class="govuk-list" reversed>')
    listed = html[start : html.index("</ol>", start)]
    listed = re.sub(r'<p class="govuk-body-s govuk-!-margin-bottom-1">[^<]*</p>', "", listed)
    return " ".join(listed.split())


def test_words_for_the_resident_are_previewed_as_the_tracking_page_shows_them_then_sent(
    advisor_client: Client, open_case: Case
) -> None:
    url = f"/staff/demo/cases/{open_case.reference}/status/"
    body = {
        "status-version": "1",
        "status-to": "in_progress",
        "status-reason": "Crew lead off sick",
        "status-public_update": WORDS,
    }
    preview = advisor_client.post(url, body)
    assert preview.status_code == 200
    assert "Check the update before you send it" in preview.text
    assert "Nothing has been sent yet" in preview.text
    assert "Reason (for staff only, not shown)" in preview.text
    shown = preview.text[preview.text.index('id="resident-preview"') :]
    assert "Status: In progress" in shown[: shown.index("</div>")]
    assert "Sorry for the wait." in shown[: shown.index("</div>")]
    assert "Crew lead off sick" not in shown[: shown.index("</div>")]
    assert 'name="status-confirmed" value="on"' in preview.text
    open_case.refresh_from_db()
    assert (open_case.status, open_case.version) == ("open", 1)  # nothing sent yet

    back = advisor_client.post(url, {**body, "status-confirmed": "on", "edit": "1"})
    assert back.status_code == 200
    assert "Sorry for the wait.</textarea>" in back.text  # to change the words
    open_case.refresh_from_db()
    assert open_case.version == 1

    sent = advisor_client.post(url, {**body, "status-confirmed": "on"})
    assert sent.status_code == 302
    event = CaseEvent.objects.get(case=open_case, kind="status_changed")
    assert (event.public_text, event.data["reason"]) == (WORDS, "Crew lead off sick")

    tracker = Client()
    found = tracker.post(
        "/councils/demo/track/",
        {"reference": open_case.reference, "contact": "ada.okafor@example.org"},
    )
    tracking = tracker.get(found["Location"]).text
    assert _updates_list(tracking) == _updates_list(preview.text)
    assert "Crew lead off sick" not in tracking


def test_an_update_on_its_own_is_previewed_then_sent(
    advisor_client: Client, open_case: Case
) -> None:
    url = f"/staff/demo/cases/{open_case.reference}/update/"
    page = advisor_client.get(f"/staff/demo/cases/{open_case.reference}/").text
    assert "Write an update for the resident" in page
    assert "The resident will read this on the tracking page" in page
    empty = advisor_client.post(url, {"update-version": "1", "update-text": " "})
    assert "Write the update for the resident" in empty.text
    preview = advisor_client.post(url, {"update-version": "1", "update-text": "Booked for Friday"})
    assert "Check the update before you send it" in preview.text
    assert not CaseEvent.objects.filter(case=open_case, kind="public_update").exists()
    sent = advisor_client.post(
        url, {"update-version": "1", "update-text": "Booked for Friday", "update-confirmed": "on"}
    )
    assert sent.status_code == 302
    update = CaseEvent.objects.get(case=open_case, kind="public_update")
    assert (update.public, update.public_text) == (True, "Booked for Friday")
    assert "Update sent to the resident" in advisor_client.get(sent["Location"]).text


def test_reasons_and_notes_are_labelled_for_staff_only(
    advisor_client: Client, open_case: Case
) -> None:
    page = advisor_client.get(f"/staff/demo/cases/{open_case.reference}/").text
    assert "Reason (for staff only)" in page
    assert "Only staff see this. It is never shown to the resident." in page
    assert "Note (for staff only)" in page
    assert "Update for the resident (optional)" in page

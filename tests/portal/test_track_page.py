"""The confirmation after reporting, and tracking a case by its reference and a contact detail."""

from __future__ import annotations

import pytest
from django.test import Client

from civicdesk.cases.models import Case
from civicdesk.cases.services import case_note_add, case_public_update_add, case_transition
from civicdesk.councils.models import Council
from tests.portal.test_report_page import MISSED, missed_bin

TRACK = "/councils/demo/track/"
NOT_FOUND = "We could not find a case with those details"


def reported(client: Client, **changes: str) -> Case:
    response = client.post(MISSED, missed_bin(**changes))
    assert response.status_code == 302
    return Case.objects.latest("opened_at")


def test_the_confirmation_gives_the_reference_and_when_to_expect_an_answer(
    questions: Council,
) -> None:
    reporter = Client()
    case = reported(reporter)
    html = reporter.get(f"/councils/demo/report/done/{case.reference}/").content.decode()
    assert "Report sent" in html
    assert 'class="govuk-panel' in html
    assert f"<strong>{case.reference}</strong>" in html
    assert "We aim to deal with it by" in html
    assert f"/councils/demo/track/{case.reference}/" in html


def test_the_confirmation_is_only_for_the_browser_that_reported(questions: Council) -> None:
    case = reported(Client())
    response = Client().get(f"/councils/demo/report/done/{case.reference}/")
    assert response.status_code == 302
    assert response["Location"] == f"{TRACK}?reference={case.reference}"
    # nor for the reporter at another council with the same reference
    other = Client().get(f"/councils/neighbour/report/done/{case.reference}/")
    assert other.status_code == 302


def test_a_request_says_request(questions: Council) -> None:
    html = Client().get("/councils/demo/report/waste-new-bin/").content.decode()
    assert "Send request" in html
    assert "Tell us what you need" in html


@pytest.mark.parametrize(
    ("changes", "given"),
    [
        ({"email": "ada@example.org"}, "Ada@Example.org"),
        ({"email": "", "phone": "07700 900982"}, "+44 7700 900982"),
        ({"postcode": "le1 6zg", "address": "12 High Street"}, "LE16ZG"),
    ],
)
def test_a_case_is_found_with_its_reference_and_a_detail_given(
    questions: Council, changes: dict[str, str], given: str
) -> None:
    case = reported(Client(), **changes)
    someone = Client()
    response = someone.post(TRACK, {"reference": case.reference.lower(), "contact": given})
    assert response.status_code == 302
    assert response["Location"] == f"{TRACK}{case.reference}/"
    html = someone.get(response["Location"]).content.decode()
    assert "Reporting missed collection" in html
    assert "Received" in html
    assert "We aim to finish by" in html


def test_the_wrong_details_say_the_same_as_an_unknown_reference(questions: Council) -> None:
    case = reported(Client())
    wrong = Client().post(TRACK, {"reference": case.reference, "contact": "someone@example.org"})
    unknown = Client().post(TRACK, {"reference": "AAAA-AAAA", "contact": "ada@example.org"})
    postcode = Client().post(TRACK, {"reference": case.reference, "contact": "LE1 6ZG"})
    for response in (wrong, unknown, postcode):
        html = response.content.decode()
        assert response.status_code == 200
        assert html.count(NOT_FOUND) == 2  # the summary and the field
        assert "<title>Error:" in html


def test_another_councils_case_is_not_found(questions: Council) -> None:
    case = reported(Client())
    response = Client().post(
        "/councils/neighbour/track/", {"reference": case.reference, "contact": "ada@example.org"}
    )
    assert NOT_FOUND in response.content.decode()


def test_a_badly_typed_reference_is_explained(questions: Council) -> None:
    html = Client().post(TRACK, {"reference": "12", "contact": ""}).content.decode()
    assert "Enter the reference number as we gave it to you" in html
    assert "Enter the email address, phone number or postcode you gave us" in html


def test_the_case_page_needs_the_details_first(questions: Council) -> None:
    case = reported(Client())
    response = Client().get(f"{TRACK}{case.reference}/")
    assert response.status_code == 302
    assert response["Location"] == f"{TRACK}?reference={case.reference}"
    form = Client().get(response["Location"]).content.decode()
    assert f'value="{case.reference}"' in form


def test_the_case_page_shows_public_updates_newest_first(questions: Council) -> None:
    reporter = Client()
    case = reported(reporter)
    case_public_update_add(case=case, actor=None, text="Crew sent back to the street")
    case_note_add(case=case, actor=None, text="Resident sounded cross")
    case_transition(case=case, actor=None, to="resolved", outcome="done")
    html = reporter.get(f"{TRACK}{case.reference}/").content.decode()
    assert "Resident sounded cross" not in html
    done = html.index("Status: Done")
    note = html.index("Crew sent back to the street")
    received = html.index("We received it.")
    assert done < note < received
    assert "We have dealt with it." in html
    assert "Finished" in html

"""Whatever is typed or pasted into a staff page's address or form, the page answers in words:
an error naming the field, or a GOV.UK error page. Never a server error (on SQLite or
PostgreSQL, which refuses text holding a NUL character)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from civicdesk.cases.models import Case, CaseEvent
from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident
from civicdesk.residents.services import resident_create

FORM_ENCODED = "application/x-www-form-urlencoded"
NUL_REFUSED = "null character"


@pytest.fixture
def duplicate(demo: Council, advisor: Any) -> Resident:
    return resident_create(council=demo, actor=advisor, first_name="Ada", last_name="Okafor")


def test_a_superscript_digit_names_no_record_to_merge(
    manager_client: Client, resident: Resident, duplicate: Resident
) -> None:
    url = f"/staff/demo/residents/{resident.pk}/merge/"
    assert manager_client.get(url, {"merged": "\u00b2"}).status_code == 404
    assert manager_client.post(url, {"merged": "\u00b2"}).status_code == 404
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


@pytest.mark.parametrize(
    "address",
    [
        "/staff/demo/residents/{resident}/merge/?q=Ada%00",
        "/staff/demo/residents/?q=Okafor%00",
        "/staff/demo/worklist/?team=%00",
        "/staff/demo/triage/?q=missed%00bin",
    ],
)
def test_a_null_character_in_the_address_is_a_bad_request_page(
    manager_client: Client, resident: Resident, address: str
) -> None:
    response = manager_client.get(address.format(resident=resident.pk))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Sorry, we could not understand that request" in html
    assert NUL_REFUSED in html


def test_a_null_character_in_a_form_is_refused_and_nothing_is_written(
    advisor_client: Client, open_case: Case
) -> None:
    notes = CaseEvent.objects.filter(case=open_case).count()
    response = advisor_client.post(
        f"/staff/demo/cases/{open_case.reference}/note/",
        urlencode({"note-text": "Rang the crew\x00"}),
        content_type=FORM_ENCODED,
    )
    assert response.status_code == 400
    assert NUL_REFUSED in response.content.decode()
    assert CaseEvent.objects.filter(case=open_case).count() == notes


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("/staff/demo/residents/", "Enter 200 characters or fewer to find a resident"),
        (
            "/staff/demo/residents/{resident}/merge/",
            "Enter 200 characters or fewer to find the other record",
        ),
    ],
)
def test_a_search_too_long_is_named_in_the_error_summary(
    manager_client: Client, resident: Resident, address: str, message: str
) -> None:
    response = manager_client.get(address.format(resident=resident.pk), {"q": "Okafor " * 40})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert html.count(message) == 2  # in the summary and by the box
    assert 'href="#id_q"' in html


@pytest.mark.parametrize(
    ("query", "message", "anchor"),
    [
        ({"channel": "carrier-pigeon"}, "Select how the resident is in touch", "#id_channel"),
        (
            {"q": "missed bin " * 30},
            "Enter 200 characters or fewer to say what it is about",
            "#id_q",
        ),
        ({"query_type": "not a code!"}, "Choose what it is about from the list", "#id_q"),
    ],
)
def test_a_bad_search_on_the_contact_page_is_named_in_the_error_summary(
    advisor_client: Client, query: dict[str, str], message: str, anchor: str
) -> None:
    response = advisor_client.get("/staff/demo/contact/", query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert html.count(message) == 2  # in the summary and by the field
    assert f'href="{anchor}"' in html


def test_a_team_not_in_the_list_is_named_on_the_worklist(advisor_client: Client) -> None:
    response = advisor_client.get("/staff/demo/worklist/", {"team": "no-such-team"})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("Choose a team from the list") == 2
    assert 'href="#id_team"' in html


@pytest.mark.parametrize(
    ("address", "field", "value"),
    [
        ("/staff/demo/performance/calls/", "from", "9999-12-31"),
        ("/staff/demo/performance/calls/", "to", "0001-01-01"),
        ("/staff/demo/performance/channels/", "from", "0001-01-01"),
        ("/staff/demo/performance/channels/", "baseline_from", "0001-01-01"),
        ("/staff/demo/performance/channels/", "baseline_to", "9999-12-31"),
        ("/staff/demo/performance/demand/", "to", "9999-12-31"),
        ("/staff/demo/performance/visits/", "to", "0001-01-01"),
    ],
)
def test_a_dashboard_date_off_the_calendar_is_named(
    manager_client: Client, address: str, field: str, value: str
) -> None:
    response = manager_client.get(address, {field: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "must be a date from 1900 to 2099" in html
    assert f'href="#id_{field}"' in html

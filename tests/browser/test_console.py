"""The advisor console in a real browser: find the resident, log a chase, see it on the case."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from civicdesk.cases.models import Case
from civicdesk.cases.services import case_open, case_transition
from civicdesk.catalogue.models import QueryType
from civicdesk.councils.models import Council
from civicdesk.demo.loader import demo_accounts
from civicdesk.residents.models import Resident
from civicdesk.residents.services import AddressInput, resident_create
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def _resident_with_an_open_case() -> tuple[Resident, Case]:
    """Made through the services, as an advisor would have made them on an earlier call."""
    council = Council.objects.get(slug="demo")
    advisor = get_user_model().objects.get(username="advisor")
    resident = resident_create(
        council=council,
        actor=advisor,
        first_name="Ada",
        last_name="Okafor",
        phones=["0116 496 0123"],
        addresses=[AddressInput(lines="12 Mill Lane", postcode="LE1 6ZG", uprn="100030001234")],
        needs=["hearing_loss"],
    )
    case = case_open(
        query_type=QueryType.objects.get(council=council, code="waste-missed-collection"),
        actor=advisor,
        description="Green bin not emptied on Tuesday",
        resident=resident,
        uprn="100030001234",
    )
    return resident, case


def _sign_in(page: Page, username: str) -> None:
    password = next(a.password for a in demo_accounts() if a.username == username)
    page.goto("/staff/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Triage")).to_be_visible()


def _no_violations(page: Page) -> None:
    assert axe_violations(page) == [], page.url


def _find_resident_and_log_a_chase(page: Page, *, javascript: bool = True) -> None:
    """The console journey; axe-core needs JavaScript, so it runs only when the page has it."""

    def check(page: Page) -> None:
        if javascript:
            _no_violations(page)

    _resident, case = _resident_with_an_open_case()
    _sign_in(page, "advisor")

    page.get_by_role("link", name="Find a resident").click()
    check(page)
    page.get_by_label("Find a resident").fill("01164960123")
    page.get_by_role("button", name="Search").click()
    results = page.locator("#results")
    expect(results.get_by_text("0116 496 0123")).to_be_visible()
    check(page)
    results.get_by_role("link", name="Ada Okafor").click()

    expect(page.get_by_role("heading", name="Ada Okafor", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="No appointments or messages yet")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Log a contact").click()

    expect(page.get_by_role("heading", name="Log a contact")).to_be_visible()
    expect(page.get_by_label("Phone", exact=True)).to_be_checked()
    page.get_by_label("What is it about?").fill("missed bin")
    page.get_by_role("button", name="Find").click()
    check(page)
    page.get_by_role("link", name="Waste: Reporting missed collection").click()
    guidance = page.locator("#triage-result")
    expect(guidance.get_by_role("heading", name="Reporting missed collection")).to_be_visible()
    expect(guidance.get_by_text("Takes account of: hearing loss.")).to_be_visible()
    check(page)
    page.get_by_label("Resolved at first contact").check()
    page.get_by_label("Notes").fill("Asked when the crew will come back")
    page.get_by_role("button", name="Log contact").click()

    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text(
        f"Contact logged. This was a chase of case {case.reference} (chased 1 time)"
    )
    latest = page.locator("#timeline > li").first
    expect(latest).to_contain_text("Phone contact: Reporting missed collection")
    expect(latest.get_by_text("Failure: chasing")).to_be_visible()
    check(page)
    latest.get_by_role("link", name=f"Case {case.reference}").click()

    expect(page.get_by_role("heading", name=f"Case {case.reference}")).to_be_visible()
    summary = page.locator("#case-summary")
    chases = summary.locator(".govuk-summary-list__row", has_text="Chase count")
    expect(chases.locator(".govuk-summary-list__value")).to_have_text("1")
    timeline = page.locator("#case-timeline")
    expect(timeline.get_by_role("heading", name="Chased by the resident")).to_be_visible()
    check(page)


def test_find_a_resident_log_a_chase_and_see_it_linked_to_the_open_case(page: Page) -> None:
    _find_resident_and_log_a_chase(page)


def test_the_same_journey_works_without_javascript(page_without_js: Page) -> None:
    _find_resident_and_log_a_chase(page_without_js, javascript=False)


def test_a_stale_case_page_refuses_the_change_and_shows_the_latest_state(page: Page) -> None:
    _resident, case = _resident_with_an_open_case()
    _sign_in(page, "advisor")
    page.goto(f"/staff/demo/cases/{case.reference}/")
    # Someone else moves the case on while this page is open.
    case_transition(case=case, actor=None, to="in_progress")
    page.get_by_label("Resolved").check()
    page.get_by_label("Done").check()
    page.get_by_role("button", name="Change status").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "This case was changed by someone else"
    )
    _no_violations(page)
    expect(page.locator("#case-summary")).to_contain_text("In progress")
    case.refresh_from_db()
    assert (case.status, case.outcome) == ("in_progress", "")


def test_a_neighbour_advisor_cannot_open_a_demo_resident(page: Page) -> None:
    resident, case = _resident_with_an_open_case()
    _sign_in(page, "neighbour-advisor")
    for url in (
        f"/staff/demo/residents/{resident.pk}/",
        f"/staff/demo/cases/{case.reference}/",
        "/staff/demo/worklist/",
    ):
        response = page.request.get(url)
        assert response.status == 404
        assert "Okafor" not in response.text()

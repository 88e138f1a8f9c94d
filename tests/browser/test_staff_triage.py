from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from civicdesk.demo.loader import demo_accounts
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def sign_in(page: Page, username: str) -> None:
    password = next(a.password for a in demo_accounts() if a.username == username)
    page.goto("/staff/")
    expect(page.get_by_role("heading", name="Sign in to Civic Desk")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_an_advisor_triages_a_payment_enquiry_and_then_for_a_vulnerable_resident(
    page: Page,
) -> None:
    sign_in(page, "advisor")
    expect(page.get_by_role("heading", name="Triage")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("What does the resident want?").fill("payment enquiry")
    page.get_by_label("Phone").check()
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Housing Benefits: Payment enquiry").click()

    result = page.locator("#triage-result")
    expect(result.get_by_role("heading", name="Payment enquiry")).to_be_visible()
    expect(result.get_by_text("Online only", exact=True)).to_be_visible()
    expect(result.get_by_text("Insist", exact=True)).to_be_visible()
    expect(result.get_by_text("Housing Benefit line")).to_be_visible()
    online = result.get_by_role("link", name="Open Portal (Revenue and Benefits)")
    expect(online).to_have_attribute("href", "https://demo-council.example/revenues-and-benefits")
    assert axe_violations(page) == []

    page.get_by_label("Vulnerable").check()
    page.get_by_role("button", name="Find").click()
    expect(result.get_by_text("Assist", exact=True)).to_be_visible()
    expect(result.get_by_text("Book an appointment", exact=False).first).to_be_visible()
    expect(result.get_by_text("Insist", exact=True)).to_have_count(0)


def test_an_advisor_of_one_council_cannot_open_anothers_triage(page: Page) -> None:
    sign_in(page, "neighbour-advisor")
    expect(page.get_by_text("Neighbour District Council")).to_be_visible()
    response = page.request.get("/staff/demo/triage/")
    assert response.status == 404
    assert "Page not found" in response.text()
    assert "Payment enquiry" not in response.text()

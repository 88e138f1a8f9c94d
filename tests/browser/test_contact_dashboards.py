"""The contact dashboards in a real browser, on the demo's contacts: charts, tables, axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from civicdesk.demo.loader import demo_accounts
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def _sign_in_as_manager(page: Page, path: str) -> None:
    password = next(a.password for a in demo_accounts() if a.username == "manager")
    page.goto(path)
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/staff/demo/performance/channels/?period=week", "Channel shift and cost"),
        ("/staff/demo/performance/demand/", "Failure demand and SLA compliance"),
        ("/staff/demo/performance/visits/", "Visits to venues"),
    ],
)
def test_each_dashboard_has_charts_and_tables_and_passes_axe(
    page: Page, path: str, heading: str
) -> None:
    _sign_in_as_manager(page, path)
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    expect(page.get_by_role("img").first).to_be_visible()  # a chart, named by its title
    expect(page.locator("table").first).to_be_visible()
    assert axe_violations(page) == []


def test_filtering_channels_by_service_without_javascript(page_without_js: Page) -> None:
    page = page_without_js
    _sign_in_as_manager(page, "/staff/demo/performance/channels/")
    page.get_by_label("Service", exact=True).select_option(label="Council Tax")
    page.get_by_label("Show contacts by", exact=True).select_option(label="Week")
    page.get_by_role("button", name="Show the figures").click()
    expect(page.get_by_text("Council Tax, inbound contacts by week")).to_be_visible()
    assert "service=council-tax" in page.url

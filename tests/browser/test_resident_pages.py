from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_a_resident_finds_the_online_route_for_a_missed_bin(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Demo City Council").click()
    expect(page.get_by_role("heading", name="What do you need help with?")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("What do you need help with?").fill("my bin was not collected")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", name="Reporting missed collection")).to_be_visible()
    online = page.get_by_role("button", name="Go online: My Account")
    expect(online).to_have_attribute("href", "https://demo-council.example/my-account")
    expect(page.get_by_text("If you cannot go online, call us")).to_be_visible()
    page.get_by_text("Opening hours of the Waste Management line").click()
    expect(page.get_by_role("row", name="Monday 09:30 to 15:30")).to_be_visible()
    assert axe_violations(page) == []


def test_the_resident_journey_works_without_javascript(page_without_js: Page) -> None:
    page = page_without_js
    page.goto("/councils/demo/help/")
    page.get_by_label("What do you need help with?").fill("blue badge")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Blue badge application")).to_be_visible()
    expect(page.get_by_role("button", name="Go online: Apply for a blue badge")).to_be_visible()


def test_an_empty_search_shows_an_error_summary_linked_to_the_field(page: Page) -> None:
    page.goto("/councils/demo/help/")
    page.get_by_role("button", name="Search").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter what you need help with")
    summary.get_by_role("link").click()
    expect(page.get_by_label("What do you need help with?")).to_be_focused()
    assert axe_violations(page) == []

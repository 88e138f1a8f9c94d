"""Issue 11, points 6 and 7 in a browser: the legal pages reached from a resident page's footer,
and the answer to something the council does not list, pass axe-core (WCAG 2.2 A and AA)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_the_footer_reaches_each_legal_page_and_each_passes_axe(page: Page) -> None:
    for link, heading in (
        ("Accessibility statement", "Accessibility statement for Demo City Council\u2019s"),
        ("Privacy", "Privacy notice"),
        ("Cookies", "Cookies"),
    ):
        page.goto("/councils/demo/help/")
        page.get_by_role("contentinfo").get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        expect(page.get_by_role("link", name="Find a service")).to_be_visible()
        assert axe_violations(page) == [], link


def test_the_site_wide_pages_pass_axe(page: Page) -> None:
    for path in ("/accessibility/", "/privacy/", "/cookies/"):
        page.goto(path)
        expect(page.get_by_role("link", name="Demo City Council")).to_be_visible()
        assert axe_violations(page) == [], path


def test_something_not_listed_offers_a_number_to_tap_and_passes_axe(page: Page) -> None:
    page.goto("/councils/demo/help/")
    page.get_by_label("What do you need help with?").fill("pothole")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="We could not find that")).to_be_visible()
    expect(page.get_by_role("link", name="0116 496 0001")).to_have_attribute(
        "href", "tel:01164960001"
    )
    assert axe_violations(page) == []

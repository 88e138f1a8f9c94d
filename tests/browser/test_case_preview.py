"""An update for the resident, in a real browser: written in its own box, previewed as the
tracking page will show it, then sent; with and without JavaScript, and accessible."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations
from tests.browser.test_console import _resident_with_an_open_case, _sign_in

pytestmark = pytest.mark.browser

WORDS = "The crew will come back on Friday."


def _preview_then_send(page: Page, *, javascript: bool) -> None:
    _resident, case = _resident_with_an_open_case()
    _sign_in(page, "advisor")
    page.goto(f"/staff/demo/cases/{case.reference}/")
    page.get_by_label("In progress").check()
    page.get_by_label("Reason (for staff only)").fill("Crew lead off sick")
    page.get_by_label("Update for the resident (optional)").fill(WORDS)
    page.get_by_role("button", name="Change status").click()

    expect(page.get_by_role("heading", name="Check the update before you send it")).to_be_visible()
    preview = page.locator("#resident-preview")
    expect(preview.get_by_role("heading", name="Status: In progress")).to_be_visible()
    expect(preview).to_contain_text(WORDS)
    expect(preview).not_to_contain_text("Crew lead off sick")
    if javascript:
        assert axe_violations(page) == []

    page.get_by_role("button", name="Change the update").click()
    expect(page.get_by_label("Update for the resident (optional)")).to_have_value(WORDS)
    page.get_by_role("button", name="Change status").click()
    page.get_by_role("button", name="Send the update").click()

    expect(page.get_by_text("Status changed to in progress and the update sent")).to_be_visible()
    expect(page.locator("#case-timeline")).to_contain_text("The resident reads:")
    if javascript:
        assert axe_violations(page) == []


def test_an_update_is_previewed_then_sent(page: Page) -> None:
    _preview_then_send(page, javascript=True)


def test_an_update_is_previewed_then_sent_without_javascript(page_without_js: Page) -> None:
    _preview_then_send(page_without_js, javascript=False)

"""The floorwalker's tally page in a real browser: big buttons, one tap per visitor, undo."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from civicdesk.contacts.models import Contact
from civicdesk.demo.loader import demo_accounts, load_demo
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

PURPOSES = (
    "Scan station",
    "Telephones",
    "Self-service PC",
    "Advice",
    "Payment kiosk",
    "Forms",
    "Support",
    "Appointments",
)


def _sign_in_to_the_tally(page: Page) -> None:
    password = next(a.password for a in demo_accounts() if a.username == "advisor")
    page.goto("/staff/demo/visits/tally/")
    page.get_by_label("Username").fill("advisor")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Count visitors at York House")).to_be_visible()


def _today(page: Page, purpose: str) -> str:
    row = page.locator("#today tr", has=page.get_by_role("rowheader", name=purpose, exact=True))
    return row.locator("td").inner_text()


def test_tapping_counts_and_undo_takes_back_with_no_accessibility_failures(page: Page) -> None:
    _sign_in_to_the_tally(page)
    assert axe_violations(page) == []
    for name in PURPOSES:
        box = page.get_by_role("button", name=name, exact=True).bounding_box()
        assert box is not None
        # Far above WCAG 2.2's 24 by 24 pixels: a target for a thumb on a tablet.
        assert box["height"] >= 44, name
        assert box["width"] >= 200, name
    before = int(_today(page, "Advice"))  # the demo's residents may have visited today

    page.get_by_role("button", name="Advice", exact=True).click()
    expect(page.get_by_text("Counted: Advice at York House")).to_be_visible()
    assert int(_today(page, "Advice")) == before + 1
    assert axe_violations(page) == []

    page.get_by_role("button", name="Undo my last tap").click()
    expect(page.get_by_text("Taken back: Advice at York House")).to_be_visible()
    assert int(_today(page, "Advice")) == before


def test_nothing_to_undo_is_an_accessible_error(
    browser: Browser, live_server: Any, transactional_db: None
) -> None:
    # The page answers 409, which a browser reports on its console; the `page` fixture fails on
    # any console error, so this test opens its own page.
    load_demo(residents=0)
    context = browser.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        _sign_in_to_the_tally(page)
        page.get_by_role("button", name="Undo my last tap").click()
        expect(page.get_by_role("alert")).to_contain_text(
            "You have no tally in the last ten minutes to take back"
        )
        assert page.title().startswith("Error:")
        assert axe_violations(page) == []
    finally:
        context.close()


def test_tapping_works_with_javascript_off(page_without_js: Page) -> None:
    page = page_without_js
    _sign_in_to_the_tally(page)
    before = {name: int(_today(page, name)) for name in ("Payment kiosk", "Forms", "Total")}
    last = Contact.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for _ in range(2):
        page.get_by_role("button", name="Payment kiosk", exact=True).click()
        expect(page.get_by_text("Counted: Payment kiosk at York House")).to_be_visible()
    page.get_by_role("button", name="Forms", exact=True).click()
    assert int(_today(page, "Payment kiosk")) == before["Payment kiosk"] + 2
    assert int(_today(page, "Forms")) == before["Forms"] + 1
    assert int(_today(page, "Total")) == before["Total"] + 3
    tallied = Contact.objects.filter(pk__gt=last, venue__code="york-house").values_list(
        "purpose", flat=True
    )
    assert sorted(tallied) == ["forms", "payment_kiosk", "payment_kiosk"]

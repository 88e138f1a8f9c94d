"""The what-if scenario page in a real browser: axe-core finds nothing on the form, the results or
the error page, and a manager builds "Housing Benefits payment enquiries online only" and
downloads its figures without JavaScript."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from civicdesk.councils.models import Council
from civicdesk.demo.calls_write import calls_generate
from civicdesk.demo.loader import demo_accounts
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def _hb_calls() -> None:
    """The Housing Benefit line's generated calls for 2023, after the page fixture's demo."""
    calls_generate(council=Council.objects.get(slug="demo"), year=2023, lines=["housing-benefit"])


def _sign_in_as_manager(page: Page) -> None:
    password = next(a.password for a in demo_accounts() if a.username == "manager")
    page.goto("/staff/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Triage")).to_be_visible()


def _online_only(page: Page) -> None:
    page.get_by_label("Query type to move online").select_option(
        label="Housing Benefits: Payment enquiry"
    )
    page.get_by_role("button", name="Compare with the baseline").click()
    expect(page.get_by_role("heading", name="Before and after")).to_be_visible()


def test_the_scenario_page_passes_axe(page: Page) -> None:
    _hb_calls()
    _sign_in_as_manager(page)
    page.goto("/staff/demo/performance/")
    page.get_by_role("link", name="What-if scenarios").click()
    expect(page.get_by_role("heading", name="What-if scenarios")).to_be_visible()
    assert axe_violations(page) == [], page.url
    _online_only(page)
    expect(page.get_by_role("img", name="Calls before and after, by line")).to_be_visible()
    expect(page.locator("#scenario-headlines")).to_contain_text("Average time to answer")
    assert axe_violations(page) == [], page.url

    # The error page is a 400, which the browser logs as a console error (and the page fixture
    # fails on those); tests/backoffice checks the status, so here it is passed on as a 200.
    bad = "/staff/demo/planning/scenarios/?query_type=hb-payment-enquiry&share=150&compare=1"
    page.route(f"**{bad}", lambda route: route.fulfill(response=route.fetch(), status=200))
    page.goto(bad)
    expect(page.get_by_role("alert")).to_contain_text("Share to move online must be a whole")
    assert axe_violations(page) == [], page.url


def test_a_manager_compares_payment_enquiries_online_only_without_javascript(
    page_without_js: Page,
) -> None:
    page = page_without_js
    _hb_calls()
    _sign_in_as_manager(page)
    page.goto("/staff/demo/planning/scenarios/")
    page.get_by_label("Share to move online").fill("100")
    _online_only(page)
    assert "query_type=hb-payment-enquiry" in page.url
    headlines = page.locator("#scenario-headlines")
    for measure in ("Calls", "Average time to answer", "Abandoned", "Cost"):
        expect(headlines).to_contain_text(measure)
    expect(headlines).to_contain_text("fewer")
    expect(page.locator("#scenario-changed-lines")).to_contain_text("Housing Benefit line")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download Every line before and after as CSV").click()
    saved = download.value
    assert saved.suggested_filename.startswith("demo-scenario-lines")
    assert saved.suggested_filename.endswith(".csv")
    text = Path(saved.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Line,Calls before,Calls after,Moved online")
    assert "Housing Benefit line," in text

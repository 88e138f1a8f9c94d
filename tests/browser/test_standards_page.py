"""The public service-standards page in a real browser, with and without JavaScript: reached
from the help page, readable without colour, and clean under axe-core."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Browser, Page, Route, expect

from civicdesk.cases.models import Case
from civicdesk.cases.services import case_open, case_transition
from civicdesk.catalogue.models import QueryType
from civicdesk.councils.models import Council
from civicdesk.performance.calls_import import calls_import
from civicdesk.performance.standards import last_complete_month
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

HEADER = (
    "call_id,line,presented_at,ivr_exit_at,queue_entered_at,queue_exited_at,answered_at,"
    "ended_at,outcome,agent,transferred_to,wrap_seconds\n"
)


@pytest.fixture
def last_month_figures() -> Council:
    """Called after the page fixture has loaded the demo: last month, the Local Taxation line
    answered one call in 30 s and lost one after 4 minutes; one missed bin was resolved late."""
    demo = Council.objects.get(slug="demo")
    first = last_complete_month(timezone.localdate())
    start = datetime(first.year, first.month, 2, 10, tzinfo=UTC)

    def at(seconds: int) -> str:
        return (start + timedelta(seconds=seconds)).isoformat()

    calls_import(
        council=demo,
        text=HEADER
        + f"B1,Local Taxation line,{at(0)},{at(10)},{at(10)},{at(40)},{at(40)},{at(340)},"
        "answered,Asha,,20\n"
        + f"B2,Local Taxation line,{at(60)},{at(70)},{at(70)},{at(310)},,{at(310)},"
        "abandoned_queue,,,\n",
    )
    actor = get_user_model().objects.get(username="advisor")
    missed_bin = QueryType.objects.get(council=demo, code="waste-missed-collection")
    case = case_open(query_type=missed_bin, actor=actor, description="Bin not emptied")
    case_transition(case=case, actor=actor, to="resolved", outcome="done")
    # Test data: resolved last month, a day after its due time.
    Case.objects.filter(pk=case.pk).update(
        due_at=start + timedelta(days=2), resolved_at=start + timedelta(days=3)
    )
    return demo


def test_a_resident_finds_the_standards_from_the_help_page(
    page: Page, last_month_figures: Council
) -> None:
    page.goto("/councils/demo/help/")
    page.get_by_role("link", name="Our service standards and how we are doing").click()

    expect(page.get_by_role("heading", name="Our service standards", level=1)).to_be_visible()
    month = page.locator("#phone-lines-month")
    taxation = month.locator("tbody", has_text="Local Taxation line")
    expect(taxation).to_contain_text("50% answered within 2 minutes")
    expect(taxation.get_by_role("row").first).to_contain_text("Not met")
    expect(taxation).to_contain_text("Answered in 30 seconds on average")
    expect(page.locator("#cases-by-service")).to_contain_text("Waste")
    assert axe_violations(page) == []


def _without_scripts(route: Route) -> None:
    response = route.fetch()
    html = re.sub(r"<script\b.*?</script>", "", response.text(), flags=re.DOTALL)
    route.fulfill(response=response, body=html)


def test_the_standards_page_works_without_javascript(
    page_without_js: Page, browser: Browser, live_server: Any, last_month_figures: Council
) -> None:
    page = page_without_js
    page.goto("/councils/demo/standards/")
    expect(page.get_by_role("heading", name="Our service standards", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="How we work out these figures")).to_be_visible()
    expect(page.get_by_role("table", name="Waste")).to_contain_text("Reporting missed collection")
    expect(page.locator("#phone-lines-month")).to_contain_text("Not met")

    # axe needs JavaScript to run, so it checks the page as a browser without JavaScript has it:
    # the same page with none of its own scripts.
    context = browser.new_context(base_url=live_server.url)
    context.route("**/councils/demo/standards/", _without_scripts)
    bare = context.new_page()
    bare.goto("/councils/demo/standards/")
    assert bare.locator("script").count() == 0
    expect(bare.locator("#phone-lines-month")).to_contain_text("Not met")
    assert axe_violations(bare) == []
    context.close()


def test_a_council_without_published_line_standards_says_so(page: Page) -> None:
    page.goto("/councils/neighbour/standards/")
    expect(
        page.get_by_text("We have not published standards for our phone lines yet.")
    ).to_be_visible()
    assert axe_violations(page) == []

"""Every page template on a phone: at 320 by 640 CSS pixels nothing scrolls sideways (WCAG 2.2
1.4.10, reflow) except a wide table in its own scrolling region, which keyboard users can focus,
and axe-core finds nothing. One URL for each template in the product, one browser.

The demo is loaded once for the module (a flush after every page would cost more than all the
pages together) and removed at the end, so the other browser tests start from an empty database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from civicdesk.cases.models import Case
from civicdesk.cases.services import case_open, case_transition
from civicdesk.catalogue.models import QueryType
from civicdesk.councils.models import Council, Membership, Role
from civicdesk.demo.loader import demo_accounts, load_demo
from civicdesk.residents.models import Resident
from tests.browser.conftest import axe_violations
from tests.browser.test_performance_dashboards import _calls

pytestmark = pytest.mark.browser

WIDTH = 320
SHARED = "a test password for the shared-service advisor"

# Wider than the viewport is allowed only inside a region a keyboard can reach and scroll.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    if (element.closest('[data-cd-scroll-region]')) continue;
    let described = element.tagName.toLowerCase();
    if (element.id) described += '#' + element.id;
    if (element.className && typeof element.className === 'string') {
      described += '.' + element.className.trim().split(/\\s+/).join('.');
    }
    wide.push(described + ' ' + Math.round(box.right) + 'px');
  }
  const regions = [...document.querySelectorAll('[data-cd-scroll-region]')]
    .filter((r) => r.scrollWidth > r.clientWidth)
    .filter((r) => r.tabIndex !== 0 || !r.getAttribute('role') || !r.getAttribute('aria-label')
                   && !r.getAttribute('aria-labelledby'))
    .map((r) => 'unreachable region ' + r.outerHTML.slice(0, 80));
  return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 8), regions};
}"""


@dataclass(frozen=True)
class Demo:
    url: str
    case: str
    resident: int


@pytest.fixture(autouse=True)
def _live_server_helper(request: pytest.FixtureRequest) -> Iterator[None]:
    """pytest-django's own helper, without the flush after every test that it asks for."""
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture(scope="module")
def demo(live_server: Any, django_db_setup: None, django_db_blocker: Any) -> Iterator[Demo]:
    with django_db_blocker.unblock():
        load_demo(residents=12)
        _calls()
        council = Council.objects.get(slug="demo")
        advisor = get_user_model().objects.get(username="advisor")
        resident = Resident.objects.filter(council=council).order_by("pk").first()
        assert resident is not None
        case = case_open(
            query_type=QueryType.objects.get(council=council, code="waste-missed-collection"),
            actor=advisor,
            description="Green bin not emptied on Tuesday; the crew missed the whole of "
            "Mill Lane and Longfellow-Hargreaves-Montgomery-Smythe Court",
            resident=resident,
        )
        # A shared-service advisor with two councils starts on "Choose a council".
        shared = get_user_model().objects.create_user(username="shared", password=SHARED)
        for slug in ("demo", "neighbour"):
            Membership.objects.create(
                user=shared, council=Council.objects.get(slug=slug), role=Role.ADVISOR
            )
        yield Demo(url=live_server.url, case=case.reference, resident=resident.pk)
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def signed_in(browser: Browser, demo: Demo) -> dict[str, Any]:
    """Each account's cookies, from signing in once through the real sign-in page."""
    states: dict[str, Any] = {}
    passwords = {a.username: a.password for a in demo_accounts()} | {"shared": SHARED}
    for username in ("manager", "advisor", "shared"):
        password = passwords[username]
        context = browser.new_context(base_url=demo.url)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(
            page.get_by_role("heading", name="Triage").or_(
                page.get_by_role("heading", name="Choose a council")
            )
        ).to_be_visible()
        states[username] = context.storage_state()
        context.close()
    return states


def _error_page(status: int) -> Callable[[Page, Demo], None]:
    """Django's own error pages that a browser cannot easily cause (a server error, a body too
    large, a failed CSRF check, a bad request), rendered by config.errors and served at a URL."""

    def visit(page: Page, demo: Demo) -> None:
        from config.errors import error_answer

        request = RequestFactory().get("/councils/demo/help/")
        body = error_answer(request, status, "Sorry").content.decode()
        page.route(
            "**/error-page/", lambda route: route.fulfill(body=body, content_type="text/html")
        )
        page.goto("/error-page/")

    return visit


def _as_200(page: Page, path: str) -> None:
    """Go to a page answered with an error status (which the browser would log), as a 200."""

    def fulfill(route: Route) -> None:
        route.fulfill(response=route.fetch(), status=200)

    page.route(f"**{path}", fulfill)
    page.goto(path)


def _report(page: Page, demo: Demo) -> None:
    page.goto("/councils/demo/help/?q=fly+tipping")
    page.get_by_role("button", name="Report it online").click()
    page.get_by_label("Furniture").check()
    page.get_by_label("A car boot load").check()
    page.get_by_label("Tell us about the problem").fill("A sofa and four tyres in the alley")
    page.get_by_label("Full name").fill("Grace Hopper")
    page.get_by_label("Phone number").fill("07700 900982")
    page.get_by_role("button", name="Send report").click()
    expect(page.locator(".govuk-panel")).to_be_visible()


def _track_case(page: Page, demo: Demo) -> None:
    _report(page, demo)
    page.get_by_role("link", name="See the progress of your report").click()
    expect(page).to_have_url(re.compile(r"/councils/demo/track/[^/]+/$"))


def _sign_in_error(page: Page, demo: Demo) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def _reset_sent(page: Page, demo: Demo) -> None:
    page.goto("/accounts/password/reset/")
    page.get_by_label("Email").fill("someone@example.org")
    page.get_by_role("button").last.click()
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/done/$"))


def _go(path: str) -> Callable[[Page, Demo], None]:
    def visit(page: Page, demo: Demo) -> None:
        page.goto(path.format(case=demo.case, resident=demo.resident))

    return visit


def _go_as_200(path: str) -> Callable[[Page, Demo], None]:
    def visit(page: Page, demo: Demo) -> None:
        _as_200(page, path.format(case=demo.case, resident=demo.resident))

    return visit


STAFF = "/staff/demo"
# (template, who is signed in, how to reach it)
PAGES: list[tuple[str, str, Callable[[Page, Demo], None]]] = [
    ("portal/home", "", _go("/")),
    ("portal/help", "", _go("/councils/demo/help/?q=bin")),
    ("portal/standards", "", _go("/councils/demo/standards/")),
    ("portal/report", "", _go("/councils/demo/report/env-fly-tipping/")),
    ("portal/report_done", "", _report),
    ("portal/track", "", _go("/councils/demo/track/")),
    ("portal/track_case", "", _track_case),
    ("account/login", "", _go("/accounts/login/")),
    ("account/login with errors", "", _sign_in_error),
    ("account/password_reset", "", _go("/accounts/password/reset/")),
    ("account/password_reset_done", "", _reset_sent),
    ("backoffice/home", "shared", _go("/staff/")),
    ("backoffice/triage", "manager", _go(f"{STAFF}/triage/?q=bin&channel=phone")),
    ("backoffice/resident_search", "manager", _go(f"{STAFF}/residents/?q=a")),
    ("backoffice/resident_new", "manager", _go(f"{STAFF}/residents/new/")),
    ("backoffice/resident", "manager", _go(STAFF + "/residents/{resident}/")),
    (
        "backoffice/vulnerability_new",
        "manager",
        _go(STAFF + "/residents/{resident}/vulnerability/"),
    ),
    ("backoffice/contact", "manager", _go(STAFF + "/residents/{resident}/contact/")),
    ("backoffice/merge", "manager", _go(STAFF + "/residents/{resident}/merge/?q=a")),
    ("backoffice/case", "manager", _go(STAFF + "/cases/{case}/")),
    ("backoffice/worklist", "manager", _go(f"{STAFF}/worklist/")),
    ("backoffice/visits/tally", "manager", _go(f"{STAFF}/visits/tally/")),
    ("backoffice/performance/index", "manager", _go(f"{STAFF}/performance/")),
    (
        "backoffice/performance/calls",
        "manager",
        _go(f"{STAFF}/performance/calls/?from=2023-01-01&to=2023-03-31"),
    ),
    ("backoffice/performance/year_on_year", "manager", _go(f"{STAFF}/performance/year-on-year/")),
    (
        "backoffice/performance/channels_dashboard",
        "manager",
        _go(f"{STAFF}/performance/channels/"),
    ),
    ("backoffice/performance/demand_dashboard", "manager", _go(f"{STAFF}/performance/demand/")),
    ("backoffice/performance/visits_dashboard", "manager", _go(f"{STAFF}/performance/visits/")),
    ("backoffice/planning/scenarios", "manager", _go(f"{STAFF}/planning/scenarios/")),
    ("privacy/subject_access", "manager", _go(STAFF + "/residents/{resident}/subject-access/")),
    ("backoffice/performance/forbidden", "advisor", _go_as_200(f"{STAFF}/performance/")),
    (
        "backoffice/forbidden",
        "advisor",
        _go_as_200(STAFF + "/residents/{resident}/subject-access/"),
    ),
    ("404", "", _go_as_200("/councils/nowhere/help/")),
    ("405", "manager", _go_as_200(STAFF + "/cases/{case}/note/")),
    ("400", "", _error_page(400)),
    ("403", "", _error_page(403)),
    ("413", "", _error_page(413)),
    ("500", "", _error_page(500)),
]


@pytest.mark.parametrize(("name", "who", "visit"), PAGES, ids=[name for name, *_ in PAGES])
def test_the_page_fits_a_phone_and_passes_axe(
    browser: Browser,
    demo: Demo,
    signed_in: dict[str, Any],
    name: str,
    who: str,
    visit: Callable[[Page, Demo], None],
) -> None:
    context: BrowserContext = browser.new_context(
        base_url=demo.url,
        viewport={"width": WIDTH, "height": 640},
        storage_state=signed_in[who] if who else None,
    )
    errors: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        visit(page, demo)
        expect(page.locator("main")).to_be_visible()
        if name.startswith(("backoffice/", "privacy/")):
            # In the banner landmark, and no stale "Successfully signed in" from the sign-in.
            banner = page.get_by_role("banner")
            expect(banner.get_by_text(f"Signed in as {who}", exact=True)).to_be_visible()
            expect(page.get_by_text("Successfully signed in")).to_have_count(0)
        found = page.evaluate(OVERFLOW)
        assert found["regions"] == [], page.url
        assert found["wide"] == [], page.url
        assert found["scrollWidth"] <= WIDTH, page.url
        captions = [c.strip() for c in page.locator("caption").all_text_contents()]
        assert len(set(captions)) == len(captions), f"tables share a caption: {captions}"
        assert axe_violations(page) == [], page.url
        assert errors == [], errors
    finally:
        context.close()


def test_a_failed_sign_in_follows_the_govuk_error_pattern(browser: Browser, demo: Demo) -> None:
    """ "Error:" in the title, a summary at the top whose link goes to the field, and the message
    by the field, as on every other form."""
    context = browser.new_context(base_url=demo.url, viewport={"width": WIDTH, "height": 640})
    page = context.new_page()
    try:
        _sign_in_error(page, demo)
        expect(page).to_have_title(re.compile(r"^Error: Sign in"))
        summary = page.locator(".govuk-error-summary")
        link = summary.get_by_role("link", name="The username and/or password")
        link.click()
        expect(page.get_by_label("Username")).to_be_focused()
        by_the_field = page.locator(".govuk-form-group--error .govuk-error-message")
        expect(by_the_field).to_contain_text("The username and/or password you specified")
        expect(page.get_by_label("Username")).to_have_attribute(
            "aria-describedby", re.compile("id_login-error")
        )
    finally:
        context.close()


def test_a_report_date_is_typed_as_the_hint_says(
    browser: Browser, demo: Demo, signed_in: dict[str, Any]
) -> None:
    """The date boxes are text boxes whose hint shows both forms they accept (day/month/year
    and ISO), not a browser date control that shows one format and a hint that shows another."""
    context = browser.new_context(base_url=demo.url, storage_state=signed_in["manager"])
    page = context.new_page()
    try:
        page.goto(f"{STAFF}/performance/calls/")
        start = page.get_by_label("From", exact=True)
        expect(start).to_have_attribute("type", "text")
        expect(page.locator("#id_from-hint")).to_have_text("For example, 1/1/2023 or 2023-01-01")
        start.fill("1/1/2023")
        page.get_by_label("To", exact=True).fill("31/3/2023")
        page.get_by_role("button", name="Show the figures").click()
        expect(page.locator("#calls-by-line-and-period")).to_contain_text("Local Taxation line")
    finally:
        context.close()


def test_a_paused_case_says_how_long_is_left_not_a_due_time(
    browser: Browser, demo: Demo, signed_in: dict[str, Any], django_db_blocker: Any
) -> None:
    """Run last: it pauses the module's case."""
    with django_db_blocker.unblock():
        case = Case.objects.get(reference=demo.case)
        case_transition(case=case, actor=case.opened_by, to="awaiting_resident")
        case.refresh_from_db()
        hours = f"{round((case.sla_remaining_seconds or 0) / 3600, 1):g}"
    context = browser.new_context(base_url=demo.url, storage_state=signed_in["manager"])
    page = context.new_page()
    try:
        page.goto(f"{STAFF}/cases/{demo.case}/")
        due = page.locator(".govuk-summary-list__row", has_text="Due")
        expect(due).to_contain_text(
            f"Paused while awaiting the resident: {hours} working hours left"
        )
    finally:
        context.close()

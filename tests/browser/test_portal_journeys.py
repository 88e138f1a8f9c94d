"""The resident journeys in a real browser: find a service, report, track. axe on every page."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from civicdesk.cases.models import Case, CaseAttachment
from civicdesk.cases.services import case_public_update_add
from civicdesk.catalogue.models import QueryType
from civicdesk.councils.models import Council
from civicdesk.portal.reporting import ResidentReport, report_submit
from tests.browser.conftest import axe_violations
from tests.portal.catalogue_questions import add_questions

pytestmark = pytest.mark.browser

PNG = base64.b64decode(  # a real 1x1 PNG: photos are decoded before they are kept
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgaGAAAAEEAIFw9selAAAAAElFTkSuQmCC"
)


@pytest.fixture
def demo_questions(settings: Any, tmp_path: Path) -> Council:
    """Called after the page fixture has loaded the demo."""
    settings.MEDIA_ROOT = tmp_path / "media"
    council = Council.objects.get(slug="demo")
    add_questions(council)
    return council


def test_a_resident_finds_the_service_and_reports_a_missed_bin(
    page: Page, demo_questions: Council
) -> None:
    page.goto("/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Demo City Council").click()
    page.get_by_label("What do you need help with?").fill("my bin was not collected")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Reporting missed collection")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Report it online").click()
    expect(page.get_by_role("heading", name="Reporting missed collection", level=1)).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Send report").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Select an answer for \u2018Which bin was missed?\u2019")
    expect(summary).to_contain_text("Enter your full name")
    assert page.title().startswith("Error:")
    assert axe_violations(page) == []
    summary.get_by_role("link", name="Enter the date and time for").click()
    expect(page.locator("#id_q-collection-due-day")).to_be_focused()

    page.get_by_label("General waste").check()
    page.locator("#id_q-collection-due-day").fill("2")
    page.locator("#id_q-collection-due-month").fill("3")
    page.locator("#id_q-collection-due-year").fill("2026")
    page.locator("#id_q-collection-due-time").fill("7am")
    page.get_by_label("How many bins were missed?").fill("1")
    page.get_by_label("Tell us about the problem").fill("The black bin was not emptied.")
    expect(page.locator(".govuk-character-count__status")).to_contain_text("characters remaining")
    page.get_by_label("Postcode").fill("LE1 6ZG")
    page.get_by_label("Upload a photo").set_input_files(
        {"name": "bin.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_role("button", name="Send report").click()

    panel = page.locator(".govuk-panel")
    expect(panel).to_contain_text("Report sent")
    case = Case.objects.get(reference=panel.locator("strong").inner_text())
    expect(page.get_by_text("We aim to deal with it by")).to_be_visible()
    assert case.answers["bin-type"] == "general"
    assert CaseAttachment.objects.filter(case=case).count() == 1
    assert axe_violations(page) == []

    page.get_by_role("link", name="See the progress of your report").click()
    expect(page.get_by_role("heading", name="Reporting missed collection")).to_be_visible()
    expect(page.get_by_text("Received", exact=True).first).to_be_visible()
    assert axe_violations(page) == []


def test_a_resident_reports_fly_tipping_without_javascript(
    page_without_js: Page, demo_questions: Council
) -> None:
    page = page_without_js
    page.goto("/councils/demo/help/?q=fly+tipping")
    page.get_by_role("button", name="Report it online").click()
    page.get_by_label("Furniture").check()
    page.get_by_label("Tyres").check()
    page.get_by_label("Tell us about the problem").fill("A sofa and four tyres in the alley")
    page.get_by_label("Full name").fill("Grace Hopper")
    page.get_by_label("Phone number").fill("07700 900982")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("alert")).to_have_count(0)

    case = Case.objects.get(reference=page.locator(".govuk-panel strong").inner_text())
    assert case.answers == {"dumped": ["furniture", "tyres"]}
    assert case.query_type.code == "env-fly-tipping"


def test_a_resident_tracks_a_case_with_a_detail_they_gave(
    page: Page, demo_questions: Council
) -> None:
    missed = QueryType.objects.get(council=demo_questions, code="waste-missed-collection")
    case = report_submit(
        ResidentReport(
            query_type=missed,
            questions=[],
            answers={},
            description="Bin missed",
            full_name="Ada Lovelace",
            email="ada@example.org",
            postcode="LE1 6ZG",
        )
    ).case
    case_public_update_add(case=case, actor=None, text="The crew will come back tomorrow")

    page.goto("/councils/demo/help/")
    page.get_by_role("link", name="Track a report or request").click()
    expect(page.get_by_role("heading", name="Track a report or request")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Reference number").fill(case.reference)
    page.get_by_label("Email address, phone number or postcode").fill("someone@example.org")
    page.get_by_role("button", name="Track it").click()
    expect(page.get_by_role("alert")).to_contain_text("We could not find a case with those details")
    assert axe_violations(page) == []

    page.get_by_label("Email address, phone number or postcode").fill("ada@example.org")
    page.get_by_role("button", name="Track it").click()
    expect(page.get_by_role("heading", name="Reporting missed collection")).to_be_visible()
    expect(page.get_by_text("The crew will come back tomorrow")).to_be_visible()
    expect(page.get_by_text("We aim to finish by")).to_be_visible()
    assert axe_violations(page) == []

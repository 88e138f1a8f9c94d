"""Issue 11, point 7: each council's accessibility statement, privacy notice and cookies page,
true to what the software does, and reached from the footer of resident and staff pages."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from civicdesk.catalogue.models import QueryType
from civicdesk.councils.models import Council

PAGES = ("accessibility", "privacy", "cookies")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("page", PAGES)
def test_each_page_renders_for_each_council_with_its_name(neighbour: Council, page: str) -> None:
    for council in Council.objects.all():
        response = Client().get(f"/councils/{council.slug}/{page}/")
        assert response.status_code == 200
        assert council.name in response.content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_a_site_wide_page_links_each_councils_own(neighbour: Council, page: str) -> None:
    html = Client().get(f"/{page}/").content.decode()
    assert f'href="/councils/demo/{page}/"' in html
    assert f'href="/councils/neighbour/{page}/"' in html


def test_the_accessibility_statement_follows_the_model_and_says_how_to_reach_us(
    demo: Council,
) -> None:
    text = _text(Client().get("/councils/demo/accessibility/").content.decode())
    for heading in (
        "How accessible these pages are",
        "What to do if you cannot use parts of these pages",
        "Reporting accessibility problems with these pages",
        "Enforcement procedure",
        "Technical information about these pages\u2019 accessibility",
        "Compliance status",
        "Preparation of this accessibility statement",
    ):
        assert heading in text
    assert "Web Content Accessibility Guidelines version 2.2 AA standard" in text
    assert "Equality Advisory and Support Service (EASS)" in text
    assert "axe-core" in text
    assert "This statement was prepared on 3 December 2026" in text
    assert "contact@demo-council.example" in text
    assert "0116 496 0001" in text  # the general line


def test_a_northern_irish_council_names_its_own_enforcement_body(neighbour: Council) -> None:
    Council.objects.filter(slug="neighbour").update(bank_holiday_region="northern-ireland")
    text = _text(Client().get("/councils/neighbour/accessibility/").content.decode())
    assert "Equality Commission for Northern Ireland" in text
    assert "Equality Advisory and Support Service" not in text


def test_the_privacy_notice_names_the_controller_basis_retention_and_rights(
    demo: Council,
) -> None:
    QueryType.objects.filter(council=demo, code="waste-missed-collection").update(
        retention_days=730
    )
    text = _text(Client().get("/councils/demo/privacy/").content.decode())
    assert "Demo City Council is the data controller" in text
    assert "data.protection@demo-council.example" in text
    assert "vulnerability flag" in text
    assert "explicit consent" in text
    assert "public task" in text
    assert "substantial public interest" in text
    assert "Photos you send with a report" in text or "photos you send with a report" in text
    assert "Waste Reporting missed collection 2 years" in text
    assert "Check the balance" in text
    assert " 6 years" in text
    assert "subject access request" in text
    assert "within one month" in text
    assert "Information Commissioner\u2019s Office" in text
    assert "0303 123 1113" in text


def test_the_cookies_page_lists_the_cookies_the_site_really_sets(demo: Council) -> None:
    client = Client()
    form = client.get("/councils/demo/track/")
    set_by_the_site = set(form.cookies)
    html = client.get("/councils/demo/cookies/").content.decode()
    assert set_by_the_site  # the tracking form sets the CSRF cookie
    for name in set_by_the_site | {settings.SESSION_COOKIE_NAME, "messages"}:
        assert f"<code>{name}</code>" in html
    assert "2 weeks" in html
    assert "1 year" in html
    assert "analytics" in html


def test_finding_a_service_sets_no_cookie(demo: Council) -> None:
    assert not Client().get("/councils/demo/help/", {"q": "missed bin"}).cookies


@pytest.mark.parametrize("page", PAGES)
def test_the_footer_of_a_resident_page_reaches_the_councils_page(demo: Council, page: str) -> None:
    html = Client().get("/councils/demo/help/").content.decode()
    footer = html[html.index('<footer class="govuk-footer"') :]
    link = f'href="/councils/demo/{page}/"'
    assert link in footer
    assert Client().get(f"/councils/demo/{page}/").status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_the_footer_of_a_staff_page_reaches_the_councils_page(
    advisor_client: Client, page: str
) -> None:
    html = advisor_client.get("/staff/demo/worklist/").content.decode()
    footer = html[html.index('<footer class="govuk-footer"') :]
    assert f'href="/councils/demo/{page}/"' in footer


@pytest.mark.parametrize("page", PAGES)
def test_the_footer_of_a_page_with_no_council_reaches_the_site_wide_page(
    demo: Council, page: str
) -> None:
    html = Client().get("/").content.decode()
    footer = html[html.index('<footer class="govuk-footer"') :]
    assert f'href="/{page}/"' in footer
    assert Client().get(f"/{page}/").status_code == 200

"""The public service-standards page: hand-computed figures against the published standards,
in words and tags; no sign-in; one council's figures never on another's page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from civicdesk.cases.models import Case
from civicdesk.cases.services import case_open, case_transition
from civicdesk.catalogue.models import QueryType, ServiceLine
from civicdesk.councils.models import Council
from civicdesk.performance.calls_import import calls_import
from civicdesk.performance.models import LineStandard
from civicdesk.performance.services import line_standard_save
from civicdesk.performance.standards import last_complete_month, month_end
from tests.factories import CouncilFactory, ServiceLineFactory

HEADER = (
    "call_id,line,presented_at,ivr_exit_at,queue_entered_at,queue_exited_at,answered_at,"
    "ended_at,outcome,agent,transferred_to,wrap_seconds\n"
)


def _iso(day: date, seconds: int) -> str:
    start = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
    return (start + timedelta(seconds=seconds)).isoformat()


def _answered(call_id: str, line: str, day: date, wait: int) -> str:
    queued, picked_up, ended = _iso(day, 10), _iso(day, 10 + wait), _iso(day, 310 + wait)
    return (
        f"{call_id},{line},{_iso(day, 0)},{queued},{queued},{picked_up},{picked_up},{ended},"
        "answered,Asha,,20\n"
    )


def _abandoned(call_id: str, line: str, day: date, wait: int) -> str:
    queued, gave_up = _iso(day, 10), _iso(day, 10 + wait)
    return (
        f"{call_id},{line},{_iso(day, 0)},{queued},{queued},{gave_up},,{gave_up},"
        "abandoned_queue,,,\n"
    )


def _council(slug: str, name: str, line_name: str) -> tuple[Council, ServiceLine]:
    council = CouncilFactory.create(slug=slug, name=name)
    line = ServiceLineFactory.create(council=council, code="tax", name=line_name)
    standard = LineStandard(
        council=council,
        line=line,
        answer_within_seconds=120,
        service_level_target=Decimal("0.8"),
        ata_target_seconds=300,
        abandon_rate_target=Decimal("0.1"),
    )
    line_standard_save(standard=standard, actor="test")
    return council, line


def _last_month() -> date:
    return last_complete_month(timezone.localdate())


@pytest.fixture
def east(db: None) -> Council:
    """Last month on East's line: answered in 60 s, 100 s, 130 s and 250 s; one abandon in the
    queue after 90 s. Within 2 minutes: 2 of 5 = 40%, not met. Average time to answer:
    (60 + 100 + 130 + 250) / 4 = 135 s = 2 minutes 15 seconds, met. Hung up while waiting:
    1 of 5 = 20%, not met."""
    council, _ = _council("east-test", "East Test Council", "East Revenues line")
    day = _last_month() + timedelta(days=1)
    calls_import(
        council=council,
        text=HEADER
        + _answered("E1", "East Revenues line", day, 60)
        + _answered("E2", "East Revenues line", day, 100)
        + _answered("E3", "East Revenues line", day, 130)
        + _answered("E4", "East Revenues line", day, 250)
        + _abandoned("E5", "East Revenues line", day, 90),
    )
    return council


@pytest.fixture
def west(db: None) -> Council:
    """Last month on West's line: one call, answered in 7 s. Every standard met."""
    council, _ = _council("west-test", "West Test Council", "West Benefits line")
    day = _last_month() + timedelta(days=2)
    calls_import(council=council, text=HEADER + _answered("W1", "West Benefits line", day, 7))
    return council


def _page(council: Council | str) -> str:
    slug = council if isinstance(council, str) else council.slug
    response = Client().get(f"/councils/{slug}/standards/")
    assert response.status_code == 200
    return response.content.decode()


def _table(html: str, table_id: str) -> str:
    match = re.search(rf'<table class="govuk-table" id="{table_id}">(.*?)</table>', html, re.S)
    assert match, f"no table {table_id}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))


def test_last_months_figures_against_each_standard_in_words(east: Council) -> None:
    html = _page(east)
    month = f"{_last_month():%B %Y}"

    assert '<h1 class="govuk-heading-xl">Our service standards</h1>' in html
    table = _table(html, "phone-lines-month")
    assert f"Our phone lines in {month}" in table
    assert (
        "East Revenues line 5 calls "
        "Answer 80% of calls within 2 minutes 40% answered within 2 minutes Not met "
        "Answer calls within 5 minutes on average "
        "Answered in 2 minutes 15 seconds on average Met "
        "No more than 10% of callers hang up while waiting 20% hung up while waiting Not met"
    ) in table
    assert "We met 1 of the 3 standards we could measure." in html
    assert f"The first table covers calls from 1 to {month_end(_last_month()).day} {month}" in html


def test_met_and_not_met_are_words_in_tags_not_colour_alone(east: Council) -> None:
    html = _page(east)
    assert '<strong class="govuk-tag govuk-tag--red">Not met</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--green">Met</strong>' in html


def test_the_year_to_date_runs_from_1_january_to_the_end_of_last_month(east: Council) -> None:
    html = _page(east)
    first = _last_month()
    table = _table(html, "phone-lines-year")
    end = month_end(first)
    assert f"Our phone lines, year to date (1 January to {end.day} {end:%B %Y})" in table
    # Only last month has calls, so the year to date has the same figures.
    assert "40% answered within 2 minutes Not met" in table


def test_one_councils_figures_never_appear_on_anothers_page(east: Council, west: Council) -> None:
    east_page, west_page = _page(east), _page(west)

    assert "West Benefits line" in west_page
    assert "100% answered within 2 minutes" in west_page
    assert "Answered in 7 seconds on average" in west_page
    for theirs in ("East Revenues line", "40% answered", "2 minutes 15 seconds", "20% hung up"):
        assert theirs not in west_page
    for theirs in ("West Benefits line", "100% answered", "7 seconds"):
        assert theirs not in east_page


def test_with_only_older_calls_the_page_says_which_month_it_shows(db: None) -> None:
    council, _ = _council("older-test", "Older Test Council", "Old line")
    idle = ServiceLineFactory.create(council=council, code="idle", name="Idle line")
    LineStandard.objects.create(council=council, line=idle)
    older = (_last_month() - timedelta(days=40)).replace(day=3)
    calls_import(council=council, text=HEADER + _answered("O1", "Old line", older, 5))

    html = _page(council)
    month = _table(html, "phone-lines-month")
    assert "Idle line 0 calls Answer 80% of calls within 20 seconds No calls to measure" in month
    assert "Not measured" in month

    assert (
        f"We do not have call figures for {_last_month():%B %Y} yet. The figures below are for "
        f"{older:%B %Y}, the latest month we have."
    ) in html
    assert f"Our phone lines in {older:%B %Y}" in html


def test_without_any_calls_the_page_lists_the_standards_alone(db: None) -> None:
    council, _ = _council("quiet-test", "Quiet Test Council", "Quiet line")
    html = _page(council)
    assert "We do not have any call figures to show yet." in html
    standards = _table(html, "phone-line-standards")
    assert (
        "Quiet line Answer 80% of calls within 2 minutes Answer calls within 5 minutes on average "
        "No more than 10% of callers hang up while waiting"
    ) in standards
    assert 'id="phone-lines-month"' not in html
    assert "Met</strong>" not in html


def test_cases_resolved_last_month_within_their_standard_by_service(
    demo: Council, missed_bin: QueryType, advisor: Any
) -> None:
    first = _last_month()
    resolved = datetime(first.year, first.month, 5, 12, tzinfo=UTC)
    for due in (resolved + timedelta(days=1), resolved - timedelta(hours=1)):
        case = case_open(query_type=missed_bin, actor=advisor, description="Bin not emptied")
        case_transition(case=case, actor=advisor, to="resolved", outcome="done")
        # Test data: resolved last month, one before and one after its due time.
        Case.objects.filter(pk=case.pk).update(due_at=due, resolved_at=resolved)

    table = _table(_page(demo), "cases-by-service")

    assert f"finished in {first:%B %Y}" in table
    assert "Waste 2 1 50%" in table


def test_the_demo_councils_published_standards(demo: Council) -> None:
    html = _page(demo)
    # Until calls are generated for it, the demo has only its standards to show.
    figures = 'id="phone-lines-month"' in html
    month = _table(html, "phone-lines-month" if figures else "phone-line-standards")
    assert "Social Care Switchboard" in month
    assert "Answer 80% of calls within 1 minute " in month
    assert "No more than 5% of callers hang up while waiting" in month
    assert "Answer calls within 5 minutes on average" in month  # the other lines
    # The query types' standards, by service.
    assert '<caption class="govuk-table__caption govuk-table__caption--m">Waste</caption>' in html
    assert "Reporting missed collection" in html
    assert "working days" in html


def test_no_sign_in_and_the_same_page_for_everyone(demo: Council) -> None:
    response = Client().get("/councils/demo/standards/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]  # its CSP nonce is its own
    assert "max-age=300" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_an_unknown_or_inactive_council_is_not_found(demo: Council) -> None:
    assert Client().get("/councils/nowhere/standards/").status_code == 404
    Council.objects.filter(slug="neighbour").update(active=False)
    assert Client().get("/councils/neighbour/standards/").status_code == 404


def test_the_help_page_links_to_the_standards(demo: Council) -> None:
    html = Client().get("/councils/demo/help/").content.decode()
    assert 'href="/councils/demo/standards/"' in html

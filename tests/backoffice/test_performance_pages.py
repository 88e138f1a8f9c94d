"""The call dashboards: who may see them, their filters, their errors and their downloads.

The calls are tests/performance/data/year_on_year.csv (figures worked out by hand in
tests/performance/test_call_reports.py), put on the demo council's Local Taxation and Waste
Management lines.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from openpyxl import load_workbook

from civicdesk.backoffice.reports.tables import Column, display
from civicdesk.councils.models import Council, Membership, Role
from civicdesk.performance.calls_import import calls_import
from civicdesk.performance.models import LineStandard
from tests.performance.conftest import DATA

CALLS = "/staff/demo/performance/calls/"
YOY = "/staff/demo/performance/year-on-year/"
Q1 = "?period=month&from=2023-01-01&to=2023-03-31"


class _Tables(HTMLParser):
    """Each <table id=…> of a page as rows of cell texts (headers and cells alike)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = dict(attrs).get("id") or ""
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables_of(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


@pytest.fixture
def calls(demo: Council) -> Council:
    text = (DATA / "year_on_year.csv").read_text(encoding="utf-8")
    text = text.replace(",council-tax,", ",local-taxation,").replace(
        ",waste,", ",waste-management,"
    )
    assert calls_import(council=demo, text=text).created == 14
    return demo


@pytest.fixture
def team_leader_client(demo: Council) -> Client:
    user = get_user_model().objects.create_user(username="lead", password="a long test password")
    Membership.objects.create(user=user, council=demo, role=Role.TEAM_LEADER)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_sign_in_is_needed(demo: Council) -> None:
    for address in ("/staff/demo/performance/", CALLS, YOY):
        response = Client().get(address)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_team_leaders_and_up_see_them_advisors_do_not_other_councils_get_404(
    calls: Council, team_leader_client: Client, advisor_client: Client, neighbour_client: Client
) -> None:
    assert team_leader_client.get(CALLS).status_code == 200
    refused = advisor_client.get(CALLS)
    assert refused.status_code == 403
    assert "team leaders, service managers and council administrators" in refused.text
    assert advisor_client.get(YOY + "?format=csv&table=year-on-year").status_code == 403
    assert neighbour_client.get(CALLS).status_code == 404
    assert neighbour_client.get("/staff/demo/performance/").status_code == 404


@pytest.mark.django_db
def test_the_index_links_every_dashboard(calls: Council, manager_client: Client) -> None:
    page = manager_client.get("/staff/demo/performance/")
    assert page.status_code == 200
    assert f'href="{CALLS}"' in page.text
    assert f'href="{YOY}"' in page.text


@pytest.mark.django_db
def test_calls_by_month_show_the_hand_computed_figures(
    calls: Council, manager_client: Client
) -> None:
    page = manager_client.get(CALLS + Q1)
    assert page.status_code == 200
    tables = tables_of(page.text)
    header, *rows = tables["calls-by-period"]
    assert header[:4] == ["Period", "From", "To", "Presented"]
    february = dict(zip(header, rows[1], strict=True))
    # T23c (ATA 60, AHT 60), W23a (20, 180), W23b (40, 180).
    assert february["Period"] == "Feb 2023"
    assert (february["Presented"], february["Answered"]) == ("3", "3")
    assert february["Average time to answer"] == "0:40"
    assert february["Average handling time"] == "2:20"
    assert february["Transferred to tier 2"] == "1"
    header, *rows = tables["calls-by-line-and-period"]
    by_line = {(r[0], r[1]): dict(zip(header, r, strict=True)) for r in rows}
    march = by_line[("Local Taxation line", "Mar 2023")]
    # T23e waited 120 s; the service level counts it when the line's standard allows that long.
    within = LineStandard.objects.get(line__code="local-taxation").answer_within_seconds
    assert march["Abandoned in the queue"] == "1"
    assert march["Service level"] == ("50.0%" if within >= 120 else "0.0%")
    assert march["Mean wait"] == "1:15"
    assert "Waste Management line" in {line for line, _ in by_line}
    # The chart: an accessible SVG with its title, drawn from the same table.
    assert re.search(
        r'<svg[^>]+role="img"[^>]+aria-labelledby="chart-calls-by-period-title', page.text
    )
    assert "Calls presented and answered by month, all lines</title>" in page.text
    assert " style=" not in page.text


@pytest.mark.django_db
def test_filters_by_line_period_and_dates(calls: Council, manager_client: Client) -> None:
    page = manager_client.get(
        CALLS + "?line=waste-management&period=week&from=2023-01-01&to=2023-02-28"
    )
    assert page.status_code == 200
    tables = tables_of(page.text)
    assert "calls-by-line-and-period" not in tables  # one line: its totals are the table
    _, *rows = tables["calls-by-period"]
    assert [(r[0], r[3]) for r in rows] == [("Week from 30 Jan 2023", "2")]
    assert "Waste Management line, by week" in page.text
    partial = manager_client.get(CALLS + "?period=month&from=2023-01-15&to=2023-03-05")
    _, *rows = tables_of(partial.text)["calls-by-period"]
    assert rows[0][:4] == ["Jan 2023", "2023-01-15", "2023-01-31", "1"]  # T23b only
    assert "count only the days within the dates chosen" in partial.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?line=nope", "id_line", "Choose a line from the list"),
        ("?from=2023-02-30", "id_from", "From must be a real date"),
        ("?from=2023-03-01&to=2023-02-01", "id_to", "To must be the same date as From or later"),
        ("?period=fortnight", "id_period", "Choose day, week, month or year"),
        ("?period=day&from=2022-01-01&to=2023-06-30", "id_from", "Choose a shorter range"),
    ],
)
def test_bad_filters_are_named_in_an_error_summary_with_a_400(
    calls: Council, manager_client: Client, query: str, field: str, message: str
) -> None:
    page = manager_client.get(CALLS + query)
    assert page.status_code == 400
    assert "govuk-error-summary" in page.text
    assert f'href="#{field}"' in page.text
    assert message in page.text
    assert page.text.count("<title>Error: ") == 1
    download = manager_client.get(CALLS + query + "&format=csv&table=calls-by-period")
    assert download.status_code == 400


def _csv(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _number(text: str) -> float | None:
    """A CSV figure: plain, or a percentage ("83.42%") as a share."""
    if not text:
        return None
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


@pytest.mark.django_db
def test_csv_and_xlsx_hold_the_numbers_the_page_shows(
    calls: Council, manager_client: Client
) -> None:
    page = manager_client.get(CALLS + Q1)
    header, *rows = tables_of(page.text)["calls-by-line-and-period"]
    link = Q1.replace("&", "&amp;") + "&amp;table=calls-by-line-and-period&amp;format=csv"
    assert link in page.text  # the download keeps the filters
    download = manager_client.get(CALLS + Q1 + "&table=calls-by-line-and-period&format=csv")
    assert download["Content-Type"].startswith("text/csv")
    name = "demo-calls-by-line-and-period-month-all-lines-2023-01-01-to-2023-03-31.csv"
    assert f'filename="{name}"' in download["Content-Disposition"]
    lines = _csv(download)
    assert len(lines) == len(rows) == 5
    units = {
        "Average time to answer": ("Average time to answer (seconds)", "seconds"),
        "Service level": ("Service level", "share"),
        "Mean wait": ("Mean wait (seconds)", "seconds"),
    }
    for shown, saved in zip(rows, lines, strict=True):
        shown_row = dict(zip(header, shown, strict=True))
        for label, (heading, unit) in units.items():
            value = _number(saved[heading])
            assert display(value, Column("x", label, unit=unit)) == shown_row[label]
        assert saved["Presented"] == shown_row["Presented"]
    # January, Local Taxation: (30 + 90) / 2
    assert lines[0]["Average time to answer (seconds)"] == "60.0"

    book = manager_client.get(CALLS + Q1 + "&table=calls-by-line-and-period&format=xlsx")
    assert book["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet is not None
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Line"
    assert [row[4] for row in values[1:]] == [int(r["Presented"]) for r in lines]
    assert manager_client.get(CALLS + Q1 + "&table=nope&format=csv").status_code == 404
    assert manager_client.get(CALLS + Q1 + "&table=calls-by-period&format=pdf").status_code == 404


@pytest.mark.django_db
def test_year_on_year_page_says_the_direction_in_words_and_arrows(
    calls: Council, manager_client: Client
) -> None:
    page = manager_client.get(YOY)
    assert page.status_code == 200
    assert "2022 vs 2023 YTD (end Mar)" in page.text
    tables = tables_of(page.text)
    total = {row[0]: row[1:] for row in tables["year-on-year-1"][1:]}
    assert total["Presented"][:2] == ["6", "8"]
    assert total["Average time to answer"] == ["0:32", "1:00", "↑ up, worse"]
    assert total["Share answered"] == ["66.7%", "75.0%", "↑ up, better"]
    assert total["Presented"][2] == "↑ up: 433.3% more calls a month"  # 8 / 3 against 6 / 12
    taxation = {row[0]: row[1:] for row in tables["year-on-year-2"][1:]}
    assert tables["year-on-year-2"][0][0] == "Measure"
    assert taxation["Average handling time"] == ["3:40", "3:30", "↓ down, better"]
    assert '<span class="cd-arrow" aria-hidden="true">↓</span> down, better' in page.text

    flat = _csv(manager_client.get(YOY + "?table=year-on-year&format=csv"))
    assert flat[0]["Line"] == "All lines"
    assert flat[0]["Average time to answer: direction"] == "up, worse"
    assert flat[0]["Average time to answer 2022 (seconds)"] == "32.5"
    assert flat[1]["Average handling time: direction"] == "down, better"
    # Seed 001's "% transferred" (of calls answered): only T23c, one of Council Tax's four in 2023.
    assert total["% transferred"] == ["0.0%", "16.7%", "↑ up"]  # 0 / 4 -> 1 / 6
    assert taxation["% transferred"] == ["0.0%", "25.0%", "↑ up"]  # 0 / 3 -> 1 / 4
    assert flat[1]["% transferred: direction"] == "up"


@pytest.mark.django_db
def test_year_on_year_like_for_like_and_its_errors(calls: Council, manager_client: Client) -> None:
    page = manager_client.get(YOY + "?from_year=2022&to_year=2023&like_for_like=1")
    assert page.status_code == 200
    assert "2022 vs 2023, 1 Jan to 31 Mar" in page.text
    total = {row[0]: row[1:] for row in tables_of(page.text)["year-on-year-1"][1:]}
    assert total["Presented"][:2] == ["3", "8"]  # T22a, W22a, W22b against 2023 to 31 March
    for query, field in (
        ("?from_year=2023&to_year=2023", "id_to_year"),
        ("?from_year=1999", "id_from_year"),
        ("?to_year=2023&through=2022-05-01", "id_through"),
        ("?line=nope", "id_line"),
    ):
        bad = manager_client.get(YOY + query)
        assert bad.status_code == 400, query
        assert f'href="#{field}"' in bad.text, query


@pytest.mark.django_db
def test_the_pages_work_before_any_calls_are_imported(
    demo: Council, manager_client: Client
) -> None:
    calls_page = manager_client.get(CALLS)
    assert calls_page.status_code == 200
    assert "No calls in this selection." in calls_page.text
    assert "No data for this selection" in calls_page.text  # the chart
    yoy = manager_client.get(YOY)
    assert yoy.status_code == 200
    total = {row[0]: row[1:] for row in tables_of(yoy.text)["year-on-year-1"][1:]}
    assert total["Average time to answer"] == ["no data", "no data", "not comparable"]


def test_the_staff_menu_offers_performance_to_team_leaders_only(
    demo: Council, advisor_client: Client, team_leader_client: Client
) -> None:
    advisor_menu = advisor_client.get("/staff/demo/worklist/").content.decode()
    leader_menu = team_leader_client.get("/staff/demo/worklist/").content.decode()

    assert 'href="/staff/demo/performance/"' not in advisor_menu
    assert 'href="/staff/demo/performance/"' in leader_menu
    assert 'href="/staff/demo/visits/tally/"' in advisor_menu

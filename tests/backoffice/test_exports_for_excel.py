"""Every dashboard download opens in Excel as an officer needs it (issue 11, point 9).

XLSX: percentages are numbers formatted 0.0%, money numbers formatted £#,##0.00, durations
seconds under a header that says so, dates real dates shown dd/mm/yyyy, counts numbers; the
header row is bold, frozen and filtered, and the columns fit their headers. CSV: UTF-8 with a
byte order mark, the same headers, numbers plain, percentages with their sign ("25.0%"), dates
ISO. Both are named for the council, the table and the filters.

The figures are those of test_performance_pages (calls) and test_contact_dashboards (contacts).
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from civicdesk.backoffice.reports.tables import Column, Kind
from civicdesk.catalogue.models import QueryType, ServiceLine, Venue
from civicdesk.contacts.services import contact_record
from civicdesk.councils.models import Council
from civicdesk.demo.calls_write import calls_generate
from civicdesk.performance.calls_import import calls_import
from tests.performance.conftest import DATA

pytestmark = pytest.mark.django_db

PERFORMANCE = "/staff/demo/performance/"
MARCH = {"from": "2023-03-01", "to": "2023-03-31"}
BASELINE = {"baseline_from": "2023-01-01", "baseline_to": "2023-01-31"}
BOM = b"\xef\xbb\xbf"
COUNT, PERCENT, MONEY, SECONDS, DATE = "#,##0", "0.0%", "£#,##0.00", "#,##0.0", "dd/mm/yyyy"


@pytest.fixture
def calls(demo: Council) -> Council:
    text = (DATA / "year_on_year.csv").read_text(encoding="utf-8")
    text = text.replace(",council-tax,", ",local-taxation,").replace(
        ",waste,", ",waste-management,"
    )
    assert calls_import(council=demo, text=text).created == 14
    return demo


@pytest.fixture
def contacts(demo: Council, advisor: Any) -> None:
    """January: 4 calls. March: 2 calls and 2 web forms about a payment, a walk-in at York House
    and one at Tŷ Gwyn, a venue with a Welsh name."""
    make_payment = QueryType.objects.get(council=demo, code="ct-make-payment")
    york_house = Venue.objects.get(council=demo, code="york-house")
    ty_gwyn = Venue.objects.create(council=demo, code="ty-gwyn", name="Tŷ Gwyn, Caerdydd")

    def record(channel: str, day: int, month: int = 3, **details: Any) -> None:
        at = datetime(2023, month, day, 10, tzinfo=UTC)
        contact_record(council=demo, actor=advisor, channel=channel, presented_at=at, **details)

    for day in range(2, 6):
        record("phone", day, month=1)
    record("phone", 6, query_type=make_payment, outcome="advised_online")
    record("phone", 7, query_type=make_payment, outcome="resolved_first_contact")
    record("web_form", 8, query_type=make_payment, outcome="resolved_first_contact")
    record("web_form", 9, query_type=make_payment)
    record("face_to_face", 9, venue=york_house, purpose="payment_kiosk")
    record("face_to_face", 10, venue=ty_gwyn, purpose="advice")


def _named(response: Any, name: str) -> None:
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"
    )


def _sheet(response: Any, name: str) -> Worksheet:
    """The workbook's sheet, once its name, header row, panes, filter and widths are checked."""
    _named(response, name)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert isinstance(sheet, Worksheet)
    headers = list(sheet[1])
    assert all(cell.font.bold for cell in headers)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(headers))}{sheet.max_row}"
    for cell in headers:
        width = sheet.column_dimensions[cell.column_letter].width
        assert len(str(cell.value)) < width <= 60, cell.value
    return sheet


def _cells(sheet: Worksheet, row: int) -> dict[str, Any]:
    """Row `row` (2 is the first under the header) by header: the openpyxl cells."""
    headers = [str(cell.value) for cell in sheet[1]]
    return dict(zip(headers, sheet[row], strict=True))


def _is(cell: Any, value: Any, number_format: str) -> None:
    """The cell holds `value` as a number (a date: as a real date) shown as `number_format`."""
    if isinstance(value, date):
        assert cell.is_date
        assert cell.value.date() == value
    else:
        assert cell.data_type == "n"
        assert not isinstance(cell.value, str)
        assert cell.value == value
    assert cell.number_format == number_format


def _csv(response: Any, name: str) -> list[dict[str, str]]:
    _named(response, name)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(BOM)
    return list(csv.DictReader(io.StringIO(response.content[len(BOM) :].decode("utf-8"))))


def test_calls_by_line(calls: Council, manager_client: Client) -> None:
    query = f"{PERFORMANCE}calls/?period=month&from=2023-01-01&to=2023-03-31"
    name = "demo-calls-by-line-and-period-month-all-lines-2023-01-01-to-2023-03-31"
    table = "&table=calls-by-line-and-period&format="
    sheet = _sheet(manager_client.get(query + table + "xlsx"), name + ".xlsx")
    january = _cells(sheet, 2)  # Local Taxation, January 2023
    assert january["Line"].value == "Local Taxation line"
    assert january["Period"].value == "Jan 2023"
    _is(january["From"], date(2023, 1, 1), DATE)
    _is(january["To"], date(2023, 1, 31), DATE)
    _is(january["Presented"], 2, COUNT)
    _is(january["Share answered"], 1.0, PERCENT)
    _is(january["Average time to answer (seconds)"], 60.0, SECONDS)
    assert "Average time to answer" not in january  # a duration's header says its unit

    rows = _csv(manager_client.get(query + table + "csv"), name + ".csv")
    assert list(rows[0]) == [str(cell.value) for cell in sheet[1]]
    assert rows[0]["From"] == "2023-01-01"
    assert rows[0]["Presented"] == "2"
    assert rows[0]["Share answered"] == "100.0%"
    assert rows[0]["Average time to answer (seconds)"] == "60.0"

    one_line = (
        f"{PERFORMANCE}calls/?period=week&line=waste-management&from=2023-03-01&to=2023-03-31"
    )
    response = manager_client.get(one_line + "&table=calls-by-period&format=csv")
    _named(response, "demo-calls-by-period-week-waste-management-2023-03-01-to-2023-03-31.csv")


def test_year_on_year(calls: Council, manager_client: Client) -> None:
    query = f"{PERFORMANCE}year-on-year/?table=year-on-year&format="
    sheet = _sheet(
        manager_client.get(query + "xlsx"), "demo-year-on-year-all-lines-2022-vs-2023.xlsx"
    )
    every_line = _cells(sheet, 2)
    assert every_line["Line"].value == "All lines"
    _is(every_line["Presented 2022"], 6, COUNT)
    _is(every_line["Share answered 2023 YTD (end Mar)"], 0.75, PERCENT)
    change = every_line["Change in calls presented per month"]
    _is(change, 4.3333, PERCENT)  # shown as 433.3%: 8 / 3 a month against 6 / 12
    _is(every_line["Average time to answer 2022 (seconds)"], 32.5, SECONDS)
    assert every_line["Average time to answer: direction"].value == "up, worse"

    rows = _csv(manager_client.get(query + "csv"), "demo-year-on-year-all-lines-2022-vs-2023.csv")
    assert rows[0]["Change in calls presented per month"] == "433.33%"
    assert rows[0]["Share answered 2023 YTD (end Mar)"] == "75.0%"
    assert rows[0]["Average time to answer 2022 (seconds)"] == "32.5"

    like = f"{PERFORMANCE}year-on-year/?like_for_like=1&through=2023-03-31&line=local-taxation"
    response = manager_client.get(like + "&table=year-on-year-times&format=xlsx")
    _sheet(
        response,
        "demo-year-on-year-times-local-taxation-2022-vs-2023-through-2023-03-31-like-for-like.xlsx",
    )


def test_channels(contacts: None, manager_client: Client) -> None:
    name = "month-all-services-2023-03-01-to-2023-03-31-baseline-2023-01-01-to-2023-01-31"

    def get(table: str, fmt: str) -> Any:
        return manager_client.get(
            f"{PERFORMANCE}channels/", {**MARCH, **BASELINE, "table": table, "format": fmt}
        )

    cost = _sheet(get("cost-by-channel", "xlsx"), f"demo-cost-by-channel-{name}.xlsx")
    phone = _cells(cost, 2)
    assert phone["Channel"].value == "Phone"
    _is(phone["Contacts"], 2, COUNT)
    _is(phone["Cost per contact (£)"], 1.5, MONEY)
    _is(phone["Cost (£)"], 3.0, MONEY)
    rows = _csv(get("cost-by-channel", "csv"), f"demo-cost-by-channel-{name}.csv")
    assert rows[0]["Cost per contact (£)"] == "1.50"
    assert rows[-1] == {
        "Channel": "All channels",
        "Contacts": "6",
        "Contacts in the baseline": "4",
        "Cost per contact (£)": "2.22",
        "Cost (£)": "13.30",
    }

    groups = _cells(_sheet(get("channel-groups", "xlsx"), f"demo-channel-groups-{name}.xlsx"), 2)
    assert groups["Channels"].value == "Face to face"
    _is(groups["Share of contacts"], pytest.approx(2 / 6), PERCENT)
    mix = _cells(_sheet(get("channel-mix", "xlsx"), f"demo-channel-mix-{name}.xlsx"), 2)
    _is(mix["First day"], date(2023, 3, 1), DATE)
    saving = _cells(_sheet(get("saving", "xlsx"), f"demo-saving-{name}.xlsx"), 2)
    _is(saving["Saving (£)"], -4.3, MONEY)  # 6 x £1.50 = £9.00 at January's mix, less £13.30
    assert _csv(get("saving", "csv"), f"demo-saving-{name}.csv")[0]["Saving (£)"] == "-4.30"


def test_demand(contacts: None, manager_client: Client) -> None:
    query = {**MARCH, "service": "council-tax", "table": "failure-by-service"}
    name = "demo-failure-by-service-council-tax-2023-03-01-to-2023-03-31"
    demand = f"{PERFORMANCE}demand/"
    sheet = _sheet(manager_client.get(demand, {**query, "format": "xlsx"}), name + ".xlsx")
    council_tax = _cells(sheet, 2)
    assert council_tax["Service"].value == "Council Tax"
    _is(council_tax["Contacts"], 4, COUNT)
    _is(council_tax["Failure demand share"], 0.25, PERCENT)
    rows = _csv(manager_client.get(demand, {**query, "format": "csv"}), name + ".csv")
    assert rows[0]["Failure demand share"] == "25.0%"
    assert rows[0]["Avoidable"] == "1"
    # A table with no rows still has its header, filter and frozen pane.
    empty = {**MARCH, "table": "sla-compliance", "format": "xlsx"}
    compliance = _sheet(
        manager_client.get(demand, empty),
        "demo-sla-compliance-all-services-2023-03-01-to-2023-03-31.xlsx",
    )
    assert compliance.max_row == 1


def test_visits_keep_welsh_names_and_dates(contacts: None, manager_client: Client) -> None:
    visits = f"{PERFORMANCE}visits/"
    query = {**MARCH, "venue": "ty-gwyn", "table": "visits-by-day"}
    name = "demo-visits-by-day-ty-gwyn-2023-03-01-to-2023-03-31"
    sheet = _sheet(manager_client.get(visits, {**query, "format": "xlsx"}), name + ".xlsx")
    row = _cells(sheet, 2)
    assert row["Venue"].value == "Tŷ Gwyn, Caerdydd"
    _is(row["Day"], date(2023, 3, 10), DATE)
    _is(row["All visits"], 1, COUNT)
    response = manager_client.get(visits, {**query, "format": "csv"})
    assert "Tŷ Gwyn, Caerdydd".encode() in response.content  # UTF-8, after the BOM
    rows = _csv(response, name + ".csv")
    assert len(rows) == 1
    assert rows[0]["Venue"] == "Tŷ Gwyn, Caerdydd"
    assert (rows[0]["Day"], rows[0]["Advice"], rows[0]["Payment kiosk"]) == ("2023-03-10", "1", "0")


def test_text_that_looks_like_a_formula_stays_text(
    demo: Council, advisor: Any, manager_client: Client
) -> None:
    venue = Venue.objects.get(council=demo, code="york-house")
    venue.name = '=HYPERLINK("http://example.com")'
    venue.save()
    contact_record(
        council=demo,
        actor=advisor,
        channel="face_to_face",
        presented_at=datetime(2023, 3, 9, 10, tzinfo=UTC),
        venue=venue,
        purpose="advice",
    )
    query = {**MARCH, "table": "visits-by-day"}
    name = "demo-visits-by-day-all-venues-2023-03-01-to-2023-03-31"
    cell = _cells(
        _sheet(
            manager_client.get(f"{PERFORMANCE}visits/", {**query, "format": "xlsx"}), name + ".xlsx"
        ),
        2,
    )["Venue"]
    assert cell.value == venue.name
    assert cell.data_type == "s"
    rows = _csv(
        manager_client.get(f"{PERFORMANCE}visits/", {**query, "format": "csv"}), name + ".csv"
    )
    assert rows[0]["Venue"] == "'" + venue.name


def test_scenarios(demo: Council, manager_client: Client) -> None:
    calls_generate(council=demo, year=2023, lines=["housing-benefit"])
    assert ServiceLine.objects.filter(council=demo, code="housing-benefit").exists()
    page = "/staff/demo/planning/scenarios/?query_type=hb-payment-enquiry&share=100&compare=1"
    name = "demo-scenario-lines-2023-08-04-to-2023-08-31"
    sheet = _sheet(manager_client.get(page + "&table=scenario-lines&format=xlsx"), name + ".xlsx")
    every = _cells(sheet, sheet.max_row)
    assert every["Line"].value == "All lines"
    assert isinstance(every["Calls before"].value, int)
    assert every["Calls before"].number_format == COUNT
    assert every["Cost before (£)"].number_format == MONEY
    assert every["Average time to answer before (seconds)"].number_format == SECONDS
    assert every["Service level before"].number_format == PERCENT
    assert 0 <= every["Service level before"].value <= 1
    assert every["Staff hours before"].number_format == "#,##0.0"
    rows = _csv(manager_client.get(page + "&table=scenario-lines&format=csv"), name + ".csv")
    assert rows[-1]["Service level before"].endswith("%")
    assert rows[-1]["Cost before (£)"] == f"{every['Cost before (£)'].value:.2f}"


def test_a_column_declares_its_kind_once() -> None:
    assert Column("share", "Share", kind=Kind.PERCENT).unit == "share"
    assert Column("cost", "Cost", unit="pounds").holds is Kind.MONEY
    assert Column("day", "Day", kind=Kind.DATE).numeric is False
    assert Column("line", "Line", numeric=False).holds is Kind.TEXT
    assert Column("calls", "Calls").holds is Kind.COUNT
    with pytest.raises(ValueError, match="kind money but unit 'share'"):
        Column("cost", "Cost", unit="share", kind=Kind.MONEY)
    with pytest.raises(ValueError, match="a count column is numeric"):
        Column("calls", "Calls", numeric=False, kind=Kind.COUNT)

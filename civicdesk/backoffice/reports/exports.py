"""CSV and XLSX downloads of a report table, made to open well in Excel.

Each column is written by its kind (`reports.tables.Kind`), the same in both files:

- counts and other numbers: plain numbers (XLSX `#,##0`, or `#,##0.0` for numbers with tenths);
- percentages: XLSX a number from 0 to 1 formatted `0.0%`; CSV the percentage with its sign,
  "83.42%", which Excel reads as the same number formatted as a percentage;
- money: a number of pounds, XLSX formatted `£#,##0.00`, CSV plain ("1234.50"), the header
  saying "(£)";
- durations: seconds, the header saying "(seconds)" (XLSX `#,##0.0`), so they compare with a
  line's standard ("answer within 60 seconds") and add up;
- dates: XLSX real dates shown `dd/mm/yyyy`; CSV ISO 8601 ("2023-01-31"), which Excel reads as a
  date in every locale, where 01/02/2023 would be read the American way in some;
- text: as it is, except that text a spreadsheet would run as a formula is quoted
  (`core.spreadsheet_cells`); no figure is left empty but a figure with no data.

The XLSX header row is bold, frozen and filtered, with columns wide enough for their contents;
the CSV is UTF-8 with a byte order mark, so Excel opens "£" and Welsh names as written. The file
name says the council, the table and the filters (`file_name`), in safe characters only.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import Cell as SheetCell
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from civicdesk.backoffice.reports.tables import Cell, Column, Kind, Table, display
from civicdesk.core.spreadsheet_cells import csv_text, xlsx_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"
FORMATS: dict[Kind, str] = {
    Kind.COUNT: "#,##0",
    Kind.NUMBER: "#,##0.0",
    Kind.PERCENT: "0.0%",
    Kind.MONEY: "£#,##0.00",
    Kind.SECONDS: "#,##0.0",
    Kind.DATE: "dd/mm/yyyy",
}
UNIT_WORDS = {Kind.MONEY: "(£)", Kind.SECONDS: "(seconds)"}
MIN_WIDTH, MAX_WIDTH = 8, 60
NAME_LENGTH = 150  # characters of a file name before its extension


def header(column: Column) -> str:
    """A column's heading in a download: its label, with the unit for money and durations."""
    unit = UNIT_WORDS.get(column.holds)
    return f"{column.label} {unit}" if unit else column.label


def _number(value: Cell) -> Cell:
    return float(value) if isinstance(value, Decimal) else value


def csv_cell(value: Cell, column: Column) -> str | int | float:
    """A CSV cell: numbers plain, percentages with their sign, dates ISO, text quoted if it
    would run as a formula."""
    if value is None:
        return ""
    kind = column.holds
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if kind is Kind.PERCENT:
            percent = f"{Decimal(str(value)) * 100:.2f}".rstrip("0")
            return f"{percent}0%" if percent.endswith(".") else f"{percent}%"
        if kind is Kind.MONEY:
            return f"{Decimal(str(value)):.2f}"
        return float(value) if isinstance(value, Decimal) else value
    if isinstance(value, date):
        return value.isoformat()
    return csv_text(str(value))


def table_csv(table: Table, name: str | None = None) -> HttpResponse:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow([csv_text(header(column)) for column in table.columns])
    for row in table.rows:
        writer.writerow(
            [csv_cell(cell, column) for cell, column in zip(row, table.columns, strict=True)]
        )
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment(f"{name or table.slug}.csv")
    return response


def _sheet_cell(sheet: Any, value: Cell, column: Column) -> SheetCell:
    made = xlsx_cell(sheet, _number(value))
    cell: SheetCell = made if isinstance(made, SheetCell) else WriteOnlyCell(sheet, value=made)
    number_format = FORMATS.get(column.holds)
    if number_format and not isinstance(value, str):
        cell.number_format = number_format
    return cell


def _width(texts: Iterable[str]) -> float:
    longest = max((len(line) for text in texts for line in text.splitlines()), default=0)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


def table_xlsx(table: Table, name: str | None = None) -> HttpResponse:
    """The table as a workbook of one sheet, written row by row (write-only: a year of days by
    line is some 100,000 cells). The panes, filter and widths go first, as such a sheet needs."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=re.sub(r"[\[\]:*?/\\]", "", table.slug)[:31] or "Table")
    headings = [header(column) for column in table.columns]
    sheet.freeze_panes = "A2"
    last = get_column_letter(max(1, len(table.columns)))
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    for index, column in enumerate(table.columns):
        shown = (display(row[index], column) for row in table.rows if row[index] is not None)
        # The filter's button sits on the header, so a header needs room for it too.
        width = _width([headings[index] + "   ", *shown])
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    bold = Font(bold=True)
    sheet.append([_heading(sheet, text, bold) for text in headings])
    for row in table.rows:
        sheet.append(
            [
                _sheet_cell(sheet, cell, column)
                for cell, column in zip(row, table.columns, strict=True)
            ]
        )
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = attachment(f"{name or table.slug}.xlsx")
    return response


def _heading(sheet: Any, text: str, font: Font) -> SheetCell:
    made = xlsx_cell(sheet, text)
    cell: SheetCell = made if isinstance(made, SheetCell) else WriteOnlyCell(sheet, value=made)
    cell.font = font
    return cell


def _part(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return slugify(str(value))


def file_name(council: str, table: str, filters: Sequence[object]) -> str:
    """ "demo-calls-by-period-month-local-taxation-2023-01-01-to-2023-03-31": the council, the
    table, then each filter given (None and "" left out; a pair of dates as "from-to-until"),
    in lower-case letters, digits and hyphens only, at most NAME_LENGTH characters."""
    parts = [_part(council), _part(table)]
    for value in filters:
        if isinstance(value, tuple):
            parts.append("-to-".join(_part(day) for day in value))
        elif value not in (None, ""):
            parts.append(_part(value))
    name = re.sub(r"-{2,}", "-", "-".join(part for part in parts if part)).strip("-")
    return name[:NAME_LENGTH].rstrip("-") or "table"


def attachment(name: str) -> str:
    """Content-Disposition for a file name of safe characters, in both of its forms."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "-", name)
    return f"attachment; filename=\"{safe}\"; filename*=UTF-8''{safe}"

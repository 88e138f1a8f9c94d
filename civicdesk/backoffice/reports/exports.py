"""CSV and XLSX downloads of a report table (the raw values, not the page's formatting)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook

from civicdesk.backoffice.reports.tables import Cell, Table
from civicdesk.core.spreadsheet_cells import csv_text, xlsx_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plain(value: Cell) -> str | int | float | date | None:
    return float(value) if isinstance(value, Decimal) else value


def table_csv(table: Table) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.label for column in table.columns])
    for row in table.rows:
        writer.writerow(["" if cell is None else csv_text(_plain(cell)) for cell in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.slug}.csv"'
    return response


def table_xlsx(table: Table) -> HttpResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=table.slug[:31])
    sheet.append([column.label for column in table.columns])
    for row in table.rows:
        sheet.append([xlsx_cell(sheet, _plain(cell)) for cell in row])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{table.slug}.xlsx"'
    return response

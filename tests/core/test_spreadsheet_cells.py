"""One rule for formula-like text in every CSV and XLSX we write (dashboards and catalogue)."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from civicdesk.core.spreadsheet_cells import FORMULA_STARTS, csv_text, from_csv_text, xlsx_cell

# Mostly the characters that matter, so the edge cases come up often.
TEXT = st.text(alphabet=st.sampled_from("'=+-@\t\r a1"), max_size=8) | st.text(max_size=8)


@given(TEXT)
def test_csv_quoting_never_starts_a_formula_and_is_undone_exactly(value: str) -> None:
    quoted = csv_text(value)
    assert quoted[:1] not in FORMULA_STARTS
    assert from_csv_text(quoted) == value


def test_text_typed_after_an_apostrophe_is_read_as_written() -> None:
    assert csv_text("'Tis the season") == "'Tis the season"
    assert from_csv_text("'Tis the season") == "'Tis the season"
    assert csv_text(-2) == -2  # numbers are not text: a spreadsheet shows them as numbers


@given(st.text(alphabet=st.sampled_from("'=+-@\t a1"), max_size=8))
def test_xlsx_cells_hold_the_text_unchanged_and_never_a_formula(value: str) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("s")
    sheet.append([xlsx_cell(sheet, value), xlsx_cell(sheet, "=1+1"), xlsx_cell(sheet, 3)])
    out = io.BytesIO()
    book.save(out)
    cells = next(load_workbook(out).active.iter_rows())
    assert [(cell.value, cell.data_type) for cell in cells[1:]] == [("=1+1", "s"), (3, "n")]
    assert cells[0].data_type != "f"
    assert (cells[0].value or "") == value

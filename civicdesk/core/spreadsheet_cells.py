"""One rule for text in CSV and XLSX files we write: a spreadsheet never runs it as a formula.

Text starting with `=`, `+`, `-`, `@`, a tab or a carriage return is what spreadsheets read as a
formula (CSV injection). In CSV such text gets a leading apostrophe, as spreadsheets themselves
do. In XLSX the cell is written as text (and marked "quote prefix", as Excel marks text typed
after an apostrophe), so the value is unchanged and never a formula.

The CSV quoting can be undone exactly (`from_csv_text`): text that already starts with an
apostrophe followed by one of those characters, or by a second apostrophe, gets one more, so
`from_csv_text(csv_text(value)) == value` for every value, and text a person typed with a
leading apostrophe before ordinary text ("'Tis") is read as written.
"""

from __future__ import annotations

from typing import Any, TypeVar

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = frozenset("=+-@\t\r")
_QUOTE = "'"
T = TypeVar("T")


def _needs_quote(text: str) -> bool:
    if text[:1] in FORMULA_STARTS:
        return True
    # An apostrophe we would otherwise strip on the way back in.
    return (
        text[:1] == _QUOTE and text[1:2] != "" and (text[1] in FORMULA_STARTS or text[1] == _QUOTE)
    )


def csv_text(value: T) -> T | str:
    """A CSV cell: text that a spreadsheet would run gets a leading apostrophe."""
    if isinstance(value, str) and _needs_quote(value):
        return _QUOTE + value
    return value


def from_csv_text(text: str) -> str:
    """Undo `csv_text`: the cell as it was before it was quoted."""
    if text[:1] == _QUOTE and _needs_quote(text[1:]):
        return text[1:]
    return text


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """A value for `sheet.append`: text that looks like a formula becomes a text cell."""
    if not (isinstance(value, str) and value[:1] in FORMULA_STARTS):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl would store "=…" as a live formula
    cell.quotePrefix = True
    return cell

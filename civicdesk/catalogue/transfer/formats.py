"""Read and write catalogue tables as YAML, XLSX or CSV. No meaning here: rows of raw values.

A table is a list of rows; a row is a dict of column to value, with its row number as the person
editing the file sees it (the spreadsheet row, or the entry's position in a YAML list).

Reading is bounded: a file is at most MAX_FILE_BYTES, a table at most MAX_ROWS rows and
MAX_COLUMNS columns, a workbook is checked before it is unpacked (workbook.py), and YAML is read
as text without aliases of lists (core.text_yaml). Problems in the shape of a table (a header
named twice, a value under no header, a ragged CSV row, a formula) are returned with their row
and column; a file that cannot be read at all raises FormatError.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from civicdesk.catalogue.transfer.problems import Problem
from civicdesk.catalogue.transfer.workbook import (
    Unreadable,
    WorkbookError,
    column_letter,
    merged_cells,
    read_sheets,
)
from civicdesk.core.spreadsheet_cells import csv_text, from_csv_text, xlsx_cell
from civicdesk.core.text_yaml import YamlTextError, load_text_yaml

TABLES: tuple[str, ...] = ("services", "lines", "venues", "portals", "query_types", "questions")
CSV_TABLE = "query_types"
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 200


class FormatError(ValueError):
    """The file cannot be read at all: wrong extension, not YAML, not a workbook."""


@dataclass(frozen=True)
class RawRow:
    number: int
    values: dict[str, Any]


RawTables = dict[str, list[RawRow]]


def file_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        return "yaml"
    if suffix in {".xlsx", ".csv"}:
        return suffix[1:]
    raise FormatError(f"{path.suffix or path.name}: use a .yaml, .yml, .xlsx or .csv file")


def read_tables(path: Path) -> tuple[RawTables, list[Problem]]:
    """The file's tables and the problems in their shape; raises FormatError."""
    kind = file_format(path)
    problems: list[Problem] = []
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FormatError(
                f"is {size / 1024 / 1024:.1f} MB; a catalogue file is at most "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB"
            )
        if kind == "xlsx":
            return _read_xlsx(path, problems), problems
        text = _decode(path.read_bytes())
        if kind == "yaml":
            return _read_yaml(text), problems
        return {CSV_TABLE: _read_csv(text, problems)}, problems
    except OSError as error:
        raise FormatError(f"cannot be read: {error.strerror or error}") from error


def _decode(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise FormatError("the file is UTF-16 text; save it as UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FormatError(
            f"line {line}: not UTF-8 text (byte {data[error.start]:#04x}); save the file as UTF-8"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")  # universal newlines


def _read_yaml(text: str) -> RawTables:
    try:
        document = load_text_yaml(text)
    except YamlTextError as error:
        raise FormatError(str(error)) from None
    if not isinstance(document, Mapping):
        raise FormatError("the YAML file must be a mapping of table name to a list of rows")
    tables: RawTables = {}
    for name, rows in document.items():
        if name == "version":
            continue
        if not isinstance(rows, list):
            raise FormatError(f"table {name!r} must be a list of rows")
        if len(rows) > MAX_ROWS:
            raise FormatError(f"{name}: has more than {MAX_ROWS:,} rows")
        tables[str(name)] = []
        for index, row in enumerate(rows, start=1):
            if not isinstance(row, Mapping):
                raise FormatError(f"{name} row {index}: must be a mapping of column to value")
            tables[str(name)].append(RawRow(index, {str(k): v for k, v in row.items()}))
    return tables


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and cell.strip() == "")


def _rows_from_grid(
    table: str,
    grid: Iterable[Sequence[Any]],
    problems: list[Problem],
    *,
    csv_file: bool = False,
    merged: Sequence[str] = (),
) -> list[RawRow]:
    """Rows under the first row's header. Each refused cell (Unreadable), a header named
    twice, a value under no header, a merged range, and in CSV a row of another width, is a
    problem."""
    header: list[str] | None = None
    rows = []
    for number, cells in enumerate(grid, start=1):
        if number > MAX_ROWS + 1:
            raise FormatError(f"{table}: has more than {MAX_ROWS:,} rows")
        width = len(cells)
        while not csv_file and width and _blank(cells[width - 1]):
            width -= 1  # a spreadsheet's empty cells at the end of a row
        if width > MAX_COLUMNS:
            raise FormatError(f"{table} row {number}: has more than {MAX_COLUMNS} columns")
        if header is None:
            header = _header(table, cells[:width], problems, csv_file=csv_file)
            continue
        if all(_blank(cell) for cell in cells[:width]):
            continue
        if csv_file and width != len(header):
            problems.append(
                Problem(table, number, "", f"has {width} cells; the header has {len(header)}")
            )
        values: dict[str, Any] = {}
        for index, cell in enumerate(cells[:width]):
            column = header[index] if index < len(header) else ""
            if isinstance(cell, Unreadable):
                problems.append(
                    Problem(table, number, column or column_letter(index + 1), cell.message)
                )
            elif not column and not csv_file and not _blank(cell):
                problems.append(
                    Problem(
                        table,
                        number,
                        column_letter(index + 1),
                        "has a value but no column name in the header",
                    )
                )
            elif column and column not in values:
                values[column] = from_csv_text(cell) if csv_file and isinstance(cell, str) else cell
        rows.append(RawRow(number, {name: values.get(name) for name in header if name}))
    for first_row, first_column, ref in merged_cells(merged):
        named = header[first_column - 1] if header and first_column <= len(header) else ""
        problems.append(
            Problem(
                table,
                first_row,
                named or column_letter(first_column),
                f"is merged with other cells ({ref}); unmerge them and give every row its own "
                "value",
            )
        )
    return rows


def _header(
    table: str, cells: Sequence[Any], problems: list[Problem], *, csv_file: bool
) -> list[str]:
    header: list[str] = []
    for index, cell in enumerate(cells):
        if isinstance(cell, Unreadable):
            problems.append(Problem(table, 1, column_letter(index + 1), cell.message))
            cell = None
        name = "" if cell is None else str(cell).strip()
        if name in header and name:
            first = column_letter(header.index(name) + 1)
            problems.append(
                Problem(
                    table,
                    1,
                    name,
                    f"appears twice in the header (columns {first} and {column_letter(index + 1)})",
                )
            )
        header.append(name)
    if csv_file and len(header) == 1 and any(mark in header[0] for mark in ";\t|"):
        raise FormatError(
            f"{table} row 1: the header is one column; separate the columns with commas"
        )
    return header


def _read_csv(text: str, problems: list[Problem]) -> list[RawRow]:
    if not text.strip():
        raise FormatError("the file is empty")
    reader = csv.reader(io.StringIO(text))
    try:
        return _rows_from_grid(CSV_TABLE, reader, problems, csv_file=True)
    except csv.Error as error:
        raise FormatError(f"line {reader.line_num}: cannot be read as CSV ({error})") from None


def _read_xlsx(path: Path, problems: list[Problem]) -> RawTables:
    tables: RawTables = {}
    try:
        for sheet in read_sheets(path):
            tables[sheet.title] = _rows_from_grid(
                sheet.title, sheet.rows, problems, merged=sheet.merged
            )
    except WorkbookError as error:
        raise FormatError(str(error)) from None
    return tables


def write_tables(path: Path, columns: Mapping[str, Sequence[str]], tables: RawTables) -> None:
    kind = file_format(path)
    if kind == "yaml":
        document = {"version": 1} | {
            name: [row.values for row in tables.get(name, [])] for name in columns
        }
        path.write_text(
            yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100),
            encoding="utf-8",
        )
    elif kind == "xlsx":
        workbook = Workbook()
        workbook.remove(workbook.active)
        for name, header in columns.items():
            sheet = workbook.create_sheet(name)
            sheet.append(list(header))
            for number, row in enumerate(tables.get(name, []), start=2):
                try:
                    sheet.append([xlsx_cell(sheet, _flat(row.values.get(c))) for c in header])
                except IllegalCharacterError:
                    raise FormatError(
                        f"{name} row {number} ({row.values.get('code')}): holds a control "
                        "character a workbook cannot; export YAML, or remove it"
                    ) from None
        workbook.save(path)
    else:
        header = columns[CSV_TABLE]
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in tables.get(CSV_TABLE, []):
                writer.writerow([csv_text(_flat(row.values.get(column))) for column in header])


def _flat(value: Any) -> Any:
    """One cell: lists become "a; b" (a question's values "key=Name; key2=Name2"), booleans
    "true"/"false", None an empty cell."""
    if isinstance(value, list):
        return "; ".join(
            f"{item['key']}={item['name']}" if isinstance(item, dict) else str(item)
            for item in value
        )
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value

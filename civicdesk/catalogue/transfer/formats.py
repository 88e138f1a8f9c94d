"""Read and write catalogue tables as YAML, XLSX or CSV. No meaning here: rows of raw values.

A table is a list of rows; a row is a dict of column to value, with its row number as the person
editing the file sees it (the spreadsheet row, or the entry's position in a YAML list).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook, load_workbook

TABLES: tuple[str, ...] = ("services", "lines", "venues", "portals", "query_types", "questions")
CSV_TABLE = "query_types"


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
    raise FormatError(f"{path.name}: use a .yaml, .yml, .xlsx or .csv file")


def read_tables(path: Path) -> RawTables:
    kind = file_format(path)
    try:
        if kind == "yaml":
            return _read_yaml(path.read_text(encoding="utf-8"))
        if kind == "xlsx":
            return _read_xlsx(path)
        return {CSV_TABLE: _read_csv(path.read_text(encoding="utf-8-sig"))}
    except UnicodeDecodeError as error:
        raise FormatError(f"{path.name}: not UTF-8 text ({error.reason})") from error
    except OSError as error:
        raise FormatError(f"{path.name}: {error.strerror or error}") from error


def _read_yaml(text: str) -> RawTables:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise FormatError(f"not valid YAML: {error}") from error
    if not isinstance(document, Mapping):
        raise FormatError("the YAML file must be a mapping of table name to a list of rows")
    tables: RawTables = {}
    for name, rows in document.items():
        if name == "version":
            continue
        if not isinstance(rows, list):
            raise FormatError(f"table {name!r} must be a list of rows")
        tables[str(name)] = []
        for index, row in enumerate(rows, start=1):
            if not isinstance(row, Mapping):
                raise FormatError(f"{name} row {index}: must be a mapping of column to value")
            tables[str(name)].append(RawRow(index, {str(k): v for k, v in row.items()}))
    return tables


def _rows_from_grid(grid: Sequence[Sequence[Any]]) -> list[RawRow]:
    if not grid:
        return []
    header = [str(cell).strip() if cell is not None else "" for cell in grid[0]]
    rows = []
    for number, cells in enumerate(grid[1:], start=2):
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        values = {
            column: cells[i] if i < len(cells) else None
            for i, column in enumerate(header)
            if column
        }
        rows.append(RawRow(number, values))
    return rows


def _read_csv(text: str) -> list[RawRow]:
    return _rows_from_grid(list(csv.reader(io.StringIO(text))))


def _read_xlsx(path: Path) -> RawTables:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise FormatError(f"{path.name}: not an .xlsx workbook ({error})") from error
    try:
        return {
            sheet.title: _rows_from_grid([list(row) for row in sheet.iter_rows(values_only=True)])
            for sheet in workbook.worksheets
        }
    finally:
        workbook.close()


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
            for row in tables.get(name, []):
                sheet.append([_flat(row.values.get(column)) for column in header])
        workbook.save(path)
    else:
        header = columns[CSV_TABLE]
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in tables.get(CSV_TABLE, []):
                writer.writerow([_flat(row.values.get(column)) for column in header])


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

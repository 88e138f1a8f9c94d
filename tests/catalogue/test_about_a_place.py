"""`about_a_place` in catalogue files: exported, re-imported, and set for the demo's street and
waste query types only; the migration's rule for councils' existing catalogues."""

from __future__ import annotations

import csv
from pathlib import Path
from types import SimpleNamespace

import pytest

from civicdesk.catalogue.models import QueryType
from civicdesk.councils.models import Council
from tests.catalogue.test_catalogue_files import export, import_file
from tests.factories import CouncilFactory

PLACES = {
    "env-fly-tipping",
    "env-stray-dog",
    "env-street-cleaning",
    "waste-missed-collection",
    "waste-chasing-missed-collection",
}


def test_the_demo_marks_street_and_waste_reports_only(demo: Council) -> None:
    marked = set(
        QueryType.objects.filter(council=demo, about_a_place=True).values_list("code", flat=True)
    )
    assert marked == PLACES


@pytest.mark.parametrize("suffix", ["yaml", "xlsx", "csv"])
def test_about_a_place_is_exported_and_imported_again(
    demo: Council, tmp_path: Path, suffix: str
) -> None:
    name = "query-types.csv" if suffix == "csv" else f"catalogue.{suffix}"
    if suffix == "csv":
        other = demo  # a CSV holds only query types: it goes back into the same council
        QueryType.objects.filter(council=demo).update(about_a_place=False)
        path = tmp_path / name
        first = export(demo, tmp_path / "before.csv")
        rows = list(csv.DictReader(first.open(encoding="utf-8")))
        for row in rows:
            row["about_a_place"] = "true" if row["code"] in PLACES else "false"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        path = export(demo, tmp_path / name)
        other = CouncilFactory.create(slug="other")
    import_file(other, path)
    marked = QueryType.objects.filter(council=other, about_a_place=True)
    assert set(marked.values_list("code", flat=True)) == PLACES


def _qt(code: str, service: str, open311: str = "X") -> SimpleNamespace:
    return SimpleNamespace(
        code=code, name=code, open311_code=open311, service=SimpleNamespace(code=service, name="")
    )


def test_the_migration_marks_reports_from_the_street_only() -> None:
    from importlib import import_module

    rule = import_module(
        "civicdesk.catalogue.migrations.0006_about_a_place_for_street_and_waste"
    ).about_a_place
    assert rule(_qt("waste-missed-collection", "waste"))
    assert rule(_qt("env-fly-tipping", "environmental"))
    assert rule(_qt("pothole", "highways"))
    assert not rule(_qt("waste-missed-collection", "waste", open311=""))
    assert not rule(_qt("waste-bulky-collection", "waste"))
    assert not rule(_qt("env-food-safety", "environmental"))
    assert not rule(_qt("hb-change", "housing-benefits"))

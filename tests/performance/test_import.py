"""Importing call records: every row checked, nothing written on a bad file, no double counting."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from civicdesk.catalogue.models import ServiceLine
from civicdesk.contacts.models import Contact
from civicdesk.councils.models import Council
from civicdesk.performance.calls_import import CallsFileInvalid, Problem, calls_import
from civicdesk.performance.models import CallRecord
from tests.performance.conftest import DATA

pytestmark = pytest.mark.django_db

HEADER = (
    "call_id,line,presented_at,ivr_exit_at,queue_entered_at,queue_exited_at,answered_at,"
    "ended_at,outcome,agent,transferred_to,wrap_seconds\n"
)
GOOD = "G1,Waste,2023-03-01T09:00:00Z,,,,2023-03-01T09:00:05Z,2023-03-01T09:02:05Z,answered,,,10\n"
BAD = (
    HEADER
    + GOOD
    + "B1,Parking,2023-03-01T09:00:00Z,,,,,2023-03-01T09:01:00Z,abandoned_ivr,,,\n"
    + "B2,Waste,yesterday,,,,,2023-03-01T09:01:00Z,abandoned_ivr,,,\n"
    + "B3,Waste,2023-03-01T09:00:00Z,,,,2023-03-01T09:05:00Z,2023-03-01T09:04:00Z,answered,,,\n"
    + "B4,Waste,2023-03-01T09:00:00Z,,,,,2023-03-01T09:01:00Z,hung_up,,,\n"
    + "G1,Waste,2023-03-01T10:00:00Z,,,,,2023-03-01T10:01:00Z,abandoned_ivr,,,\n"
)


def _run(path: Path, council: Council, **options: object) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_calls", str(path), council=council.slug, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_every_bad_row_is_named_with_its_column_and_nothing_is_written(
    council: Council, waste_line: ServiceLine
) -> None:
    with pytest.raises(CallsFileInvalid) as raised:
        calls_import(council=council, text=BAD)
    assert raised.value.problems == [
        Problem(3, "line", "unknown line 'Parking'"),
        Problem(4, "presented_at", "bad time 'yesterday' (expected ISO 8601)"),
        Problem(5, "ended_at", "times out of order: ended_at is before answered_at"),
        Problem(
            6,
            "outcome",
            "unknown outcome 'hung_up' (one of answered, abandoned_ivr, abandoned_queue, "
            "callback, transferred)",
        ),
        Problem(7, "call_id", "duplicate call_id 'G1' (also row 2)"),
    ]
    assert not CallRecord.objects.exists()


def test_the_command_lists_the_problems_and_fails(
    council: Council, waste_line: ServiceLine, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD)
    err = StringIO()
    with pytest.raises(CommandError, match="5 problem"):
        call_command("import_calls", str(path), council=council.slug, stderr=err)
    assert "bad.csv: row 3, column line: unknown line 'Parking'" in err.getvalue()
    assert not CallRecord.objects.exists()


def test_skip_bad_rows_imports_the_good_ones_and_reports_the_rest(
    council: Council, waste_line: ServiceLine, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD)
    out, err = _run(path, council, skip_bad_rows=True)
    assert out.strip() == "calls: 1 created, 0 updated, 0 unchanged, 5 skipped"
    assert "skipped row 7, column call_id: duplicate call_id 'G1'" in err
    assert list(CallRecord.objects.values_list("call_id", flat=True)) == ["G1"]


def test_a_missing_column_is_reported_against_the_header(council: Council) -> None:
    with pytest.raises(CallsFileInvalid) as raised:
        calls_import(council=council, text="call_id,line\nA,Waste\n", skip_bad_rows=True)
    assert Problem(1, "presented_at", "column is missing from the header") in raised.value.problems


def test_reimporting_does_not_double_count(
    council: Council, tax_line: ServiceLine, waste_line: ServiceLine
) -> None:
    path = DATA / "golden.csv"
    assert _run(path, council)[0].strip() == "calls: 13 created, 0 updated, 0 unchanged, 0 skipped"
    assert _run(path, council)[0].strip() == "calls: 0 created, 0 updated, 13 unchanged, 0 skipped"
    changed = path.read_text().replace(",Asha,,60", ",Asha,,90")
    summary = calls_import(council=council, text=changed)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 12)
    assert CallRecord.objects.count() == 13
    assert CallRecord.objects.get(call_id="C01").wrap_seconds == 90


def test_a_mapping_adapts_another_export(council: Council, tax_line: ServiceLine) -> None:
    out, _ = _run(DATA / "other_export.csv", council, mapping=str(DATA / "other_mapping.yaml"))
    assert out.strip() == "calls: 2 created, 0 updated, 0 unchanged, 0 skipped"
    answered = CallRecord.objects.get(call_id="X1")
    # 10:00 on 1 July in London is 09:00 UTC (summer time).
    assert answered.presented_at == datetime(2023, 7, 1, 9, 0, tzinfo=UTC)
    assert (answered.line, answered.outcome, answered.wrap_seconds) == (tax_line, "answered", 20)
    assert CallRecord.objects.get(call_id="X2").outcome == "abandoned_queue"


def test_a_call_links_to_the_contact_recorded_for_it(
    council: Council, tax_line: ServiceLine, waste_line: ServiceLine
) -> None:
    at = datetime(2023, 3, 1, 9, 0, 30, tzinfo=UTC)
    near = Contact.objects.create(council=council, channel="phone", line=tax_line, presented_at=at)
    Contact.objects.create(council=council, channel="phone", line=waste_line, presented_at=at)
    calls_import(council=council, text=(DATA / "golden.csv").read_text())
    assert CallRecord.objects.get(call_id="C01").contact == near  # 30 s after the call
    assert CallRecord.objects.get(call_id="C02").contact is None  # 9.5 minutes later
    assert CallRecord.objects.filter(contact__isnull=False).count() == 1

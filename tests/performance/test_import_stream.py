"""The import as a stream (issue 12, point 1; ADR 30): the file read in pieces, problems kept
bounded, duplicates found however far apart, chunks that never count a call twice, contacts
linked to the nearest, and progress on request. On SQLite and, with DATABASE_URL, PostgreSQL."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from civicdesk.catalogue.models import ServiceLine
from civicdesk.contacts.models import Contact
from civicdesk.councils.models import Council
from civicdesk.performance import calls_import as importer
from civicdesk.performance.calls_file import PROBLEM_LIMIT, text_stream
from civicdesk.performance.calls_import import CallsFileInvalid, Problem, calls_import
from civicdesk.performance.metrics import SUMS
from civicdesk.performance.models import CallRecord, CallRollup
from civicdesk.performance.rollups import rollups_rebuild

pytestmark = pytest.mark.django_db

HEADER = "call_id,line,presented_at,queue_entered_at,answered_at,ended_at,outcome,wrap_seconds\n"
FIRST = datetime(2023, 3, 1, 8, 0, tzinfo=UTC)
PIECE_LIMIT = 1024 * 1024


def calls(count: int, *, start: int = 0, wait: int = 10, line: str = "Waste") -> str:
    """Answered calls, one a minute from FIRST, ids C<n>."""
    rows = []
    for n in range(start, start + count):
        presented = FIRST + timedelta(minutes=n)
        queued = presented + timedelta(seconds=5)
        answered = queued + timedelta(seconds=wait + n % 30)
        ended = answered + timedelta(seconds=90)
        times = ",".join(t.isoformat() for t in (presented, queued, answered, ended))
        rows.append(f"C{n},{line},{times},answered,{n % 40}\n")
    return "".join(rows)


class PiecesOnly(io.BytesIO):
    """A file that refuses to be read whole: every read must ask for a bounded piece."""

    largest = 0

    def _piece(self, size: int | None) -> None:
        if size is None or size < 0 or size > PIECE_LIMIT:
            raise AssertionError(f"read({size}): the importer must read the file in pieces")
        PiecesOnly.largest = max(PiecesOnly.largest, size)

    def read(self, size: int | None = -1) -> bytes:
        self._piece(size)
        return super().read(size)

    def read1(self, size: int | None = -1) -> bytes:
        self._piece(size)
        return super().read1(size)


def _rollups(council: Council) -> list[tuple[object, ...]]:
    rows = CallRollup.objects.filter(council=council).values_list(
        "line_id", "period", "starts_on", *SUMS
    )
    return sorted(rows)


def _rebuilt(council: Council) -> list[tuple[object, ...]]:
    rollups_rebuild(council=council)
    return _rollups(council)


def test_the_file_is_read_in_pieces_and_a_huge_line_is_skipped_unread(
    council: Council, waste_line: ServiceLine
) -> None:
    endless = "x" * (12 * 1024 * 1024)  # a 12 MB line: far beyond any call
    data = (HEADER + calls(3000) + endless + "\n" + calls(2, start=3000)).encode()
    summary = importer.calls_import_stream(
        council=council, text=text_stream(PiecesOnly(data)), skip_bad_rows=True
    )
    assert (summary.created, summary.skipped_rows) == (3002, 1)
    assert summary.skipped == [
        Problem(3002, "", "is longer than 4194304 characters; it was not read")
    ]
    assert 0 < PiecesOnly.largest <= PIECE_LIMIT


def test_problems_are_kept_bounded_and_counted_by_column(
    council: Council, waste_line: ServiceLine, tmp_path: Path
) -> None:
    bad = calls(3 * PROBLEM_LIMIT, line="Parking")
    with pytest.raises(CallsFileInvalid) as raised:
        calls_import(council=council, text=HEADER + calls(1, start=9999) + bad)
    invalid = raised.value
    assert len(invalid.problems) == PROBLEM_LIMIT
    assert invalid.problems[0] == Problem(3, "line", "unknown line 'Parking'")
    assert (invalid.total, invalid.by_column["line"]) == (3 * PROBLEM_LIMIT, 3 * PROBLEM_LIMIT)
    path = tmp_path / "parking.csv"
    path.write_text(HEADER + bad)
    err = StringIO()
    with pytest.raises(CommandError, match="3000 problem"):
        call_command("import_calls", str(path), council=council.slug, stderr=err)
    assert "parking.csv: and 2000 more; all 3000 by column: line 3000" in err.getvalue()
    assert not CallRecord.objects.exists()


def test_a_duplicate_far_from_its_first_row_is_found_and_nothing_is_written(
    council: Council, waste_line: ServiceLine
) -> None:
    text = HEADER + calls(30_000) + calls(1, start=7)  # C7 again, 30,000 rows later
    with pytest.raises(CallsFileInvalid) as raised:
        calls_import(council=council, text=text)
    assert raised.value.problems == [
        Problem(30_002, "call_id", "duplicate call_id 'C7' (also row 9)")
    ]
    assert not CallRecord.objects.exists()
    assert not CallRollup.objects.exists()


def test_a_call_id_first_seen_on_a_bad_row_makes_the_later_row_its_duplicate(
    council: Council, waste_line: ServiceLine
) -> None:
    text = HEADER + calls(1, line="Parking") + calls(1)  # C0 twice, the first unreadable
    summary = calls_import(council=council, text=text, skip_bad_rows=True)
    assert summary.skipped == [
        Problem(2, "line", "unknown line 'Parking'"),
        Problem(3, "call_id", "duplicate call_id 'C0' (also row 2)"),
    ]
    assert (summary.created, summary.skipped_rows) == (0, 2)


def test_chunk_after_chunk_a_reimport_updates_and_never_double_counts(
    council: Council, waste_line: ServiceLine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "CHUNK_ROWS", 7)
    monkeypatch.setattr(importer, "SQLITE_TURN_SECONDS", 0)
    first = calls_import(council=council, text=HEADER + calls(60))
    assert (first.created, first.updated, first.unchanged) == (60, 0, 0)
    # The first 20 calls again, 20 of them waiting longer, and 10 new ones.
    again = calls(20) + calls(20, start=20, wait=45) + calls(10, start=60)
    second = calls_import(council=council, text=HEADER + again)
    assert (second.created, second.updated, second.unchanged) == (10, 20, 20)
    assert CallRecord.objects.filter(council=council).count() == 70
    kept = _rollups(council)
    assert kept == _rebuilt(council)
    presented = {row[1]: row[3] for row in kept if row[1] == "year"}
    assert presented == {"year": 70}


def test_the_call_links_to_the_nearest_contact_and_respects_from_phone(
    council: Council, waste_line: ServiceLine, tax_line: ServiceLine
) -> None:
    at = FIRST + timedelta(hours=2)

    def contact(seconds: int, line: ServiceLine = waste_line, phone: str = "") -> Contact:
        return Contact.objects.create(
            council=council,
            channel="phone",
            line=line,
            presented_at=at + timedelta(seconds=seconds),
            from_phone=phone,
        )

    caller = "+447700900123"
    contact(-61)  # outside the minute
    far_caller = contact(-50, phone=caller)
    first_tie, _second_tie = contact(20), contact(-20)  # equally near: the lower id
    contact(1, line=tax_line)  # another line
    header = "call_id,line,presented_at,outcome,from_phone\n"
    moment = at.isoformat()
    text = header + f"A,Waste,{moment},callback,\nB,Waste,{moment},callback,07700 900123\n"
    text += f"C,Waste,{moment},callback,07700 900999\n"
    calls_import(council=council, text=text)
    links = dict(CallRecord.objects.values_list("call_id", "contact_id"))
    assert links == {"A": first_tie.pk, "B": far_caller.pk, "C": None}
    moved = contact(3)  # a nearer contact recorded since: the re-import moves the link
    summary = calls_import(council=council, text=text)
    assert (summary.updated, summary.unchanged) == (1, 2)
    assert CallRecord.objects.get(call_id="A").contact_id == moved.pk


def test_progress_shows_with_the_flag_and_not_without(
    council: Council, waste_line: ServiceLine, tmp_path: Path
) -> None:
    path = tmp_path / "calls.csv"
    path.write_text(HEADER + calls(50))
    err = StringIO()
    call_command("import_calls", str(path), council=council.slug, stderr=err, progress=True)
    shown = err.getvalue()
    assert "checking: 50 rows" in shown
    assert "writing: 50 rows" in shown
    assert "rows/s" in shown
    assert "left" in shown
    err = StringIO()
    call_command("import_calls", str(path), council=council.slug, stderr=err)
    assert err.getvalue() == ""


def test_each_call_counts_on_its_uk_day_across_midnight_and_the_clock_change(
    council: Council, waste_line: ServiceLine
) -> None:
    header = "call_id,line,presented_at,outcome\n"
    moments = [  # UTC; the UK is an hour ahead from 01:00 UTC on 26 March 2023
        "2023-03-25T23:59:59Z",  # the 25th
        "2023-03-26T00:30:00Z",  # the 26th (00:30 GMT)
        "2023-03-26T23:30:00Z",  # the 27th (00:30 BST)
        "2023-03-26T22:59:59Z",  # the 26th (23:59:59 BST), after a later call
        "2023-10-28T23:00:00Z",  # the 29th (00:00 BST)
        "2023-10-28T22:59:59+00:00",  # the 28th
    ]
    rows = "".join(f"D{n},Waste,{moment},callback\n" for n, moment in enumerate(moments))
    calls_import(council=council, text=header + rows)
    days = dict(
        CallRollup.objects.filter(council=council, period="day").values_list(
            "starts_on", "presented"
        )
    )
    assert {str(day): count for day, count in days.items()} == {
        "2023-03-25": 1,
        "2023-03-26": 2,
        "2023-03-27": 1,
        "2023-10-28": 1,
        "2023-10-29": 1,
    }
    assert _rollups(council) == _rebuilt(council)

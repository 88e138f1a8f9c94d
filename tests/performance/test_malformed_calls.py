"""A corpus of malformed call files and mapping files, through `civicdesk import_calls`.

Each is refused with a problem naming its row and column, never a traceback, and nothing is
written. With --skip-bad-rows a row-level problem skips its row (the good row is imported and
the skipped rows are counted); a file-level problem still stops the import.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from civicdesk.catalogue.models import ServiceLine
from civicdesk.councils.models import Council
from civicdesk.performance.models import CallRecord, CallRollup

pytestmark = pytest.mark.django_db

COLUMNS = (
    "call_id,line,presented_at,ivr_exit_at,queue_entered_at,queue_exited_at,answered_at,"
    "ended_at,outcome,agent,transferred_to,wrap_seconds"
)
HEADER = COLUMNS + "\n"
GOOD = "G1,Waste,2023-03-01T09:00:00Z,,,,2023-03-01T09:00:05Z,2023-03-01T09:02:05Z,answered,,,10\n"


def bad(**changes: str) -> str:
    """Row 3: a good call with some fields changed."""
    fields = dict(zip(COLUMNS.split(","), GOOD.rstrip("\n").split(","), strict=True))
    fields.update({"call_id": "B1", **changes})
    return ",".join(fields.values()) + "\n"


def abandoned_at(moment: str) -> str:
    return bad(presented_at=moment, answered_at="", ended_at="", outcome="abandoned_ivr")


@dataclass(frozen=True)
class Case:
    name: str
    content: bytes
    problem: str
    row_level: bool = True
    mapping: str | None = None


def case(name: str, text: str, problem: str, **options: object) -> Case:
    return Case(name, text.encode("utf-8"), problem, **options)  # type: ignore[arg-type]


ARABIC_TEN = "\u0661\u0660"  # int() reads it as 10; a telephony export never writes it
OUR_COLUMNS = (
    "call_id, line, presented_at, ivr_exit_at, queue_entered_at, queue_exited_at, answered_at, "
    "ended_at, outcome, agent, transferred_to, wrap_seconds, from_phone"
)
CASES = [
    # Encoding
    Case(
        "utf-16.csv",
        (HEADER + GOOD).encode("utf-16"),
        "row 1: the file is UTF-16 text; save it as CSV UTF-8",
        row_level=False,
    ),
    Case(
        "utf-16-without-bom.csv",
        (HEADER + GOOD).encode("utf-16-le"),
        "row 1: the header has NUL bytes; is the file UTF-16? Save it as CSV UTF-8",
        row_level=False,
    ),
    Case(
        "windows-1252-row.csv",
        (HEADER + GOOD).encode() + bad(agent="Ren\xe9").encode("cp1252"),
        "row 3, column agent: is not UTF-8 text (byte 0xe9); save the file as CSV UTF-8",
    ),
    case(
        "nul-in-agent.csv",
        HEADER + GOOD + bad(agent="A\0sha"),
        "row 3, column agent: contains a NUL character",
    ),
    case(
        "nul-in-call-id.csv",
        HEADER + GOOD + bad(call_id="B\0"),
        "row 3, column call_id: contains a NUL character",
    ),
    # Shape
    case(
        "ragged-long.csv",
        HEADER + GOOD + bad().rstrip("\n") + ",x,y\n",
        "row 3: has 14 cells; the header has 12",
    ),
    case("ragged-short.csv", HEADER + GOOD + "B1,Waste\n", "row 3: has 2 cells; the header has 12"),
    case(
        "no-header.csv",
        GOOD + GOOD.replace("G1", "G2"),
        "row 1, column call_id: column is missing from the header",
        row_level=False,
    ),
    case(
        "duplicate-header.csv",
        COLUMNS + ",call_id\n" + GOOD.rstrip("\n") + ",G9\n",
        "row 1, column call_id: appears twice in the header (columns A and M)",
        row_level=False,
    ),
    case(
        "semicolons.csv",
        (HEADER + GOOD).replace(",", ";"),
        "row 1: the header is one column; separate the columns with commas",
        row_level=False,
    ),
    case("empty.csv", "", "row 1: the file is empty", row_level=False),
    # Sizes
    case(
        "huge-field.csv",
        HEADER + GOOD + bad(agent="x" * 200_000),
        "row 3: cannot be read as CSV (field larger than field limit (131072))",
    ),
    case(
        "long-agent.csv",
        HEADER + GOOD + bad(agent="x" * 5000),
        "row 3, column agent: is 5000 characters long; at most 200",
    ),
    case(
        "long-call-id.csv",
        HEADER + GOOD + bad(call_id="x" * 300),
        "row 3, column call_id: is 300 characters long; at most 100",
    ),
    case(
        "long-line.csv",
        HEADER + GOOD + bad(line="x" * 20_000),
        "row 3, column line: is 20000 characters long; at most 10000",
    ),
    # Times and numbers
    case(
        "year-9999-west.csv",
        HEADER + GOOD + abandoned_at("9999-12-31T23:59:59-12:00"),
        "row 3, column presented_at: '9999-12-31T23:59:59-12:00' is outside the years 1970 to 2099",
    ),
    case(
        "year-1-east.csv",
        HEADER + GOOD + abandoned_at("0001-01-01T00:00:00+01:00"),
        "row 3, column presented_at: '0001-01-01T00:00:00+01:00' is outside the years 1970 to 2099",
    ),
    case(
        "year-9999.csv",
        HEADER + GOOD + abandoned_at("9999-12-31T23:59:59"),
        "row 3, column presented_at: '9999-12-31T23:59:59' is outside the years 1970 to 2099",
    ),
    case(
        "offset-beyond-14-hours.csv",
        HEADER
        + GOOD
        + bad(
            presented_at="2023-03-01T09:00:00+23:59",
            answered_at="2023-03-01T09:00:05+23:59",
            ended_at="2023-03-01T09:02:05+23:59",
        ),
        "row 3, column presented_at: bad time '2023-03-01T09:00:00+23:59' (expected ISO 8601)",
    ),
    case(
        "wrap-beyond-64-bits.csv",
        HEADER + GOOD + bad(wrap_seconds="99999999999999999999"),
        "row 3, column wrap_seconds: '99999999999999999999' is more than a day (86400 seconds)",
    ),
    case(
        "wrap-beyond-32-bits.csv",
        HEADER + GOOD + bad(wrap_seconds="3000000000"),
        "row 3, column wrap_seconds: '3000000000' is more than a day (86400 seconds)",
    ),
    case(
        "wrap-negative.csv",
        HEADER + GOOD + bad(wrap_seconds="-5"),
        "row 3, column wrap_seconds: '-5' is not a whole number ≥ 0",
    ),
    case(
        "wrap-not-ascii.csv",
        HEADER + GOOD + bad(wrap_seconds=ARABIC_TEN),
        f"row 3, column wrap_seconds: '{ARABIC_TEN}' is not a whole number ≥ 0",
    ),
    case(
        "unknown-line.csv",
        HEADER + GOOD + bad(line="Parking"),
        "row 3, column line: unknown line 'Parking'",
    ),
    # Mapping files
    case(
        "mapping-not-yaml.csv",
        HEADER + GOOD,
        "mapping file: line 2, column 1: did not find expected ',' or ']'",
        row_level=False,
        mapping="columns: [unclosed\n",
    ),
    case(
        "mapping-columns-list.csv",
        HEADER + GOOD,
        "mapping file, columns: must map their column names to ours",
        row_level=False,
        mapping="columns: [call_id, line]\n",
    ),
    case(
        "mapping-outcomes-list.csv",
        HEADER + GOOD,
        "mapping file, outcomes: must map their outcomes to ours",
        row_level=False,
        mapping="outcomes: [answered]\n",
    ),
    case(
        "mapping-unknown-column.csv",
        "Ref" + HEADER[7:] + GOOD,
        f"mapping file, columns: 'callid' (for 'Ref') is not one of our columns: {OUR_COLUMNS}",
        row_level=False,
        mapping="columns:\n  Ref: callid\n",
    ),
    case(
        "mapping-unknown-outcome.csv",
        HEADER + GOOD,
        "mapping file, outcomes: 'hung_up' (for 'HUP') is not an outcome: answered, "
        "abandoned_ivr, abandoned_queue, callback, transferred",
        row_level=False,
        mapping="outcomes:\n  HUP: hung_up\n",
    ),
    case(
        "mapping-bad-time-format.csv",
        HEADER + GOOD,
        "mapping file, time_format: '%Q' is not a strptime format",
        row_level=False,
        mapping="time_format: '%Q'\n",
    ),
    case(
        "mapping-unknown-key.csv",
        HEADER + GOOD,
        "mapping file: unknown key 'colums'; use columns, time_format, time_zone, outcomes",
        row_level=False,
        mapping="colums:\n  Ref: call_id\n",
    ),
    case(
        "mapping-alias-bomb.csv",
        HEADER + GOOD,
        "mapping file: line 2, column 10: the alias *a stands for a list or a mapping",
        row_level=False,
        mapping="a: &a [x, x, x]\ncolumns: *a\n",
    ),
    Case(
        "mapping-bad-utf-8.csv",
        (HEADER + GOOD).encode(),
        "mapping file: line 2: not UTF-8 text (byte 0xff); save the file as UTF-8",
        row_level=False,
        mapping="columns:\n  \udcff: call_id\n",
    ),
]


def _files(tmp_path: Path, item: Case) -> dict[str, object]:
    path = tmp_path / item.name
    path.write_bytes(item.content)
    options: dict[str, object] = {"file": str(path)}
    if item.mapping is not None:
        mapping = tmp_path / "mapping.yaml"
        mapping.write_bytes(item.mapping.encode("utf-8", "surrogateescape"))
        options["mapping"] = str(mapping)
    return options


def _import(
    council: Council, options: dict[str, object], stderr: StringIO | None = None, **more: object
) -> tuple[str, str]:
    out, err = StringIO(), stderr or StringIO()
    extra = {k: v for k, v in options.items() if k != "file"}
    call_command(
        "import_calls",
        options["file"],
        council=council.slug,
        stdout=out,
        stderr=err,
        **extra,
        **more,
    )
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("item", CASES, ids=[item.name for item in CASES])
def test_a_malformed_file_is_refused_with_its_row_and_column(
    council: Council, waste_line: ServiceLine, tmp_path: Path, item: Case
) -> None:
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        _import(council, _files(tmp_path, item), stderr=err)
    assert f"{item.name}: {item.problem}" in err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert not CallRecord.objects.exists()
    assert not CallRollup.objects.exists()


@pytest.mark.parametrize(
    "item", [c for c in CASES if c.row_level], ids=[c.name for c in CASES if c.row_level]
)
def test_skip_bad_rows_skips_every_row_level_problem(
    council: Council, waste_line: ServiceLine, tmp_path: Path, item: Case
) -> None:
    out, err = _import(council, _files(tmp_path, item), skip_bad_rows=True)
    assert out.strip() == "calls: 1 created, 0 updated, 0 unchanged, 1 skipped"
    assert f"{item.name}: skipped {item.problem}" in err
    assert list(CallRecord.objects.values_list("call_id", flat=True)) == ["G1"]


@pytest.mark.parametrize(
    "item", [c for c in CASES if not c.row_level], ids=[c.name for c in CASES if not c.row_level]
)
def test_skip_bad_rows_still_stops_on_a_file_level_problem(
    council: Council, waste_line: ServiceLine, tmp_path: Path, item: Case
) -> None:
    with pytest.raises(CommandError, match="nothing was imported"):
        _import(council, _files(tmp_path, item), skip_bad_rows=True)
    assert not CallRecord.objects.exists()


def test_the_skipped_rows_are_counted_by_reason(
    council: Council, waste_line: ServiceLine, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text(
        HEADER
        + GOOD
        + bad(call_id="B1", line="Parking")
        + bad(call_id="B2", line="Parking")
        + bad(call_id="B3", agent="x" * 200_000)
    )
    out, err = _import(council, {"file": str(path)}, skip_bad_rows=True)
    assert out.strip() == "calls: 1 created, 0 updated, 0 unchanged, 3 skipped"
    assert "mixed.csv: skipped 3 rows, by column: line 2, whole row 1" in err


def test_lines_ending_in_a_carriage_return_alone_are_read(
    council: Council, waste_line: ServiceLine, tmp_path: Path
) -> None:
    """As the file was read before (universal newlines): old Mac exports end lines with CR."""
    path = tmp_path / "mac.csv"
    path.write_bytes((HEADER + GOOD).replace("\n", "\r").encode())
    out, _ = _import(council, {"file": str(path)})
    assert out.strip() == "calls: 1 created, 0 updated, 0 unchanged, 0 skipped"

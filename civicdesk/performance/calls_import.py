"""Import call detail records from CSV as a stream, in two passes through a staging table.

Pass 1 reads the file a line at a time, checks every row (calls_check.py) and stages it
(calls_staging.py: a TEMP table, by COPY on PostgreSQL, `executemany` on SQLite); duplicate
call_ids are then found in SQL. A bad file (unless skipping bad rows) stops there: nothing is
written to the call records or rollups. Pass 2 writes the staged rows a chunk at a time, each
chunk in its own transaction under the council's rollup lock (ADR 29) by one set-based upsert
by call_id, with its rollups (calls_upsert.py). Memory stays bounded whatever the file's size
(ADR 30): a line, a batch of staged rows, a chunk's contacts and the first PROBLEM_LIMIT
problems.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first call is row 2.
A mapping file (YAML) adapts another telephony export::

    columns:            # their column: our column
      Call Ref: call_id
      Queue: line
    time_format: "%d/%m/%Y %H:%M:%S"   # strptime format; ISO 8601 when left out
    time_zone: Europe/London           # for times without an offset; the site's zone by default
    outcomes:           # their outcome: ours (optional)
      ABANDON: abandoned_queue

Linking to contacts (calls_links.py): a call links to the recorded contact of the same council
and line whose presented_at is within a minute of the call's (the nearest one), and, when the
file has a `from_phone` column, whose from_phone is that number in E.164.

Malformed files and mappings are read in calls_file.py: every problem has its row and column.
"""

from __future__ import annotations

import contextlib
import io
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TextIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from civicdesk.catalogue.models import ServiceLine
from civicdesk.core.clock import now
from civicdesk.councils.models import Council
from civicdesk.performance.calls_check import REQUIRED, RowChecker
from civicdesk.performance.calls_file import (
    CallsFileInvalid,
    Mapping,
    Problem,
    ProblemLog,
    bounded_lines,
    csv_reader,
    read_header,
    read_rows,
    text_stream,
)
from civicdesk.performance.calls_links import CONTACT_WINDOW
from civicdesk.performance.calls_progress import NO_PROGRESS, Progress, TerminalProgress
from civicdesk.performance.calls_staging import (
    StagingWriter,
    chunks,
    duplicates,
    staging_create,
    staging_drop,
)
from civicdesk.performance.calls_upsert import write_chunk
from civicdesk.performance.rollups import rollups_lock

CHUNK_ROWS = 50_000  # staged rows per transaction of pass 2
REPORT_EVERY = 10_000  # rows between two calls to the progress
SQLITE_TURN_SECONDS = 0.12  # longer than SQLite's slowest retry (100 ms): see _let_others_write
__all__ = [
    "CONTACT_WINDOW",
    "CallsFileInvalid",
    "ImportSummary",
    "Mapping",
    "Problem",
    "calls_import",
    "calls_import_file",
    "calls_import_stream",
    "lines_by_label",
]


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Problem] = field(default_factory=list)  # the first PROBLEM_LIMIT
    skipped_problems: int = 0  # all of them
    skipped_rows: int = 0
    skipped_rows_by_column: Counter[str] = field(default_factory=Counter)  # first problem's

    @property
    def more_skipped(self) -> int:
        return self.skipped_problems - len(self.skipped)


def lines_by_label(council: Council) -> dict[str, ServiceLine]:
    """Each line of the council under its name, code and aliases, lower-cased."""
    labels: dict[str, ServiceLine] = {}
    for line in ServiceLine.objects.filter(council=council):
        for label in (line.name, line.code, *(line.aliases or [])):
            labels.setdefault(str(label).strip().lower(), line)
    return labels


def _let_others_write() -> None:
    """Between two chunks on SQLite, give a waiting writer (a web request, another import) its
    turn. SQLite has no queue: a waiter retries every 100 ms at its slowest, so a writer that
    takes the lock again at once could starve it until its timeout. PostgreSQL queues waiters."""
    if connection.vendor == "sqlite":
        time.sleep(SQLITE_TURN_SECONDS)


def _stage(
    council: Council, text: IO[str], mapping: Mapping, progress: Progress
) -> tuple[ProblemLog, int]:
    """Pass 1: check and stage every row; the problems, and how many good rows were staged."""
    reader = csv_reader(bounded_lines(text))
    header, header_problems = read_header(reader, mapping)
    if header_problems:
        raise CallsFileInvalid(header_problems)
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise CallsFileInvalid(
            [Problem(1, name, "column is missing from the header") for name in missing]
        )
    labels = {label: line.pk for label, line in lines_by_label(council).items()}
    zone = ZoneInfo(mapping.time_zone or settings.TIME_ZONE)
    checker = RowChecker(
        header, labels, mapping, zone, ZoneInfo(settings.TIME_ZONE), connection.vendor
    )
    check, log, writer = checker.check, ProblemLog(), StagingWriter()
    add, good, report_at, number = writer.add, 0, REPORT_EVERY, 1
    for number, cells in read_rows(reader, len(header)):
        if isinstance(cells, Problem):  # unreadable: nothing else is checked
            log.add_row([cells])
            continue
        row, problems = check(number, cells)
        if problems:
            log.add_row(problems)
        if row is not None:
            add(row)
            good += row[2]
        if number >= report_at:
            progress.reading(number - 1)
            report_at += REPORT_EVERY
    writer.flush()
    progress.reading(number - 1, last=True)
    for problem, was_good in duplicates():
        log.add_later(problem, row_was_bad=not was_good)
        good -= was_good
    log.finish()
    return log, good


def calls_import_stream(
    *,
    council: Council,
    text: IO[str],
    mapping: Mapping | None = None,
    skip_bad_rows: bool = False,
    progress: Progress = NO_PROGRESS,
) -> ImportSummary:
    """Check the whole stream, then create, update or leave each call. Raises CallsFileInvalid."""
    staging_create()
    try:
        log, good = _stage(council, text, mapping or Mapping(), progress)
        if log.total and not skip_bad_rows:
            raise log.invalid()
        summary = ImportSummary(
            skipped=log.shown,
            skipped_problems=log.total,
            skipped_rows=log.rows,
            skipped_rows_by_column=log.rows_by_column,
        )
        moment = now()
        # Checked whole above; written a chunk per transaction, each under the council's rollup
        # lock from before it reads the calls it changes (ADR 29): another import's chunks come
        # in between, never inside, and web writes wait at most one chunk.
        for index, (first, end) in enumerate(chunks(CHUNK_ROWS)):
            if index:
                _let_others_write()
            with transaction.atomic():
                rollups_lock(council)
                counts = write_chunk(council, first, end, moment)
            summary.created += counts.created
            summary.updated += counts.updated
            summary.unchanged += counts.unchanged
            progress.writing(summary.created + summary.updated + summary.unchanged, good)
        return summary
    finally:
        progress.finish()
        with contextlib.suppress(DatabaseError):  # a failed transaction drops it anyway
            staging_drop()


def calls_import(
    *,
    council: Council,
    text: str,
    mapping: Mapping | None = None,
    skip_bad_rows: bool = False,
) -> ImportSummary:
    """Import calls from text already in memory (tests, small files)."""
    return calls_import_stream(
        council=council, text=io.StringIO(text), mapping=mapping, skip_bad_rows=skip_bad_rows
    )


def calls_import_file(
    *,
    council: Council,
    path: Path,
    mapping_path: Path | None = None,
    skip_bad_rows: bool = False,
    progress_to: TextIO | None = None,
) -> ImportSummary:
    """Import the file at `path`; with `progress_to` (a terminal), show the progress there."""
    mapping = Mapping.load(mapping_path) if mapping_path else None
    size = path.stat().st_size
    with path.open("rb") as binary, text_stream(binary) as text:
        progress = NO_PROGRESS
        if progress_to is not None:
            progress = TerminalProgress(progress_to, lambda: binary.tell() / size if size else None)
        return calls_import_stream(
            council=council,
            text=text,
            mapping=mapping,
            skip_bad_rows=skip_bad_rows,
            progress=progress,
        )

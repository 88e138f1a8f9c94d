from __future__ import annotations

from argparse import ArgumentParser
from collections import Counter
from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection

from civicdesk.catalogue.management.commands._council import council_by_slug
from civicdesk.core.busy import database_busy
from civicdesk.performance.calls_import import CallsFileInvalid, calls_import_file

# An import is a batch job: on SQLite it may wait longer for its turn (behind another import's
# chunk, or a rebuild) than a web request, which waits SQLITE_TIMEOUT_SECONDS (ADR 29).
SQLITE_IMPORT_WAIT_SECONDS = 60


def _by_column(counts: Counter[str]) -> str:
    return ", ".join(f"{column} {count}" for column, count in counts.most_common())


class Command(BaseCommand):
    help = (
        "Import call detail records from CSV, read as a stream (memory stays bounded whatever "
        "the file's size). Every row is checked first, into a staging table: on any problem "
        "nothing is written (unless --skip-bad-rows) and the problems are listed (the first "
        "1,000, and the rest counted by column). Calls are then written 50,000 at a time, each "
        "chunk with its rollups. Re-importing a file updates calls by call_id and never counts a "
        "call twice. Progress (rows, rows/s, time left) shows on a terminal, or with --progress."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--council", required=True, help="the council's slug")
        parser.add_argument("--mapping", type=Path, help="YAML mapping another export's columns")
        parser.add_argument(
            "--skip-bad-rows", action="store_true", help="import the good rows, report the rest"
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="show the progress on stderr even when it is not a terminal",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        council = council_by_slug(options["council"])
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {SQLITE_IMPORT_WAIT_SECONDS * 1000}")
        path = Path(options["file"])
        mapping = options["mapping"]
        show = options["progress"] or self.stderr.isatty()
        try:
            summary = calls_import_file(
                council=council,
                path=path,
                mapping_path=Path(mapping) if mapping else None,
                skip_bad_rows=options["skip_bad_rows"],
                progress_to=cast(TextIO, self.stderr._out) if show else None,
            )
        except CallsFileInvalid as invalid:
            for problem in invalid.problems:
                self.stderr.write(f"{path.name}: {problem}")
            if invalid.total > len(invalid.problems):
                self.stderr.write(
                    f"{path.name}: and {invalid.total - len(invalid.problems)} more; all "
                    f"{invalid.total} by column: {_by_column(invalid.by_column)}"
                )
            raise CommandError(
                f"{invalid.total} problem(s) found; nothing was imported."
            ) from invalid
        except OSError as error:
            raise CommandError(f"Cannot read {error.filename}: {error.strerror}") from error
        except OperationalError as error:
            if not database_busy(error):
                raise
            raise CommandError(
                "The database stayed busy (a rebuild of the rollups?). The calls written so far "
                "are kept with their rollups; import the file again to write the rest."
            ) from error
        for problem in summary.skipped:
            self.stderr.write(f"{path.name}: skipped {problem}")
        if summary.more_skipped:
            self.stderr.write(f"{path.name}: and {summary.more_skipped} more problems")
        # Why, in one line: each skipped row under the column of its first problem.
        skipped_rows = summary.skipped_rows
        if skipped_rows:
            reasons = _by_column(summary.skipped_rows_by_column)
            self.stderr.write(f"{path.name}: skipped {skipped_rows} rows, by column: {reasons}")
        self.stdout.write(
            f"calls: {summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged, {skipped_rows} skipped"
        )

from __future__ import annotations

from argparse import ArgumentParser
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection

from civicdesk.catalogue.management.commands._council import council_by_slug
from civicdesk.core.busy import database_busy
from civicdesk.performance.calls_import import CallsFileInvalid, calls_import_file

# An import is a batch job: on SQLite it may wait longer for its turn (behind another import's
# chunk, or a rebuild) than a web request, which waits SQLITE_TIMEOUT_SECONDS (ADR 29).
SQLITE_IMPORT_WAIT_SECONDS = 60


class Command(BaseCommand):
    help = (
        "Import call detail records from CSV. Every row is checked first: on any problem nothing "
        "is written (unless --skip-bad-rows) and every problem is listed. Calls are then written "
        "1,000 at a time, each chunk with its rollups. Re-importing a file updates calls by "
        "call_id and never counts a call twice."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--council", required=True, help="the council's slug")
        parser.add_argument("--mapping", type=Path, help="YAML mapping another export's columns")
        parser.add_argument(
            "--skip-bad-rows", action="store_true", help="import the good rows, report the rest"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        council = council_by_slug(options["council"])
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {SQLITE_IMPORT_WAIT_SECONDS * 1000}")
        path = Path(options["file"])
        mapping = options["mapping"]
        try:
            summary = calls_import_file(
                council=council,
                path=path,
                mapping_path=Path(mapping) if mapping else None,
                skip_bad_rows=options["skip_bad_rows"],
            )
        except CallsFileInvalid as invalid:
            for problem in invalid.problems:
                self.stderr.write(f"{path.name}: {problem}")
            raise CommandError(
                f"{len(invalid.problems)} problem(s) found; nothing was imported."
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
        # Why, in one line: each skipped row under the column of its first problem.
        first: dict[int, str] = {}
        for problem in summary.skipped:
            first.setdefault(problem.row, problem.column or "whole row")
        skipped_rows = len(first)
        if skipped_rows:
            reasons = ", ".join(f"{c} {n}" for c, n in Counter(first.values()).most_common())
            self.stderr.write(f"{path.name}: skipped {skipped_rows} rows, by column: {reasons}")
        self.stdout.write(
            f"calls: {summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged, {skipped_rows} skipped"
        )

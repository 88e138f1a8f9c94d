from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from civicdesk.catalogue.management.commands._council import council_by_slug
from civicdesk.catalogue.transfer.service import CatalogueFileInvalid, catalogue_import


class Command(BaseCommand):
    help = (
        "Import a council's catalogue from a .yaml, .xlsx or .csv file. The whole file is "
        "checked first: on any problem nothing is written and every problem is listed."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--council", required=True, help="the council's slug")

    def handle(self, *args: Any, **options: Any) -> None:
        council = council_by_slug(options["council"])
        path: Path = options["file"]
        try:
            summary = catalogue_import(council=council, path=path, actor="import_catalogue")
        except CatalogueFileInvalid as invalid:
            for problem in invalid.problems:
                self.stderr.write(f"{path.name}: {problem}")
            raise CommandError(
                f"{len(invalid.problems)} problem(s) found; nothing was imported."
            ) from invalid
        for table in sorted({*summary.created, *summary.updated, *summary.unchanged}):
            self.stdout.write(
                f"{table}: {summary.created.get(table, 0)} created, "
                f"{summary.updated.get(table, 0)} updated, "
                f"{summary.unchanged.get(table, 0)} unchanged"
            )

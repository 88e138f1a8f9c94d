from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from civicdesk.catalogue.management.commands._council import council_by_slug
from civicdesk.catalogue.transfer.formats import FormatError
from civicdesk.catalogue.transfer.service import catalogue_export


class Command(BaseCommand):
    help = "Export a council's catalogue to a .yaml, .xlsx or .csv file (CSV: query types only)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--council", required=True, help="the council's slug")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        council = council_by_slug(options["council"])
        try:
            counts = catalogue_export(council=council, path=options["file"])
        except FormatError as error:
            raise CommandError(f"{options['file'].name}: {error}") from error
        except OSError as error:
            raise CommandError(f"Cannot write {error.filename}: {error.strerror}") from error
        for table, count in counts.items():
            self.stdout.write(f"{table}: {count} rows")

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError

from civicdesk.catalogue.management.commands._council import council_by_slug
from civicdesk.contacts.rollups import contact_days_rebuild
from civicdesk.core.busy import database_busy
from civicdesk.performance.rollups import rollups_rebuild


class Command(BaseCommand):
    help = (
        "Recount a council's call rollups and daily contact counts from the records. "
        "Reports read the rollups; imports and contact recording keep them up to date, so this "
        "is for repairs and for data loaded around Civic Desk's own services."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--council", required=True, help="the council's slug")

    def handle(self, *args: Any, **options: Any) -> None:
        council = council_by_slug(options["council"])
        try:
            calls = rollups_rebuild(council=council)
            contacts = contact_days_rebuild(council_id=council.pk)
        except OperationalError as error:
            if not database_busy(error):
                raise
            raise CommandError(
                "The database stayed busy, so the recount stopped; run it again."
            ) from error
        self.stdout.write(f"Recounted {calls} calls and {contacts} contacts for {council.slug}.")

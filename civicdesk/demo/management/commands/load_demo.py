from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from civicdesk.cases.models import Case
from civicdesk.catalogue.transfer.service import CatalogueFileInvalid
from civicdesk.contacts.models import Contact
from civicdesk.councils.models import Council
from civicdesk.demo.loader import DEMO_RESIDENTS, load_demo
from civicdesk.residents.models import Resident


class Command(BaseCommand):
    help = (
        "Load the demo councils, catalogues, staff accounts, teams and generated residents. "
        "Safe to run again."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--residents",
            type=int,
            default=DEMO_RESIDENTS,
            metavar="N",
            help=f"residents to generate if Demo City has none yet (default {DEMO_RESIDENTS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.CIVICDESK_ALLOW_DEMO:
            raise CommandError(
                "load_demo sets published demo passwords, so these settings do not allow it "
                "(CIVICDESK_ALLOW_DEMO is off). Use config.settings.local."
            )
        try:
            accounts = load_demo(residents=options["residents"])
        except CatalogueFileInvalid as invalid:
            for problem in invalid.problems:
                self.stderr.write(str(problem))
            raise CommandError("The demo catalogue is invalid; nothing was loaded.") from invalid
        self.stdout.write("Demo loaded: councils 'demo' and 'neighbour'.")
        demo = Council.objects.get(slug="demo")
        self.stdout.write(
            f"Demo City has {Resident.objects.filter(council=demo).count()} residents, "
            f"{Contact.objects.filter(council=demo).count()} contacts and "
            f"{Case.objects.filter(council=demo).count()} cases."
        )
        self.stdout.write("Staff sign-in at http://127.0.0.1:8000/accounts/login/ :")
        for account in accounts:
            self.stdout.write(
                f"  {account.username:<18} password {account.password:<26} "
                f"{account.role.label} at '{account.council}'"
            )

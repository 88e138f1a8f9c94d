from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from civicdesk.cases.models import Case
from civicdesk.catalogue.transfer.service import CatalogueFileInvalid
from civicdesk.contacts.models import Contact
from civicdesk.councils.models import Council
from civicdesk.demo.calls import CallFiguresError
from civicdesk.demo.channel_history import HistoryError
from civicdesk.demo.loader import DEMO_CALL_YEARS, DEMO_RESIDENTS, load_demo
from civicdesk.performance.models import CallRecord
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
        years = " and ".join(str(year) for year in DEMO_CALL_YEARS)
        parser.add_argument(
            "--no-calls",
            action="store_true",
            help=f"do not generate Demo City's calls for {years}, nor the history of its other "
            "channels (by default each year that has no generated calls yet gets them; "
            "`civicdesk generate_calls` replaces them)",
        )
        parser.add_argument(
            "--no-history",
            action="store_true",
            help="do not add the online contacts and York House visits of January 2022 to "
            "August 2023 (by default added once, when Demo City has none yet)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.CIVICDESK_ALLOW_DEMO:
            raise CommandError(
                "load_demo sets published demo passwords, so these settings do not allow it "
                "(CIVICDESK_ALLOW_DEMO is off). Use config.settings.local."
            )
        try:
            accounts = load_demo(
                residents=options["residents"],
                calls_years=() if options["no_calls"] else DEMO_CALL_YEARS,
                history=not (options["no_calls"] or options["no_history"]),
            )
        except CatalogueFileInvalid as invalid:
            for problem in invalid.problems:
                self.stderr.write(str(problem))
            raise CommandError("The demo catalogue is invalid; nothing was loaded.") from invalid
        except CallFiguresError as error:
            raise CommandError(f"Demo calls not generated: {error}") from error
        except HistoryError as error:
            raise CommandError(f"Demo history not added: {error}") from error
        self.stdout.write("Demo loaded: councils 'demo' and 'neighbour'.")
        demo = Council.objects.get(slug="demo")
        self.stdout.write(
            f"Demo City has {Resident.objects.filter(council=demo).count()} residents, "
            f"{Contact.objects.filter(council=demo).count()} contacts, "
            f"{Case.objects.filter(council=demo).count()} cases and "
            f"{CallRecord.objects.filter(council=demo).count()} call records."
        )
        self.stdout.write("Staff sign-in at http://127.0.0.1:8000/accounts/login/ :")
        for account in accounts:
            self.stdout.write(
                f"  {account.username:<18} password {account.password:<26} "
                f"{account.role.label} at '{account.council}'"
            )

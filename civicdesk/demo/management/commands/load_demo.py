from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from civicdesk.catalogue.transfer.service import CatalogueFileInvalid
from civicdesk.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo councils, catalogues and staff accounts. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.CIVICDESK_ALLOW_DEMO:
            raise CommandError(
                "load_demo sets published demo passwords, so these settings do not allow it "
                "(CIVICDESK_ALLOW_DEMO is off). Use config.settings.local."
            )
        try:
            accounts = load_demo()
        except CatalogueFileInvalid as invalid:
            for problem in invalid.problems:
                self.stderr.write(str(problem))
            raise CommandError("The demo catalogue is invalid; nothing was loaded.") from invalid
        self.stdout.write("Demo loaded: councils 'demo' and 'neighbour'.")
        self.stdout.write("Staff sign-in at http://127.0.0.1:8000/accounts/login/ :")
        for account in accounts:
            self.stdout.write(
                f"  {account.username:<18} password {account.password:<26} "
                f"{account.role.label} at '{account.council}'"
            )

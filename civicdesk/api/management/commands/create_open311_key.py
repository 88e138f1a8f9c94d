"""civicdesk create_open311_key --council SLUG --client NAME: prints a new Open311 API key."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from civicdesk.api.open311.keys import open311_key_create
from civicdesk.catalogue.management.commands._council import council_by_slug


class Command(BaseCommand):
    help = (
        "Create an Open311 API key for a client (e.g. FixMyStreet) at one council and print it. "
        "Only a hash is kept: copy the key now. Revoke it in the admin."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--council", required=True, help="the council's slug")
        parser.add_argument("--client", required=True, help="the client's name, e.g. FixMyStreet")

    def handle(self, *args: Any, **options: Any) -> None:
        council = council_by_slug(options["council"])
        if not options["client"].strip():
            raise CommandError("Name the client, e.g. --client FixMyStreet.")
        client, key = open311_key_create(
            council=council, client=options["client"], actor="create_open311_key"
        )
        self.stderr.write(
            f"Open311 key for {client.name} at {council.name} (starts {client.key_prefix}); "
            "it is shown once only:"
        )
        self.stdout.write(key)

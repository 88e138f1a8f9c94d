"""civicdesk revoke_api_token --prefix cd_XXXXXXXXX | --user USERNAME: tokens stop working."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from civicdesk.api.models import ApiToken
from civicdesk.api.tokens import PREFIX_LENGTH, api_token_revoke


class Command(BaseCommand):
    help = (
        "Revoke staff API tokens, found by the first characters the admin lists (--prefix) or "
        "all of one user's (--user). They stop working at once."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--prefix", help=f"the token's first {PREFIX_LENGTH} characters")
        which.add_argument("--user", help="revoke every token of this username")

    def handle(self, *args: Any, **options: Any) -> None:
        live = ApiToken.objects.filter(revoked_at__isnull=True)
        if options["prefix"] is not None:
            prefix = options["prefix"][:PREFIX_LENGTH]
            if len(prefix) < PREFIX_LENGTH:
                raise CommandError(f"--prefix: give the first {PREFIX_LENGTH} characters.")
            chosen = live.filter(key_prefix=prefix)
        else:
            chosen = live.filter(user__username=options["user"])
        revoked = 0
        for token in chosen.order_by("pk")[:1000]:
            api_token_revoke(token=token)
            revoked += 1
        if not revoked:
            raise CommandError("No live token matches: nothing was revoked.")
        self.stdout.write(f"Revoked {revoked} token(s).")

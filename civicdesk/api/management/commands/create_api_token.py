"""civicdesk create_api_token --user USERNAME [--days N]: a new key for `Authorization: Token …`,
printed once (only its digest is kept)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from civicdesk.api.models import ApiToken
from civicdesk.api.tokens import DEFAULT_DAYS, MAX_DAYS, api_token_create, api_token_revoke


class Command(BaseCommand):
    help = (
        "Create a staff API token for a user and print it, once: only its digest is kept. The "
        "token acts as that user: it reaches only their councils, with their roles. It expires "
        f"after --days (default {DEFAULT_DAYS}); revoke it with `civicdesk revoke_api_token`."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--user", required=True, help="the staff user's username")
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help=f"days until the token expires, 1 to {MAX_DAYS} (default {DEFAULT_DAYS})",
        )
        parser.add_argument("--name", default="", help="what the token is for, e.g. a tool")
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="revoke the user's other tokens: they stop working at once",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["user"]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if not user.is_active:
            raise CommandError(f"The user {username!r} is not active.")
        days = options["days"]
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days: from 1 to {MAX_DAYS}, not {days}.")
        if options["rotate"]:
            for old in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
                api_token_revoke(token=old)
        token, key = api_token_create(user=user, days=days, name=options["name"])
        if not user.memberships.exists():
            self.stderr.write(f"{username} works for no council: the token will reach nothing.")
        expires = timezone.localtime(token.expires_at) if token.expires_at else None
        self.stderr.write(
            f"API token for {username} (starts {token.key_prefix}), expires {expires:%-d %B %Y}; "
            "it is shown once only:"
        )
        self.stdout.write(key)

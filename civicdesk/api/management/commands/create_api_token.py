"""civicdesk create_api_token --user USERNAME: a key for the `Authorization: Token …` header."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = (
        "Print the staff API token of a user, creating it if needed. The token acts as that "
        "user: it reaches only their councils, with their roles."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--user", required=True, help="the staff user's username")
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="replace the user's token with a new one (the old one stops working)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["user"]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if not user.is_active:
            raise CommandError(f"The user {username!r} is not active.")
        if options["rotate"]:
            Token.objects.filter(user=user).delete()
        token, _ = Token.objects.get_or_create(user=user)
        if not user.memberships.exists():
            self.stderr.write(f"{username} works for no council: the token will reach nothing.")
        self.stdout.write(token.key)

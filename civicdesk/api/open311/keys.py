"""Open311 API keys: issued once, kept only as a hash, found by their first characters."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction

from civicdesk.api.models import Open311Client
from civicdesk.core.clock import now
from civicdesk.councils.models import Council

PREFIX_LENGTH = 8


def open311_key_create(*, council: Council, client: str, actor: Any) -> tuple[Open311Client, str]:
    """A new key for `client` at `council`. The key itself is returned once and never stored."""
    name = client.strip()
    if not name:
        raise ValueError("Name the client, e.g. FixMyStreet")
    for _attempt in range(5):
        key = secrets.token_urlsafe(32)
        try:
            with transaction.atomic():
                row = Open311Client.objects.create(
                    council=council,
                    name=name,
                    key_prefix=key[:PREFIX_LENGTH],
                    key_hash=make_password(key),
                )
            return row, key
        except IntegrityError:
            continue  # another key starts the same way: draw again
    raise RuntimeError("could not draw a key with a free prefix")


def open311_key_issue(*, row: Open311Client) -> str:
    """Give an unsaved client row (the admin's add form) a fresh key; returns the key."""
    while True:
        key = secrets.token_urlsafe(32)
        if not Open311Client.objects.filter(key_prefix=key[:PREFIX_LENGTH]).exists():
            break
    row.key_prefix = key[:PREFIX_LENGTH]
    row.key_hash = make_password(key)
    return key


def open311_key_revoke(*, client: Open311Client, actor: Any) -> Open311Client:
    """The key stops working at once. Revoking twice keeps the first time."""
    if client.revoked_at is None:
        client.revoked_at = now()
        client.save(update_fields=["revoked_at"])
    return client


def open311_client_for_key(key: str) -> Open311Client | None:
    """The live client whose key this is, noting when it was last used; else None."""
    if len(key) <= PREFIX_LENGTH:
        return None
    row = (
        Open311Client.objects.select_related("council")
        .filter(key_prefix=key[:PREFIX_LENGTH], revoked_at__isnull=True)
        .first()
    )
    if row is None or not check_password(key, row.key_hash):
        return None
    Open311Client.objects.filter(pk=row.pk).update(last_used_at=now())
    return row

"""Open311 API keys: issued once, kept only as a SHA-256 digest, found by their first characters.

Keys issued before the digest (ADR 32) were kept as password hashes: such a key is checked with
the password hasher once, on its first use, and its digest replaces the hash.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.hashers import check_password
from django.db import IntegrityError, transaction

from civicdesk.api.key_digest import key_digest, key_matches, key_note_use, key_revoke
from civicdesk.api.models import Open311Client
from civicdesk.councils.models import Council

PREFIX_LENGTH = 8


def open311_key_create(*, council: Council, client: str, actor: Any) -> tuple[Open311Client, str]:
    """A new key for `client` at `council`. The key itself is returned once and never stored."""
    name = client.strip()
    if not name:
        raise ValueError("Name the client, e.g. FixMyStreet")
    for _attempt in range(5):
        row = Open311Client(council=council, name=name)
        key = open311_key_issue(row=row)
        try:
            with transaction.atomic():
                row.save()
            return row, key
        except IntegrityError:
            continue  # another key took the same prefix meanwhile: draw again
    raise RuntimeError("could not draw a key with a free prefix")


def open311_key_issue(*, row: Open311Client) -> str:
    """Give an unsaved client row (the admin's add form) a fresh key; returns the key."""
    while True:
        key = secrets.token_urlsafe(32)
        if not Open311Client.objects.filter(key_prefix=key[:PREFIX_LENGTH]).exists():
            break
    row.key_prefix = key[:PREFIX_LENGTH]
    row.key_digest = key_digest(key)
    row.key_hash = ""
    return key


def open311_key_revoke(*, client: Open311Client, actor: Any) -> Open311Client:
    """The key stops working at once. Revoking twice keeps the first time."""
    return key_revoke(client)


def open311_client_for_key(key: str) -> Open311Client | None:
    """The live client whose key this is, noting when it was last used; else None."""
    if len(key) <= PREFIX_LENGTH:
        return None
    row = (
        Open311Client.objects.select_related("council")
        .filter(key_prefix=key[:PREFIX_LENGTH], revoked_at__isnull=True)
        .first()
    )
    if row is None:
        return None
    if row.key_digest:
        if not key_matches(key, row.key_digest):
            return None
    elif not _old_key_matches(row, key):
        return None
    key_note_use(row)
    return row


def _old_key_matches(row: Open311Client, key: str) -> bool:
    """A key from before ADR 32: the slow password check, once; then only its digest is kept."""
    if not row.key_hash or not check_password(key, row.key_hash):
        return False
    row.key_digest, row.key_hash = key_digest(key), ""
    Open311Client.objects.filter(pk=row.pk).update(key_digest=row.key_digest, key_hash="")
    return True

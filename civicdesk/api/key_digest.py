"""Keys are random 256-bit values, so one round of SHA-256 is all a stored key needs: nobody can
guess such a key from its digest, and checking one costs microseconds, not a password hash.

What staff tokens and Open311 keys share: the digest, revoking, and noting when a key was used.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from typing import Any, TypeVar

from civicdesk.core.clock import now

LAST_USED_EVERY = timedelta(minutes=1)  # last_used_at is written at most this often per key
KeyRow = TypeVar("KeyRow", bound=Any)


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def key_matches(key: str, digest: str) -> bool:
    """Whether `key` is the key of `digest`, in time that does not depend on where they differ."""
    return hmac.compare_digest(key_digest(key), digest)


def key_revoke(row: KeyRow) -> KeyRow:
    """The key stops working at once. Revoking twice keeps the first time."""
    if row.revoked_at is None:
        row.revoked_at = now()
        row.save(update_fields=["revoked_at"])
    return row


def key_note_use(row: Any) -> None:
    """Remember when the key was last used, without a write on every request."""
    moment = now()
    if row.last_used_at is None or moment - row.last_used_at >= LAST_USED_EVERY:
        row.last_used_at = moment
        type(row).objects.filter(pk=row.pk).update(last_used_at=moment)

"""Keys are random 256-bit values, so one round of SHA-256 is all a stored key needs: nobody can
guess such a key from its digest, and checking one costs microseconds, not a password hash."""

from __future__ import annotations

import hashlib
import hmac


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def key_matches(key: str, digest: str) -> bool:
    """Whether `key` is the key of `digest`, in time that does not depend on where they differ."""
    return hmac.compare_digest(key_digest(key), digest)

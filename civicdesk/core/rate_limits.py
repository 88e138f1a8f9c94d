"""Attempts counted in fixed windows in the default cache, which every web process shares (ADR 26).

The cache is the database's by default and Redis when `REDIS_URL` is set, so a limit holds
however many processes serve the site and whether or not the client keeps its cookies. Counting
is atomic on Redis; on the database cache two attempts at the same instant may count as one,
which lets a burst exceed a limit by a few, never by a multiple.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    attempts: int
    seconds: int


def limit_attempt(scope: str, ident: str, limit: Limit) -> int:
    """Count one attempt by `ident` against `limit`: 0 if it is allowed, else the seconds to wait.

    Attempts refused still count, so a client that keeps trying gains nothing by it.
    """
    moment = time.time()
    window = math.floor(moment / limit.seconds)
    remaining = max(1, math.ceil((window + 1) * limit.seconds - moment))
    # Hashed: the key stays short whatever the ident, and the cache holds no addresses.
    digest = hashlib.sha256(ident.encode("utf-8")).hexdigest()[:32]
    key = f"civicdesk:limit:{scope}:{digest}:{window}"
    cache.add(key, 0, timeout=remaining + 1)
    try:
        count = int(cache.incr(key))
    except ValueError:  # it expired between the two calls: a new window
        cache.add(key, 1, timeout=remaining + 1)
        count = 1
    # The database cache's incr rewrites the entry with the default timeout; keep the window's.
    cache.touch(key, timeout=remaining + 1)
    return remaining if count > limit.attempts else 0

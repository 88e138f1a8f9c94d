"""Rates for Open311 reads and writes, per client address, set in REST_FRAMEWORK's
DEFAULT_THROTTLE_RATES ("open311_read", "open311_write").

The address is `core.client_address`'s, which believes X-Forwarded-For only as far as
CIVICDESK_TRUSTED_PROXIES says (an IPv6 client counts by its /64). Counts live in Django's
default cache, which every web process shares: the database's, or Redis with REDIS_URL (ADR 26).
"""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from civicdesk.core.client_address import client_address, limit_key


class _Open311Throttle(SimpleRateThrottle):
    methods: frozenset[str] = frozenset()

    def get_rate(self) -> str | None:
        # Read now, not at import, so a changed setting takes effect.
        rates: Any = api_settings.DEFAULT_THROTTLE_RATES
        rate = rates.get(self.scope or "")
        return str(rate) if rate else None

    def get_ident(self, request: Request) -> str:
        return limit_key(client_address(request))

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if request.method not in self.methods:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class Open311ReadThrottle(_Open311Throttle):
    scope = "open311_read"
    methods = frozenset({"GET", "HEAD", "OPTIONS"})


class Open311WriteThrottle(_Open311Throttle):
    scope = "open311_write"
    methods = frozenset({"POST"})

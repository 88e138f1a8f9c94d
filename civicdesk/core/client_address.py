"""The address a request came from, believing only the proxies we run (ADR 26).

`X-Forwarded-For` is a list each proxy appends to: `client, proxy1, proxy2`. Anyone can send one
with made-up entries on the left, so only the entries our own proxies added can be believed. With
`CIVICDESK_TRUSTED_PROXIES = n` (from the environment, default 0) the client is the entry `n` hops
from the right, as DRF's `NUM_PROXIES` and allauth's `ALLAUTH_TRUSTED_PROXY_COUNT` read it
(settings give all three the same number). With 0 the header is ignored and `REMOTE_ADDR` is the
client.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any, Protocol

from django.conf import settings

# Rate limits count an IPv6 client by its /64, as allauth does: one household or server is
# given a whole /64, so counting single addresses would give it 2**64 allowances.
IPV6_PREFIX = 64


class WithMeta(Protocol):
    """A Django request, or a DRF one wrapping it."""

    @property
    def META(self) -> Mapping[str, Any]: ...


def client_address(request: WithMeta) -> str:
    """The client's address: `REMOTE_ADDR`, or the entry our proxies added to X-Forwarded-For."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies = int(getattr(settings, "CIVICDESK_TRUSTED_PROXIES", 0))
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    if proxies > 0 and forwarded:
        entries = [entry.strip() for entry in forwarded.split(",")]
        # Fewer entries than proxies: the leftmost was still added by one of ours (DRF agrees).
        chosen = _normalised(entries[-min(proxies, len(entries))])
        if chosen:
            return chosen
    return _normalised(remote) or remote


def limit_key(address: str) -> str:
    """What rate limits count by: the address itself, or an IPv6 address's /64 network."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{parsed}/{IPV6_PREFIX}", strict=False).network_address)
    return str(parsed)


def _normalised(entry: str) -> str:
    """The address in one written form (an IPv4 client of an IPv6 socket as IPv4), or "" when
    the entry is not an address."""
    try:
        parsed = ipaddress.ip_address(entry)
    except ValueError:
        return ""
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(parsed)

"""How often the track page may be asked, counted in the shared cache, never in the session.

Two limits, from settings (as guesses and seconds): per client address
(`CIVICDESK_TRACK_GUESSES_PER_ADDRESS`), so one address cannot sweep many references, and per
council and reference (`CIVICDESK_TRACK_GUESSES_PER_REFERENCE`), so rotating addresses cannot
guess one case's postcode. A reference counts whether or not a case has it, so a refusal says
nothing about which references exist. Nothing is written to the session, so a failed guess
leaves no session row.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from civicdesk.core.client_address import client_address, limit_key
from civicdesk.core.rate_limits import Limit, limit_attempt
from civicdesk.councils.models import Council


def _limit(name: str) -> Limit:
    attempts, seconds = getattr(settings, name)
    return Limit(attempts=int(attempts), seconds=int(seconds))


def track_attempt_wait(request: HttpRequest, council: Council, reference: str | None) -> int:
    """Count a tracking attempt; the seconds to wait if one limit is spent, else 0.

    Every attempt counts against its address; one that names a well-formed reference counts
    against that reference too, unless the address was already refused.
    """
    address = limit_key(client_address(request))
    wait = limit_attempt("track-address", address, _limit("CIVICDESK_TRACK_GUESSES_PER_ADDRESS"))
    if wait or not reference:
        return wait
    return limit_attempt(
        "track-reference",
        f"{council.slug}/{reference}",
        _limit("CIVICDESK_TRACK_GUESSES_PER_REFERENCE"),
    )


def wait_words(seconds: int) -> str:
    """'a minute', '12 minutes': how long to wait, rounded up to whole minutes."""
    minutes = max(1, -(-seconds // 60))
    return "a minute" if minutes == 1 else f"{minutes} minutes"

"""What a resident's browser may see again, and how often it may guess, kept in their session.

Sessions live in the database, so this holds across web processes. Residents do not sign in: a
case reported or found in this browser can be shown again in it, and nowhere else.
"""

from __future__ import annotations

import time

from django.http import HttpRequest

from civicdesk.councils.models import Council

_CASES = "portal_cases"
_ATTEMPTS = "portal_track_attempts"
MAX_REMEMBERED = 20
REPORTED, LINKED, TRACKED = "reported", "linked", "tracked"
TRACK_ATTEMPTS_PER_MINUTE = 10


def _key(council: Council, reference: str) -> str:
    return f"{council.slug}/{reference}"


def remember_case(request: HttpRequest, council: Council, reference: str, how: str) -> None:
    cases: dict[str, str] = dict(request.session.get(_CASES, {}))
    key = _key(council, reference)
    if cases.get(key) in (REPORTED, LINKED) and how == TRACKED:
        how = cases[key]  # the reporter keeps seeing the confirmation
    cases.pop(key, None)
    cases[key] = how
    request.session[_CASES] = dict(list(cases.items())[-MAX_REMEMBERED:])


def how_known(request: HttpRequest, council: Council, reference: str) -> str | None:
    """REPORTED or LINKED if this browser made the report, TRACKED if it found it, else None."""
    cases = request.session.get(_CASES, {})
    return cases.get(_key(council, reference)) if isinstance(cases, dict) else None


def track_attempt_allowed(request: HttpRequest) -> bool:
    """Count a tracking attempt; False once there have been too many in the last minute."""
    moment = time.time()
    recent = [t for t in request.session.get(_ATTEMPTS, []) if moment - float(t) < 60]
    allowed = len(recent) < TRACK_ATTEMPTS_PER_MINUTE
    if allowed:
        recent.append(moment)
    request.session[_ATTEMPTS] = recent
    return allowed

"""What a resident's browser may see again, kept in their session.

Sessions live in the database, so this holds across web processes. Residents do not sign in: a
case reported or found in this browser can be shown again in it, and nowhere else. How often it
may guess is not kept here, where dropping the cookie would undo it (`portal/track_limits.py`).
"""

from __future__ import annotations

from django.http import HttpRequest

from civicdesk.councils.models import Council

_CASES = "portal_cases"
MAX_REMEMBERED = 20
REPORTED, LINKED, TRACKED = "reported", "linked", "tracked"


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

"""The legal pages every public-sector site publishes: the accessibility statement, the privacy
notice and the cookies page, per council (and site-wide, for pages that belong to no council).
What they say is read from the software itself: the cookie names from the settings, retention
from the catalogue, contacts from the council record and its general line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from civicdesk.catalogue.models import QueryType
from civicdesk.catalogue.selectors import general_contact
from civicdesk.core.clock import now
from civicdesk.councils.models import Council
from civicdesk.portal.common import council_or_404

# When the accessibility statement was prepared and the site last tested: change both when the
# statement is reviewed.
STATEMENT_PREPARED = date(2026, 12, 3)


@dataclass(frozen=True)
class CookieRow:
    name: str
    purpose: str
    expires: str


def _duration(seconds: int | None) -> str:
    if seconds is None:
        return "When you close your browser"
    days = seconds // 86_400
    if days >= 364:
        return f"{round(days / 365)} year" + ("s" if round(days / 365) > 1 else "")
    if days % 7 == 0:
        weeks = days // 7
        return f"{weeks} week" + ("s" if weeks > 1 else "")
    return f"{days} days"


def cookie_rows() -> list[CookieRow]:
    """The cookies Civic Desk sets, all of them essential: it sets no others."""
    session = None if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else int(settings.SESSION_COOKIE_AGE)
    return [
        CookieRow(
            settings.SESSION_COOKIE_NAME,
            "Remembers the report you have just made so we can show you its reference, counts "
            "tracking attempts so no one can guess references, and keeps council staff signed in",
            _duration(session),
        ),
        CookieRow(
            settings.CSRF_COOKIE_NAME,
            "Stops other websites sending forms (a report, a tracking search, staff changes) "
            "in your name",
            _duration(None if settings.CSRF_USE_SESSIONS else int(settings.CSRF_COOKIE_AGE)),
        ),
        CookieRow(
            CookieStorage.cookie_name,
            "Carries a message to the next page staff see, such as 'You have signed out'",
            _duration(None),
        ),
    ]


def _council(council_slug: str | None) -> Council | None:
    return council_or_404(council_slug) if council_slug else None


def _context(council: Council | None, title: str) -> dict[str, object]:
    return {
        "page_title": title,
        "council": council,
        "general": general_contact(council, moment=now()) if council else None,
        "councils": [] if council else list(Council.objects.filter(active=True)),
    }


def accessibility(request: HttpRequest, council: str | None = None) -> HttpResponse:
    context = _context(_council(council), "Accessibility statement")
    context["prepared"] = f"{STATEMENT_PREPARED.day} {STATEMENT_PREPARED:%B %Y}"
    return render(request, "portal/legal/accessibility.html", context)


def privacy(request: HttpRequest, council: str | None = None) -> HttpResponse:
    the_council = _council(council)
    context = _context(the_council, "Privacy notice")
    context["retention"] = (
        list(
            QueryType.objects.filter(council=the_council, active=True, service__active=True)
            .select_related("service")
            .order_by("service__name", "name")
        )
        if the_council
        else []
    )
    return render(request, "portal/legal/privacy.html", context)


def cookies(request: HttpRequest, council: str | None = None) -> HttpResponse:
    context = _context(_council(council), "Cookies")
    context["cookies"] = cookie_rows()
    return render(request, "portal/legal/cookies.html", context)

"""The floorwalker's tally: one tap per visitor at a venue, for the purpose they came for.

Each purpose is its own small POST form, so the page works without JavaScript; every tap
redirects back to the page (POST-redirect-GET), which says what was counted and today's counts.
The chosen venue travels in the address (`?venue=<code>`), so a bookmark keeps it.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from civicdesk.backoffice.views.common import council_or_404, notify, page
from civicdesk.catalogue.models import Venue
from civicdesk.contacts.tally import visit_tally, visit_tally_undo
from civicdesk.contacts.vocabulary import VisitPurpose
from civicdesk.core.errors import DomainError
from civicdesk.councils.models import Council
from civicdesk.performance.visit_reports import visits_on


def _venues(council: Council) -> list[Venue]:
    return list(Venue.objects.filter(council=council, active=True).order_by("name"))


def _chosen(venues: list[Venue], code: str) -> Venue | None:
    """The venue of the code; with no code, the council's only venue if it has one."""
    if not code:
        return venues[0] if len(venues) == 1 else None
    return next((venue for venue in venues if venue.code == code), None)


def _tally_url(council: Council, venue: Venue) -> str:
    address = reverse("backoffice:visit_tally", kwargs={"council": council.slug})
    return f"{address}?{urlencode({'venue': venue.code})}"


def _posted_venue(request: HttpRequest, council: Council) -> Venue:
    venue = _chosen(_venues(council), request.POST.get("venue", ""))
    if venue is None:
        raise Http404("No such venue at this council")
    return venue


def _tally_page(
    request: HttpRequest, council: Council, venue: Venue | None, *, error: str = ""
) -> HttpResponse:
    venues = _venues(council)
    today = timezone.localdate()
    counts = visits_on(council=council, venue=venue, day=today) if venue else {}
    labels = dict(VisitPurpose.choices)
    return page(
        request,
        "backoffice/visits/tally.html",
        {
            "page_title": f"Count visitors at {venue.name}" if venue else "Count visitors",
            "council": council,
            "venues": venues,
            "venue": venue,
            "purposes": list(VisitPurpose.choices),
            "counts": [(labels.get(p, "Purpose not recorded"), n) for p, n in counts.items()],
            "total": sum(counts.values()),
            "today": today,
            "error": error,
            "error_count": 1 if error else 0,
            "active_nav": "visits",
        },
    )


@login_required
@require_GET
def visit_tally_page(request: HttpRequest, council: str) -> HttpResponse:
    the_council = council_or_404(request, council)
    venues = _venues(the_council)
    return _tally_page(request, the_council, _chosen(venues, request.GET.get("venue", "")))


@login_required
@require_POST
def visit_tally_count(request: HttpRequest, council: str) -> HttpResponse:
    the_council = council_or_404(request, council)
    venue = _posted_venue(request, the_council)
    purpose = request.POST.get("purpose", "")
    try:
        visit_tally(council=the_council, actor=request.user, venue=venue, purpose=purpose)
    except DomainError as error:
        response = _tally_page(request, the_council, venue, error=error.message)
        response.status_code = error.kind.http_status
        return response
    notify(request, f"Counted: {VisitPurpose(purpose).label} at {venue.name}")
    return redirect(_tally_url(the_council, venue))


@login_required
@require_POST
def visit_tally_undo_page(request: HttpRequest, council: str) -> HttpResponse:
    the_council = council_or_404(request, council)
    venue = _posted_venue(request, the_council)
    try:
        taken = visit_tally_undo(council=the_council, actor=request.user, venue=venue)
    except DomainError as error:
        response = _tally_page(request, the_council, venue, error=error.message)
        response.status_code = error.kind.http_status
        return response
    label = taken.get_purpose_display() or "a visitor"
    notify(request, f"Taken back: {label} at {venue.name}")
    return redirect(_tally_url(the_council, venue))

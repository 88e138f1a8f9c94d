"""Subject access pages for staff: those whose role allows `Permission.SUBJECT_ACCESS_EXPORT`
(team leaders and above), within their own councils. Other members get a 403 page; staff of
other councils 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from civicdesk.councils.access import CouncilNotFound, council_for_user
from civicdesk.councils.models import Council
from civicdesk.councils.permissions import Permission, allowed, refusal
from civicdesk.privacy.subject_access import subject_access_data, subject_access_json
from civicdesk.residents.models import Resident
from civicdesk.residents.normalise import phone_for_display
from civicdesk.residents.selectors import resident_in_council

# Exports hold everything about a resident, so advisors cannot make them.
EXPORT = Permission.SUBJECT_ACCESS_EXPORT


def _forbidden(request: HttpRequest, council: Council) -> HttpResponse:
    context = {"page_title": "You cannot do that", "council": council, "can": set()}
    response = render(
        request, "backoffice/forbidden.html", {**context, "why": refusal(council, EXPORT)}
    )
    response.status_code = 403
    return response


def _exporter(
    view: Callable[[HttpRequest, Resident], HttpResponse],
) -> Callable[[HttpRequest, str, int], HttpResponse]:
    """The resident of the URL for a user whose role may export there. Staff of other
    councils get 404; members whose role may not, the 403 page."""

    @wraps(view)
    def wrapped(request: HttpRequest, council: str, resident: int) -> HttpResponse:
        try:
            the_council: Council = council_for_user(request.user, council)
        except CouncilNotFound:
            raise Http404("No such council among yours") from None
        if not allowed(request.user, the_council, EXPORT):
            return _forbidden(request, the_council)
        the_resident = resident_in_council(the_council, resident)
        if the_resident is None:
            raise Http404("No such resident at this council")
        return view(request, the_resident)

    return wrapped


@never_cache
@login_required
@_exporter
def subject_access_page(request: HttpRequest, the_resident: Resident) -> HttpResponse:
    data = subject_access_data(resident=the_resident, actor=request.user)
    return render(
        request,
        "privacy/subject_access.html",
        {
            "page_title": f"Subject access export: {the_resident}",
            "council": the_resident.council,
            "data": data,
            "phone": phone_for_display,
        },
    )


@never_cache
@login_required
@_exporter
def subject_access_download(request: HttpRequest, the_resident: Resident) -> HttpResponse:
    data = subject_access_data(resident=the_resident, actor=request.user)
    filename = (
        f"subject-access-{the_resident.council.slug}-resident-{the_resident.pk}-"
        f"{data['generated_at']:%Y-%m-%d}.json"
    )
    response = HttpResponse(subject_access_json(data), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

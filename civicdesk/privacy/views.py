"""Subject access pages for staff: team leaders and above, within their own councils."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from civicdesk.councils.access import CouncilNotFound, council_for_user
from civicdesk.councils.models import Council, Role
from civicdesk.privacy.subject_access import subject_access_data, subject_access_json
from civicdesk.residents.models import Resident
from civicdesk.residents.normalise import phone_for_display
from civicdesk.residents.selectors import resident_in_council

# Exports hold everything about a resident, so advisors cannot make them.
EXPORT_ROLE = Role.TEAM_LEADER


def _resident_or_404(request: HttpRequest, slug: str, resident_id: int) -> Resident:
    try:
        council: Council = council_for_user(request.user, slug, role=EXPORT_ROLE)
    except CouncilNotFound:
        raise Http404("No such council among yours") from None
    resident = resident_in_council(council, resident_id)
    if resident is None:
        raise Http404("No such resident at this council")
    return resident


@never_cache
@login_required
def subject_access_page(request: HttpRequest, council: str, resident: int) -> HttpResponse:
    the_resident = _resident_or_404(request, council, resident)
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
def subject_access_download(request: HttpRequest, council: str, resident: int) -> HttpResponse:
    the_resident = _resident_or_404(request, council, resident)
    data = subject_access_data(resident=the_resident, actor=request.user)
    filename = (
        f"subject-access-{the_resident.council.slug}-resident-{the_resident.pk}-"
        f"{data['generated_at']:%Y-%m-%d}.json"
    )
    response = HttpResponse(subject_access_json(data), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

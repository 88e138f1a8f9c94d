"""Find a resident, add one, their single view, and recording a vulnerability."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from civicdesk.backoffice.forms.residents import (
    RESIDENT_FIELDS,
    ResidentForm,
    ResidentSearchForm,
    VulnerabilityForm,
)
from civicdesk.backoffice.selectors import (
    case_by_reference,
    has_active_vulnerability,
    resident_timeline,
    residents_found,
)
from civicdesk.backoffice.views.common import (
    council_or_404,
    forbidden,
    notify,
    page,
    requires,
    show_domain_error,
)
from civicdesk.core.clock import now
from civicdesk.core.errors import DomainError
from civicdesk.councils.models import Council
from civicdesk.councils.permissions import Permission, allowed
from civicdesk.residents.models import Resident, ResidentMerge
from civicdesk.residents.selectors import resident_in_council
from civicdesk.residents.services import (
    AddressInput,
    resident_create,
    vulnerabilities_seen,
    vulnerability_record,
)
from civicdesk.residents.vocabulary import Need, PreferredChannel


def _resident_or_404(council: Council, resident_id: int) -> Resident:
    resident = resident_in_council(council, resident_id)
    if resident is None:
        raise Http404("No such resident at this council")
    return resident


@login_required
def resident_search(request: HttpRequest, council: str) -> HttpResponse:
    the_council = council_or_404(request, council)
    form = ResidentSearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        text = form.cleaned_data["q"]
        case = case_by_reference(the_council, text)
        if case is not None:
            if case.resident_id:
                return redirect(
                    "backoffice:resident", council=the_council.slug, resident_id=case.resident_id
                )
            return redirect("backoffice:case", council=the_council.slug, reference=case.reference)
        results = list(residents_found(the_council, text)[:50])
    response = page(
        request,
        "backoffice/resident_search.html",
        {
            "page_title": "Find a resident",
            "council": the_council,
            "form": form,
            "results": results,
        },
    )
    if form.errors:
        response.status_code = 400  # a GET form in error, as on the dashboards
    return response


@login_required
@require_http_methods(["GET", "POST"])
def resident_new(request: HttpRequest, council: str) -> HttpResponse:
    the_council = council_or_404(request, council)
    form = ResidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        address = (
            [
                AddressInput(
                    lines=data["address_lines"], postcode=data["postcode"], uprn=data["uprn"]
                )
            ]
            if data["postcode"]
            else []
        )
        try:
            resident = resident_create(
                council=the_council,
                actor=request.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                phones=[data["phone"]] if data["phone"] else [],
                emails=[data["email"]] if data["email"] else [],
                addresses=address,
                preferred_channel=data["preferred_channel"],
                needs=data["needs"],
                language=data["language"],
            )
        except DomainError as error:
            show_domain_error(form, error, RESIDENT_FIELDS)
        else:
            notify(request, f"{resident.full_name} added")
            return redirect(
                "backoffice:resident", council=the_council.slug, resident_id=resident.pk
            )
    return page(
        request,
        "backoffice/resident_new.html",
        {"page_title": "Add a new resident", "council": the_council, "form": form},
    )


@login_required
def resident_view(request: HttpRequest, council: str, resident_id: int) -> HttpResponse:
    the_council = council_or_404(request, council)
    resident = _resident_or_404(the_council, resident_id)
    if resident.merged_into_id:
        notify(request, f"That record was merged into {resident.merged_into}'s")
        return redirect(
            "backoffice:resident", council=the_council.slug, resident_id=resident.merged_into_id
        )
    showing = request.GET.get("show") == "vulnerability"
    if showing and not allowed(request.user, the_council, Permission.VIEW_VULNERABILITY):
        return forbidden(request, the_council, Permission.VIEW_VULNERABILITY)
    flags = (
        vulnerabilities_seen(resident=resident, actor=request.user, where="single view")
        if showing
        else None
    )
    points = list(resident.contact_points.all())
    return page(
        request,
        "backoffice/resident.html",
        {
            "page_title": resident.full_name or "Resident",
            "council": the_council,
            "resident": resident,
            "points": points,
            "needs": [Need(n).label for n in resident.needs if n in Need.values],
            "preferred_channel": PreferredChannel(resident.preferred_channel).label
            if resident.preferred_channel
            else "",
            "vulnerability_recorded": has_active_vulnerability(resident),
            "flags": flags,
            "timeline": resident_timeline(resident, moment=now()),
            "can_merge": allowed(request.user, the_council, Permission.MERGE_RESIDENTS),
            "merges": ResidentMerge.objects.filter(
                kept=resident, undone_at__isnull=True
            ).select_related("merged", "merged_by"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@requires(Permission.RECORD_VULNERABILITY)
def vulnerability_new(request: HttpRequest, council: str, resident_id: int) -> HttpResponse:
    the_council = council_or_404(request, council)
    resident = _resident_or_404(the_council, resident_id)
    form = VulnerabilityForm(request.POST or None, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        vulnerability_record(
            resident=resident,
            actor=request.user,
            reason=data["reason"],
            consent_given=data["consent_given"],
            review_date=data["review_date"],
        )
        notify(request, "Vulnerability recorded")
        return redirect("backoffice:resident", council=the_council.slug, resident_id=resident.pk)
    return page(
        request,
        "backoffice/vulnerability_new.html",
        {
            "page_title": "Record a vulnerability",
            "council": the_council,
            "resident": resident,
            "form": form,
        },
    )

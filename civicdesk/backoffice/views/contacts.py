"""Log a contact, with the triage guidance beside it: for a resident, or for someone unknown."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from civicdesk.backoffice.forms.contacts import (
    CONTACT_FIELDS,
    ContactAboutForm,
    ContactForm,
    triage_channel,
)
from civicdesk.backoffice.selectors import case_by_reference, open_cases_of, triage_circumstances
from civicdesk.backoffice.views.common import (
    council_or_404,
    forbidden,
    notify,
    page,
    show_domain_error,
)
from civicdesk.cases.errors import CaseErrorCode
from civicdesk.cases.models import Case
from civicdesk.catalogue.models import QueryType
from civicdesk.catalogue.selectors import (
    query_type_by_code,
    recommend,
    recommendation_as_dict,
    search_query_types,
)
from civicdesk.catalogue.triage import Circumstances
from civicdesk.contacts.models import Contact
from civicdesk.contacts.services import CaseDraft, contact_link_to_case, contact_record
from civicdesk.contacts.vocabulary import DemandType, FailureReason
from civicdesk.core.clock import now
from civicdesk.core.errors import DomainError
from civicdesk.councils.models import Council
from civicdesk.councils.permissions import Permission, allowed
from civicdesk.residents.models import Resident
from civicdesk.residents.selectors import resident_in_council
from civicdesk.residents.vocabulary import ContactPointKind


@login_required
@require_http_methods(["GET", "POST"])
def contact_for_resident(request: HttpRequest, council: str, resident_id: int) -> HttpResponse:
    the_council = council_or_404(request, council)
    resident = resident_in_council(the_council, resident_id)
    if resident is None or resident.merged_into_id:
        raise Http404("No such resident at this council")
    return _contact_page(request, the_council, resident)


@login_required
@require_http_methods(["GET", "POST"])
def contact_anonymous(request: HttpRequest, council: str) -> HttpResponse:
    return _contact_page(request, council_or_404(request, council), None)


def _contact_page(
    request: HttpRequest, council: Council, resident: Resident | None
) -> HttpResponse:
    about = ContactAboutForm(request.GET or None)
    if request.method == "POST":
        form = ContactForm(request.POST)
        # What the POST carries of the search, so the page looks the same if it comes back.
        about = ContactAboutForm(
            {
                "q": request.POST.get("q", ""),
                "channel": request.POST.get("channel", ""),
                "query_type": request.POST.get("query_type", ""),
                "circumstances": request.POST.getlist("circumstances"),
            }
        )
    else:
        form = ContactForm(initial=_initial(about, resident))
    about_data = about.cleaned_data if about.is_valid() else {}
    chosen = (
        query_type_by_code(council, about_data["query_type"])
        if about_data.get("query_type")
        else None
    )
    channel = about.chosen_channel()
    if resident is not None:
        circumstances, circumstance_names = triage_circumstances(resident)
    else:
        circumstance_names = about.chosen_circumstances()
        circumstances = Circumstances.from_names(circumstance_names)
    recommendation = (
        recommend(
            chosen,
            channel=triage_channel(channel),
            circumstances=circumstances,
            moment=now(),
        )
        if chosen
        else None
    )
    duplicates: list[Case] = []
    if request.method == "POST" and form.is_valid():
        outcome = _record(request, council, resident, form, chosen, recommendation)
        if isinstance(outcome, HttpResponse):
            return outcome
        duplicates = outcome
    matches = (
        search_query_types(council, about_data["q"]) if about_data.get("q") and not chosen else []
    )
    keep = [("channel", channel), ("q", about_data.get("q") or "")]
    keep += [("circumstances", c) for c in about.chosen_circumstances()]
    response = page(
        request,
        "backoffice/contact.html",
        {
            "page_title": "Log a contact" + (f" for {resident.full_name}" if resident else ""),
            "council": council,
            "resident": resident,
            "about": about,
            "form": form,
            "chosen": chosen,
            "matches": matches,
            "recommendation": recommendation,
            "circumstance_names": circumstance_names,
            "open_cases": open_cases_of(resident) if resident else [],
            "duplicates": duplicates,
            "choose_url": lambda code: "?" + urlencode([*keep, ("query_type", code)]),
            "change_url": "?" + urlencode(keep),
            "error_count": len(form.errors) + len(about.errors) + (1 if duplicates else 0),
        },
    )
    if request.method == "GET" and about.errors:
        response.status_code = 400  # a search in error, as on the other GET forms
    return response


def _initial(about: ContactAboutForm, resident: Resident | None) -> dict[str, Any]:
    data = about.cleaned_data if about.is_valid() else {}
    initial: dict[str, Any] = {
        "channel": about.chosen_channel(),
        "query_type": data.get("query_type") or "",
        "q": data.get("q") or "",
        "circumstances": about.chosen_circumstances(),
        "priority": "normal",
    }
    if resident is not None:
        home = resident.contact_points.filter(kind=ContactPointKind.ADDRESS).first()
        if home is not None:
            initial["case_address"] = f"{home.value}\n{home.postcode}".strip()
            initial["case_uprn"] = home.uprn
    return initial


def _record(
    request: HttpRequest,
    council: Council,
    resident: Resident | None,
    form: ContactForm,
    chosen: QueryType | None,
    recommendation: Any,
) -> HttpResponse | list[Case]:
    """Record the contact; a response when done, or the open cases it may duplicate."""
    data = form.cleaned_data
    if data["query_type"] and chosen is None:
        form.add_error(None, "That query is not in this council's catalogue: find it again")
        return []
    link_to = None
    if data["link_case"]:
        link_to = case_by_reference(council, data["link_case"])
        if link_to is None:
            form.add_error(None, "That case is not one of this council's")
            return []
    needed = [Permission.OPEN_CASE] if data["raise_case"] and link_to is None else []
    if needed and data["transfer_reason"]:
        needed.append(Permission.TRANSFER_TIER_TWO)
    for action in needed:
        if not allowed(request.user, council, action):
            return forbidden(request, council, action)
    draft = (
        CaseDraft(
            description=data["description"],
            priority=data["priority"] or "normal",
            address=data["case_address"],
            uprn=data["case_uprn"],
            allow_duplicate=data["allow_duplicate"],
            transfer_reason=data["transfer_reason"],
        )
        if data["raise_case"] and link_to is None
        else None
    )
    try:
        with transaction.atomic():  # the contact and its link to a case: both or neither
            contact = contact_record(
                council=council,
                actor=request.user,
                channel=data["channel"],
                resident=resident,
                query_type=chosen,
                outcome=data["outcome"],
                notes=data["notes"],
                recommendation=recommendation_as_dict(recommendation) if recommendation else None,
                from_phone=data["from_phone"],
                from_email=data["from_email"],
                uprn=data["uprn"],
                raise_case=draft,
            )
            if link_to is not None:
                contact = contact_link_to_case(contact=contact, case=link_to, actor=request.user)
    except DomainError as error:
        if error.code == CaseErrorCode.POSSIBLE_DUPLICATE:
            return [
                c
                for ref in error.extra.get("existing", [])
                if (c := case_by_reference(council, ref)) is not None
            ]
        show_domain_error(form, error, CONTACT_FIELDS)
        return []
    notify(request, _what_happened(contact, raised=draft is not None, linked=link_to is not None))
    if resident is not None:
        return redirect("backoffice:resident", council=council.slug, resident_id=resident.pk)
    if contact.case_id:
        return redirect("backoffice:case", council=council.slug, reference=contact.case.reference)  # type: ignore[union-attr]
    return redirect("backoffice:contact_anonymous", council=council.slug)


def _what_happened(contact: Contact, *, raised: bool, linked: bool) -> str:
    case = Case.objects.get(pk=contact.case_id) if contact.case_id else None
    if case is not None and linked:
        return f"Contact logged and linked to case {case.reference}"
    if case is not None and raised:
        tier = " and transferred to tier 2" if case.tier >= 2 else ""
        return f"Contact logged. Case {case.reference} raised{tier}"
    if case is not None and contact.failure_reason == FailureReason.CHASING:
        times = "1 time" if case.chase_count == 1 else f"{case.chase_count} times"
        escalated = (
            f". It has gone to {case.escalated_to or 'the team leader'}"
            if case.escalated_at
            else ""
        )
        return (
            f"Contact logged. This was a chase of case {case.reference} (chased {times}){escalated}"
        )
    if contact.demand_type == DemandType.FAILURE and contact.demand_note:
        return f"Contact logged. Failure demand: {contact.demand_note}"
    return "Contact logged"

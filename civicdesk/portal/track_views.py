"""Track a case: the reference and the email address, phone number or postcode given with it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from civicdesk.cases.references import normalise_reference
from civicdesk.cases.vocabulary import Status
from civicdesk.catalogue.selectors import general_contact
from civicdesk.core.clock import now
from civicdesk.portal.common import council_or_404, track_url
from civicdesk.portal.forms import TrackForm
from civicdesk.portal.selectors import (
    OUTCOME_WORDS,
    STATUS_EXPLAINED,
    STATUS_WORDS,
    case_for_reporter,
    case_for_tracking,
    is_request,
    public_history,
)
from civicdesk.portal.session import TRACKED, how_known, remember_case
from civicdesk.portal.track_limits import track_attempt_wait, wait_words

NOT_FOUND = "We could not find a case with those details"
TOO_MANY = "You have tried too many times. Wait {wait}, then try again."


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest, council: str) -> HttpResponse:
    the_council = council_or_404(council)
    status, wait = 200, 0
    if request.method == "POST":
        form = TrackForm(request.POST)
        valid = form.is_valid()
        wait = track_attempt_wait(
            request, the_council, form.cleaned_data.get("reference") if valid else None
        )
        if wait:
            form.errors.clear()
            form.add_error("reference", TOO_MANY.format(wait=wait_words(wait)))
            status = 429
        elif valid:
            reference = form.cleaned_data["reference"]
            case = case_for_tracking(the_council, reference, form.cleaned_data["contact"])
            if case is not None:
                remember_case(request, the_council, case.reference, TRACKED)
                return redirect(
                    "portal:track_case", council=the_council.slug, reference=case.reference
                )
            form.add_error("reference", NOT_FOUND)
    else:
        form = TrackForm(initial={"reference": request.GET.get("reference", "")[:20]})
    response = render(
        request,
        "portal/track.html",
        {
            "page_title": "Track a report or request",
            "council": the_council,
            "form": form,
            "general": general_contact(the_council, moment=now()),
            "error_count": len(form.errors),
        },
    )
    response.status_code = status
    if wait:
        response["Retry-After"] = str(wait)
    return response


def track_case(request: HttpRequest, council: str, reference: str) -> HttpResponse:
    the_council = council_or_404(council)
    wanted = normalise_reference(reference) or ""
    case = (
        case_for_reporter(the_council, wanted) if how_known(request, the_council, wanted) else None
    )
    if case is None:
        return redirect(track_url(the_council, wanted))
    word, tag = STATUS_WORDS[case.status]
    return render(
        request,
        "portal/track_case.html",
        {
            "page_title": f"Case {case.reference}",
            "council": the_council,
            "case": case,
            "noun": "request" if is_request(case.query_type) else "report",
            "status_word": word,
            "status_tag": tag,
            "status_text": OUTCOME_WORDS.get(case.outcome) or STATUS_EXPLAINED[case.status],
            "paused": case.status in (Status.AWAITING_RESIDENT, Status.AWAITING_THIRD_PARTY),
            "history": public_history(case),
        },
    )

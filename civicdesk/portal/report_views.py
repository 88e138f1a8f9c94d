"""Report or request online, and the confirmation with the case reference."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from civicdesk.cases.references import normalise_reference
from civicdesk.catalogue.models import QueryType, QueryTypeQuestion
from civicdesk.core.errors import DomainError
from civicdesk.councils.models import Council
from civicdesk.portal.common import council_or_404, track_url
from civicdesk.portal.forms import ReportForm
from civicdesk.portal.questions import field_name
from civicdesk.portal.reporting import ResidentReport, report_submit
from civicdesk.portal.selectors import (
    case_for_reporter,
    is_request,
    questions_for,
    reportable_query_type,
)
from civicdesk.portal.session import LINKED, REPORTED, how_known, remember_case

# Fields the services name, as the form calls them.
_FORM_FIELD = {"from_email": "email", "from_phone": "phone", "file": "photo", "uprn": "uprn"}


def _query_type_or_404(council: Council, code: str) -> QueryType:
    query_type = reportable_query_type(council, code)
    if query_type is None:
        raise Http404("Not something you can report online here")
    return query_type


def _asked(form: ReportForm, questions: list[QueryTypeQuestion]) -> list[dict[str, object]]:
    return [
        {
            "question": q,
            "field": form[field_name(q)],
            "error_parts": form.date_error_parts(q) if form.is_bound else set(),
        }
        for q in questions
    ]


def _report_from(form: ReportForm, query_type: QueryType) -> ResidentReport:
    data = form.cleaned_data
    return ResidentReport(
        query_type=query_type,
        questions=form.questions,
        answers=form.answers(),
        description=data["description"],
        full_name=data["full_name"],
        email=data["email"],
        phone=data["phone"],
        address=data["address"],
        postcode=data["postcode"],
        uprn=data["uprn"],
        photo=data["photo"],
    )


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, council: str, query_type_code: str) -> HttpResponse:
    the_council = council_or_404(council)
    query_type = _query_type_or_404(the_council, query_type_code)
    questions = questions_for(query_type)
    noun = "request" if is_request(query_type) else "report"
    form = ReportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        questions=questions,
        noun=noun,
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = report_submit(_report_from(form, query_type))
        except DomainError as error:
            name = _FORM_FIELD.get(error.field or "", error.field or "")
            form.add_error(name if name in form.fields else None, error.message)
        else:
            reference = result.case.reference
            remember_case(request, the_council, reference, LINKED if result.linked else REPORTED)
            return redirect("portal:report_done", council=the_council.slug, reference=reference)
    photo_lost = bool(form.errors) and "photo" in request.FILES and "photo" not in form.errors
    return render(
        request,
        "portal/report.html",
        {
            "page_title": query_type.name,
            "council": the_council,
            "query_type": query_type,
            "noun": noun,
            "form": form,
            "asked": _asked(form, questions),
            "photo_lost": photo_lost,
            "error_count": len(form.errors),
        },
    )


def report_done(request: HttpRequest, council: str, reference: str) -> HttpResponse:
    the_council = council_or_404(council)
    wanted = normalise_reference(reference) or ""
    how = how_known(request, the_council, wanted) if wanted else None
    case = case_for_reporter(the_council, wanted) if how in (REPORTED, LINKED) else None
    if case is None:
        return redirect(track_url(the_council, wanted))
    noun = "request" if is_request(case.query_type) else "report"
    return render(
        request,
        "portal/report_done.html",
        {
            "page_title": f"{noun.capitalize()} sent",
            "council": the_council,
            "case": case,
            "noun": noun,
            "linked": how == LINKED,
        },
    )

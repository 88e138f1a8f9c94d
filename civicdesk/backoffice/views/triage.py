"""The staff home and the triage page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from civicdesk.backoffice.forms.triage import TriageForm
from civicdesk.backoffice.views.common import council_or_404
from civicdesk.catalogue.selectors import query_type_by_code, recommend, search_query_types
from civicdesk.catalogue.triage import Channel
from civicdesk.core.clock import now
from civicdesk.councils.access import councils_for_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    councils = councils_for_user(request.user)
    if len(councils) == 1:
        return redirect("backoffice:triage", council=councils[0].slug)
    return render(
        request,
        "backoffice/home.html",
        {"page_title": "Choose a council", "councils": councils},
    )


@login_required
def triage_page(request: HttpRequest, council: str) -> HttpResponse:
    the_council = council_or_404(request, council)
    form = TriageForm(request.GET or None)
    matches = []
    recommendation = None
    chosen = None
    if form.is_valid():
        data = form.cleaned_data
        if data["query_type"]:
            chosen = query_type_by_code(the_council, data["query_type"])
        if chosen is not None:
            recommendation = recommend(
                chosen,
                channel=Channel(data["channel"]),
                circumstances=form.circumstances_chosen(),
                moment=now(),
            )
        elif data["q"]:
            matches = search_query_types(the_council, data["q"])
    keep = [(k, v) for k, values in request.GET.lists() if k != "query_type" for v in values]
    return render(
        request,
        "backoffice/triage.html",
        {
            "page_title": "Triage",
            "council": the_council,
            "form": form,
            "matches": matches,
            "chosen": chosen,
            "recommendation": recommendation,
            "choose_url": lambda code: "?" + urlencode([*keep, ("query_type", code)]),
            "change_url": "?" + urlencode(keep),
            "error_count": len(form.errors) if form.is_bound else 0,
        },
    )

"""Resident pages: no sign-in, in plain words, working without JavaScript."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from civicdesk.catalogue.selectors import resident_route, search_query_types
from civicdesk.core.clock import now
from civicdesk.councils.access import CouncilNotFound, public_council
from civicdesk.councils.models import Council

MAX_RESULTS = 5


class HelpSearchForm(forms.Form):
    q = forms.CharField(
        label="What do you need help with?",
        max_length=200,
        error_messages={
            "required": "Enter what you need help with, for example \u2018missed bin\u2019"
        },
    )


def home(request: HttpRequest) -> HttpResponse:
    councils = Council.objects.filter(active=True)
    return render(
        request, "portal/home.html", {"page_title": "Choose your council", "councils": councils}
    )


def help_page(request: HttpRequest, council: str) -> HttpResponse:
    try:
        the_council = public_council(council)
    except CouncilNotFound:
        raise Http404("No such council") from None
    form = HelpSearchForm(request.GET or None)
    route = None
    others = []
    if form.is_valid():
        matches = search_query_types(the_council, form.cleaned_data["q"])[:MAX_RESULTS]
        if matches:
            route = resident_route(matches[0].query_type, moment=now())
            others = [m.query_type for m in matches[1:]]
    return render(
        request,
        "portal/help.html",
        {
            "page_title": "What do you need help with?",
            "council": the_council,
            "form": form,
            "route": route,
            "others": others,
            "searched": form.is_valid(),
            "error_count": len(form.errors) if form.is_bound else 0,
        },
    )

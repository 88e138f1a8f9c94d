"""Resident pages: no sign-in, in plain words, working without JavaScript."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from civicdesk.catalogue.models import QueryType
from civicdesk.catalogue.selectors import general_contact, resident_route, search_query_types
from civicdesk.core.clock import now
from civicdesk.councils.models import Council
from civicdesk.portal.common import council_or_404
from civicdesk.portal.selectors import can_report_online, is_request

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


def _report_link(council: Council, query_type: QueryType) -> tuple[str, str]:
    """The start of the report journey and its words, or ("", "") if it is not online here."""
    if not can_report_online(query_type):
        return "", ""
    url = reverse(
        "portal:report", kwargs={"council": council.slug, "query_type_code": query_type.code}
    )
    return url, f"{'Request' if is_request(query_type) else 'Report'} it online"


def help_page(request: HttpRequest, council: str) -> HttpResponse:
    the_council = council_or_404(council)
    form = HelpSearchForm(request.GET or None)
    route = None
    others = []
    report_url = report_label = ""
    general = None
    if form.is_valid():
        matches = search_query_types(the_council, form.cleaned_data["q"])[:MAX_RESULTS]
        if matches:
            route = resident_route(matches[0].query_type, moment=now())
            report_url, report_label = _report_link(the_council, route.query_type)
            others = [(m.query_type, *_report_link(the_council, m.query_type)) for m in matches[1:]]
        if route is None or not (route.online_first or report_url or route.line):
            # Never a dead end: what we cannot place, or cannot do online or on a line of its
            # own, gets the council's general line and its venues.
            general = general_contact(the_council, moment=now())
    return render(
        request,
        "portal/help.html",
        {
            "page_title": "What do you need help with?",
            "council": the_council,
            "form": form,
            "route": route,
            "others": others,
            "general": general,
            "report_url": report_url,
            "report_label": report_label,
            "searched": form.is_valid(),
            "error_count": len(form.errors) if form.is_bound else 0,
        },
    )

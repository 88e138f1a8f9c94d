"""Our service standards: what the council promises and how it did, open to anyone."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.timezone import localdate
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from civicdesk.core.clock import now
from civicdesk.performance.standards import (
    case_standards,
    last_complete_month,
    phone_standards,
    query_type_standards,
)
from civicdesk.portal.common import council_or_404
from civicdesk.portal.standards_words import (
    case_share,
    lines_in_words,
    met_summary,
    month_words,
    window_words,
)

# Nothing personal on it, so a browser may keep it a while; not shared caches, as each page
# carries its own CSP nonce.
CACHE_SECONDS = 300


@require_safe
@cache_control(private=True, max_age=CACHE_SECONDS)
def standards_page(request: HttpRequest, council: str) -> HttpResponse:
    the_council = council_or_404(council)
    moment = now()
    phones = phone_standards(council=the_council, moment=moment)
    cases = case_standards(council=the_council, moment=moment)
    month_lines = lines_in_words(phones.lines, year=False)
    year_lines = lines_in_words(phones.lines, year=True)
    return render(
        request,
        "portal/standards.html",
        {
            "page_title": "Our service standards",
            "council": the_council,
            "last_complete": month_words(last_complete_month(localdate(moment))),
            "phones": phones,
            "phone_month": month_words(phones.month.start),
            "phone_month_days": window_words(phones.month),
            "phone_year_days": window_words(phones.year),
            "month_lines": month_lines,
            "year_lines": year_lines,
            "month_summary": met_summary(month_lines),
            "year_summary": met_summary(year_lines),
            "cases": cases,
            "case_month": month_words(cases.month.start),
            "case_rows": [(s, case_share(s)) for s in cases.services],
            "query_types": query_type_standards(council=the_council),
        },
    )

"""What every staff page shares: the council of the URL, rendering, and domain errors on forms."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from civicdesk.core.errors import DomainError
from civicdesk.core.jinja import clock_time, when
from civicdesk.councils.access import CouncilNotFound, council_for_user
from civicdesk.councils.models import Council, Role
from civicdesk.residents.normalise import phone_for_display

# Team leaders and up see the performance dashboards and the planning pages.
DASHBOARD_ROLE = Role.TEAM_LEADER


def may_see_dashboards(user: Any, council: Council) -> bool:
    try:
        council_for_user(user, council.slug, role=DASHBOARD_ROLE)
    except CouncilNotFound:
        return False
    return True


def council_or_404(request: HttpRequest, slug: str) -> Council:
    """The council of the URL if the user works for it; otherwise 404, revealing nothing."""
    try:
        return council_for_user(request.user, slug)
    except CouncilNotFound:
        raise Http404("No such council among yours") from None


def page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """Render a staff page with the notices waiting for this user (shown once).

    A form sent back with errors is a 200, as on the resident pages: the page title starts with
    "Error:" and the error summary says what to fix.
    """
    forms_on_page = [v for v in context.values() if isinstance(v, forms.BaseForm)]
    context.setdefault("error_count", sum(len(f.errors) for f in forms_on_page if f.is_bound))
    context["notices"] = [str(m) for m in messages.get_messages(request)]
    context["phone"] = phone_for_display
    context["iso_when"] = iso_when
    context["short_when"] = short_when
    council = context.get("council")
    context["shows_dashboards"] = isinstance(council, Council) and may_see_dashboards(
        request.user, council
    )
    return render(request, template, context)


def iso_when(text: str | None) -> str:
    """A moment kept as ISO text (in a timeline row's data), as people read it."""
    return when(datetime.fromisoformat(text)) if text else ""


def short_when(moment: datetime | None) -> str:
    """A moment in a table, in UK time: "Mon 23 Nov 2026, 5pm"."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local:%a} {local.day} {local:%b %Y}, {clock_time(local)}"


def notify(request: HttpRequest, text: str) -> None:
    messages.success(request, text)


def show_domain_error(
    form: forms.BaseForm, error: DomainError, fields: Mapping[str, str] | None = None
) -> None:
    """Put the service's message on the form field it is about (or on the form as a whole)."""
    name = (fields or {}).get(error.field or "", error.field or "")
    if name not in form.fields:
        name = ""
    form.add_error(name or None, error.message)

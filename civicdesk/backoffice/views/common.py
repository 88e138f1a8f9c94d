"""What every staff page shares: the council of the URL, rendering, and domain errors on forms."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from civicdesk.core.errors import DomainError
from civicdesk.core.jinja import clock_time, when
from civicdesk.councils.access import CouncilNotFound, council_for_user
from civicdesk.councils.models import Council
from civicdesk.councils.permissions import Permission, allowed, permissions_for, refusal
from civicdesk.residents.normalise import phone_for_display

PageView = Callable[..., HttpResponse]


def may_see_dashboards(user: Any, council: Council) -> bool:
    return allowed(user, council, Permission.VIEW_DASHBOARDS)


def requires(action: Permission) -> Callable[[PageView], PageView]:
    """For a view whose URL names the council: 404 unless the user works there, and the
    forbidden page unless their role allows `action`. Put it under `login_required`."""

    def decorate(view: PageView) -> PageView:
        @wraps(view)
        def wrapped(request: HttpRequest, council: str, *args: Any, **kwargs: Any) -> HttpResponse:
            the_council = council_or_404(request, council)
            if not allowed(request.user, the_council, action):
                return forbidden(request, the_council, action)
            return view(request, council, *args, **kwargs)

        return wrapped

    return decorate


def forbidden(request: HttpRequest, council: Council, action: Permission) -> HttpResponse:
    """The GOV.UK page for a member of the council whose role does not allow `action` (403)."""
    response = page(
        request,
        "backoffice/forbidden.html",
        {"page_title": "You cannot do that", "council": council, "why": refusal(council, action)},
    )
    response.status_code = 403
    return response


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
    context["can"] = (
        permissions_for(request.user, council) if isinstance(council, Council) else set()
    )
    context["shows_dashboards"] = Permission.VIEW_DASHBOARDS in context["can"]
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

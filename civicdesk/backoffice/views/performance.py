"""Managers' performance dashboards: what every dashboard page shares, and the index.

Who may see them: those whose role allows `Permission.VIEW_DASHBOARDS` (the planning pages:
`Permission.PLANNING`) in `councils.permissions`, team leaders and up. An advisor of the council
gets a 403 page saying so; staff of other councils get 404, as for every staff page, so as not
to reveal what exists.

For a new dashboard page (other modules use these too):

    @dashboard
    def my_dashboard(request: HttpRequest, council: Council) -> HttpResponse:
        tables = [...]                          # every figure on the page, as report Tables
        if wants_download(request):
            return download(request, tables, council=council, filters=[...])  # ?format=csv|xlsx
        return render_dashboard(request, "backoffice/performance/my.html", {...}, tables=tables)

and a link in the list of backoffice/performance/index.html. Templates extend
backoffice/performance/base.html and draw tables with the macros of
backoffice/performance/_report.html (`report_table`, `chart_with_table`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from civicdesk.backoffice.reports.exports import file_name, table_csv, table_xlsx
from civicdesk.backoffice.reports.tables import Table, display
from civicdesk.backoffice.views.common import council_or_404, forbidden, page
from civicdesk.councils.models import Council
from civicdesk.councils.permissions import Permission, allowed
from civicdesk.performance.changes import ARROWS

FORMATS = {"csv": table_csv, "xlsx": table_xlsx}

DashboardView = Callable[[HttpRequest, Council], HttpResponse]


def dashboard_for(action: Permission) -> Callable[[DashboardView], Callable[..., HttpResponse]]:
    """Sign-in, the council of the URL (404 if not the user's) and the role (403 below it)."""

    def decorate(view: DashboardView) -> Callable[[HttpRequest, str], HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, council: str) -> HttpResponse:
            the_council = council_or_404(request, council)
            if not allowed(request.user, the_council, action):
                if action is not Permission.VIEW_DASHBOARDS:
                    return forbidden(request, the_council, action)
                response = page(
                    request,
                    "backoffice/performance/forbidden.html",
                    {
                        "page_title": "You cannot see the performance dashboards",
                        "council": the_council,
                    },
                )
                response.status_code = 403
                return response
            return view(request, the_council)

        return wrapped

    return decorate


dashboard = dashboard_for(Permission.VIEW_DASHBOARDS)


def wants_download(request: HttpRequest) -> bool:
    return "format" in request.GET


def download(
    request: HttpRequest, tables: Sequence[Table], *, council: Council, filters: Sequence[object]
) -> HttpResponse:
    """One of the page's tables as CSV or XLSX: ?format=csv&table=<slug> (404 for another).

    The file is named for the council, the table and `filters`, the choices the figures were
    made with, in the page's order (None left out; a pair of dates as "<from>-to-<to>"):
    "demo-calls-by-period-month-local-taxation-2023-01-01-to-2023-03-31.xlsx"."""
    respond = FORMATS.get(request.GET.get("format", ""))
    table = next((t for t in tables if t.slug == request.GET.get("table")), None)
    if respond is None or table is None:
        raise Http404("No such table or format on this page")
    return respond(table, file_name(council.slug, table.slug, filters))


def download_links(request: HttpRequest, tables: Sequence[Table]) -> dict[str, dict[str, str]]:
    """For each table, the page's address with its filters and ?format=…&table=<slug>."""
    kept = [(k, v) for k, v in request.GET.lists() if k not in ("format", "table")]
    query = [(key, value) for key, values in kept for value in values]
    return {
        table.slug: {
            fmt: f"{request.path}?{urlencode([*query, ('table', table.slug), ('format', fmt)])}"
            for fmt in FORMATS
        }
        for table in tables
    }


def direction_arrow(words: object) -> str:
    """The arrow for "up, worse", "down, better", "same"; none for "not comparable"."""
    return ARROWS.get(str(words).split(",")[0], "")


def render_dashboard(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    tables: Sequence[Table] = (),
    status: int = 200,
) -> HttpResponse:
    """Render a dashboard page with what _report.html needs: cell formatting and download links.

    A filter form with errors is a 400: the page still shows, its error summary naming the
    field to fix."""
    context.setdefault("active_nav", "performance")
    context["display"] = display
    context["direction_arrow"] = direction_arrow
    context["downloads"] = download_links(request, tables)
    response = page(request, template, context)
    response.status_code = status
    return response


@dashboard
def performance_index(request: HttpRequest, council: Council) -> HttpResponse:
    return render_dashboard(
        request,
        "backoffice/performance/index.html",
        {"page_title": "Performance", "council": council},
    )

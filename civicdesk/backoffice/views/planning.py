"""The managers' what-if scenario page: build a scenario, see it against its baseline.

A GET form (every scenario is a link to share, and its tables download as CSV and XLSX with the
same link). Nothing is stored: the scenario is worked out on each request by
`planning.scenario_data.scenario_run`, exactly with Erlang A per interval (docs/scenarios.md).
Those whose role allows `Permission.PLANNING` (team leaders and up, as for the dashboards).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from markupsafe import Markup

from civicdesk.backoffice.forms.scenarios import ScenarioForm
from civicdesk.backoffice.reports.charts import bar_chart
from civicdesk.backoffice.reports.scenario_tables import (
    HEADLINES,
    change_words,
    changed_table,
    lines_table,
)
from civicdesk.backoffice.reports.tables import Table
from civicdesk.backoffice.views.performance import (
    dashboard_for,
    download,
    render_dashboard,
    wants_download,
)
from civicdesk.catalogue.models import QueryType, ServiceLine
from civicdesk.catalogue.policy import Availability
from civicdesk.councils.models import Council
from civicdesk.councils.permissions import Permission
from civicdesk.planning.scenario_data import scenario_run
from civicdesk.planning.scenario_report import describe, names_of
from civicdesk.planning.scenarios import ScenarioError

TEMPLATE = "backoffice/planning/scenarios.html"


def _choices(council: Council) -> tuple[list[ServiceLine], list[QueryType]]:
    lines = list(ServiceLine.objects.filter(council=council, active=True).order_by("name"))
    query_types = list(
        QueryType.objects.filter(
            ~Q(available_online=Availability.NO),
            council=council,
            active=True,
            line__active=True,
        )
        .select_related("service")
        .order_by("service__name", "name")
    )
    return lines, query_types


@dashboard_for(Permission.PLANNING)
def scenarios_page(request: HttpRequest, council: Council) -> HttpResponse:
    lines, query_types = _choices(council)
    submitted = "compare" in request.GET
    form = ScenarioForm(request.GET if submitted else None, lines=lines, query_types=query_types)
    context: dict[str, Any] = {
        "page_title": "What-if scenarios",
        "council": council,
        "form": form,
    }
    if not submitted:
        return render_dashboard(request, TEMPLATE, context)
    if not form.is_valid():
        return render_dashboard(request, TEMPLATE, context, status=400)
    scenario = form.scenario()
    try:
        prepared, comparison = scenario_run(council=council, scenario=scenario)
    except ScenarioError as error:
        form.add_scenario_error(error)
        return render_dashboard(request, TEMPLATE, context, status=400)
    every_line, changed = lines_table(comparison), changed_table(comparison)
    tables = [changed, every_line]
    if wants_download(request):
        days = (
            prepared.baseline.start,
            prepared.baseline.start + timedelta(prepared.baseline.days - 1),
        )
        source = "forecast" if prepared.source == "forecast" else None
        return download(request, tables, council=council, filters=[source, days])
    totals = every_line.rows[-1]
    context.update(
        prepared=prepared,
        comparison=comparison,
        changes=[describe(change, names_of(comparison)) for change in scenario.changes],
        headlines=[
            (label, every_line.column(a), every_line.column(b), change_words(every_line, a, b))
            for label, a, b in HEADLINES
        ],
        totals=totals,
        every_line=every_line,
        changed=changed,
        calls_chart=_chart(changed, "calls", "Calls before and after, by line"),
        ata_chart=_chart(changed, "ata", "Average time to answer before and after, by line"),
        saving=_saving_words(comparison.annual_saving_pence / 100),
    )
    return render_dashboard(request, TEMPLATE, context, tables=tables)


def _chart(table: Table, measure: str, title: str) -> Markup | None:
    if not table.rows:
        return None
    return bar_chart(
        table,
        x="line",
        series=[f"{measure}_before", f"{measure}_after"],
        title=title,
        chart_id=f"chart-{measure}",
        horizontal=True,
    )


def _saving_words(pounds: float) -> str:
    return f"£{abs(pounds):,.0f} {'saved' if pounds >= 0 else 'more'}"

"""Managers' dashboards of contacts: channel shift and cost, demand and SLA compliance, visits.

They read the daily contact counts through `performance.contact_reports` and
`performance.visit_reports` (and the cases, for SLA compliance); every figure is in a `Table`
(see `reports.contact_tables`), which the page charts, shows and exports. Who may see them, the
downloads and the page frame are those of every dashboard (`views.performance`).
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from civicdesk.backoffice.forms.contact_filters import ChannelsForm, ServiceRangeForm, VisitsForm
from civicdesk.backoffice.reports import contact_tables as tables
from civicdesk.backoffice.reports.call_tables import axis_label
from civicdesk.backoffice.reports.charts import bar_chart, line_chart
from civicdesk.backoffice.reports.tables import Table
from civicdesk.backoffice.views.performance import (
    dashboard,
    download,
    render_dashboard,
    wants_download,
)
from civicdesk.catalogue.models import Service, Venue
from civicdesk.councils.models import Council
from civicdesk.performance import contact_reports as reports
from civicdesk.performance.models import Period
from civicdesk.performance.phone_channel import last_day_with_data, phone_source
from civicdesk.performance.sla_reports import sla_compliance
from civicdesk.performance.visit_reports import last_visit_day, visits_by_purpose


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _last_twelve_months(today: date) -> tuple[date, date]:
    """From the 1st of the month eleven months back to today: this month and the 11 before."""
    first = today.replace(day=1)
    month = first.month - 11
    start = first.replace(year=first.year + (month - 1) // 12, month=(month - 1) % 12 + 1)
    return start, today


def _channels_range(council: Council, form: ChannelsForm) -> tuple[date, date]:
    """The dates asked for; a missing end is the last day with data (`last_day_with_data`:
    calls, else contacts; today when there is none), a missing start 12 months before it."""
    start, end = form.cleaned_data["from"], form.cleaned_data["to"]
    if end is None:
        today = timezone.localdate()
        latest = last_day_with_data(council=council, today=today) or today
        end = max(latest, start) if start else latest
    if start is None:
        start, _ = _last_twelve_months(end)
    return start, end


def _visits_range(council: Council, form: VisitsForm, venue: Venue | None) -> tuple[date, date]:
    """The dates asked for; a missing end is the last day with visits (today when there is
    none), a missing start four weeks before it."""
    start, end = form.cleaned_data["from"], form.cleaned_data["to"]
    if end is None:
        today = timezone.localdate()
        venue_id = venue.pk if venue else None
        latest = last_visit_day(council=council, today=today, venue_id=venue_id) or today
        end = max(latest, start) if start else latest
    if start is None:
        start = end - timedelta(days=27)
    return start, end


def _without_total(table: Table) -> Table:
    """The table less its last row (the total), so a chart's bars compare like with like."""
    return dataclasses.replace(table, rows=table.rows[:-1])


def _saving_in_words(pence: int | None) -> str:
    if pence is None:
        return "No contacts in the baseline to compare with"
    amount = f"£{abs(pence) / 100:,.2f}"
    if pence < 0:
        return f"None: they cost {amount} more than at the baseline's channel mix"
    return amount


def _services(council: Council) -> list[Service]:
    return list(Service.objects.filter(council=council, active=True).order_by("name"))


def _code(row: Service | Venue | None, every: str) -> str:
    """What a download's file name says of the service or venue chosen: its code, or "all-…"."""
    return row.code if row else f"all-{every}"


def _invalid(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render_dashboard(request, template, context, status=400)


@dashboard
def channels_dashboard(request: HttpRequest, council: Council) -> HttpResponse:
    form = ChannelsForm(request.GET, services=_services(council))
    context: dict[str, Any] = {"page_title": "Channel shift and cost", "council": council}
    context["form"] = form
    template = "backoffice/performance/channels_dashboard.html"
    if not form.is_valid():
        return _invalid(request, template, context)
    start, end = _channels_range(council, form)
    period = form.cleaned_data["period"] or Period.MONTH
    baseline_start = form.cleaned_data["baseline_from"] or _year_before(start)
    baseline_end = form.cleaned_data["baseline_to"] or _year_before(end)
    service = form.service()
    scope: dict[str, Any] = {
        "council": council,
        "start": start,
        "end": end,
        "service_id": service.pk if service else None,
    }
    if period == Period.DAY and (end - start).days >= 366:
        period = Period.MONTH  # the default range by day would be too long a page
    series = reports.contacts_by_channel(period=period, **scope)
    costs = reports.contact_costs(baseline_start=baseline_start, baseline_end=baseline_end, **scope)
    mix = tables.channel_mix_table(series)
    by_channel = tables.contacts_by_channel_table(series)
    groups = tables.channel_group_table(costs)
    cost = tables.cost_table(costs)
    saving = tables.saving_table(costs)
    advised = tables.advised_online_table(reports.advised_online(**scope))
    resolution = tables.resolution_table(reports.first_contact_resolution(**scope))
    every = [mix, by_channel, groups, cost, saving, advised, resolution]
    if wants_download(request):
        baseline = ("baseline", (baseline_start, baseline_end))
        filters = [period, _code(service, "services"), (start, end), *baseline]
        return download(request, every, council=council, filters=filters)
    where = f" for {service.name}" if service else ""
    context.update(
        start=start,
        end=end,
        period=period,
        service=service,
        phone_note=tables.phone_note(phone_source(**scope), service.name if service else None),
        baseline_start=baseline_start,
        baseline_end=baseline_end,
        costs=costs,
        saving_text=_saving_in_words(costs.saving_pence),
        mix=mix,
        mix_chart=line_chart(
            mix,
            x="first_day",
            series=[key for key, _, _ in tables.CHANNEL_GROUPS],
            title=f"Inbound contacts by channel group{where}",
            x_label=Period(period).label,
            x_format=axis_label(period),
        ),
        by_channel=by_channel,
        groups=groups,
        groups_chart=bar_chart(
            groups,
            x="group",
            series=["share", "baseline_share"],
            title=f"Channel mix of inbound contacts, this period and the baseline{where}",
        ),
        cost=cost,
        saving=saving,
        advised=advised,
        resolution=resolution,
        resolution_chart=bar_chart(
            _without_total(resolution),
            x="channel",
            series=["rate"],
            title=f"First-contact resolution by channel{where}",
        ),
    )
    return render_dashboard(request, template, context, tables=every)


@dashboard
def demand_dashboard(request: HttpRequest, council: Council) -> HttpResponse:
    form = ServiceRangeForm(request.GET, services=_services(council))
    context: dict[str, Any] = {"page_title": "Failure demand and SLA compliance"}
    context.update(council=council, form=form)
    template = "backoffice/performance/demand_dashboard.html"
    if not form.is_valid():
        return _invalid(request, template, context)
    default_start, default_end = _last_twelve_months(timezone.localdate())
    service = form.service()
    scope: dict[str, Any] = {
        "council": council,
        "start": form.cleaned_data["from"] or default_start,
        "end": form.cleaned_data["to"] or default_end,
        "service_id": service.pk if service else None,
    }
    by_service = tables.failure_table(
        reports.failure_demand(by="service", **scope), by_query_type=False
    )
    by_query_type = tables.failure_table(
        reports.failure_demand(by="query_type", **scope), by_query_type=True
    )
    compliance = tables.compliance_table(sla_compliance(**scope))
    every = [by_service, by_query_type, compliance]
    if wants_download(request):
        filters = [_code(service, "services"), (scope["start"], scope["end"])]
        return download(request, every, council=council, filters=filters)
    context.update(
        start=scope["start"],
        end=scope["end"],
        service=service,
        by_service=by_service,
        by_service_chart=bar_chart(
            by_service,
            x="service",
            series=["failure_share"],
            title="Failure demand as a share of inbound contacts, by service",
        ),
        by_query_type=by_query_type,
        compliance=compliance,
        compliance_chart=bar_chart(
            compliance,
            x="service",
            series=["compliance"],
            title="Cases resolved within the service standard, by service",
        ),
    )
    return render_dashboard(request, template, context, tables=every)


@dashboard
def visits_dashboard(request: HttpRequest, council: Council) -> HttpResponse:
    venues = list(Venue.objects.filter(council=council).order_by("name"))
    form = VisitsForm(request.GET, venues=venues)
    context: dict[str, Any] = {"page_title": "Visits to venues", "council": council}
    context["form"] = form
    template = "backoffice/performance/visits_dashboard.html"
    if not form.is_valid():
        return _invalid(request, template, context)
    venue = form.venue()
    start, end = _visits_range(council, form, venue)
    visits = visits_by_purpose(
        council=council, start=start, end=end, venue_id=venue.pk if venue else None
    )
    by_purpose = tables.visits_by_purpose_table(visits)
    by_day = tables.visits_by_day_table(visits)
    every = [by_purpose, by_day]
    if wants_download(request):
        filters = [_code(venue, "venues"), (start, end)]
        return download(request, every, council=council, filters=filters)
    where = f" at {venue.name}" if venue else ""
    context.update(
        start=start,
        end=end,
        venue=venue,
        total=visits.total,
        by_purpose=by_purpose,
        by_purpose_chart=bar_chart(
            by_purpose,
            x="purpose",
            series=["visits"],
            title=f"Visits{where} by what the visitor came for",
        ),
        by_day=by_day,
    )
    return render_dashboard(request, template, context, tables=every)

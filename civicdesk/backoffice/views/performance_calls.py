"""The call dashboards: each line by day, week, month or year, and the year-on-year table.

Both read the rollups through performance.call_reports, never the call records.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from civicdesk.backoffice.forms.performance import (
    CallsFilterForm,
    YearOnYearForm,
    range_too_long,
)
from civicdesk.backoffice.reports.call_tables import (
    DIRECTION,
    axis_label,
    compared_per,
    line_table,
    totals_table,
    year_on_year_table,
)
from civicdesk.backoffice.reports.charts import bar_chart
from civicdesk.backoffice.reports.tables import Table, display
from civicdesk.backoffice.views.performance import (
    dashboard,
    direction_arrow,
    download,
    render_dashboard,
    wants_download,
)
from civicdesk.catalogue.models import ServiceLine
from civicdesk.councils.models import Council
from civicdesk.performance.call_reports import (
    call_years,
    last_call_day,
    line_by_period,
    period_totals,
    year_on_year,
)
from civicdesk.performance.models import Period

CALLS = "backoffice/performance/calls.html"
YEAR_ON_YEAR = "backoffice/performance/year_on_year.html"
# The default span of each period, ending on the last day with calls.
DEFAULT_DAYS: dict[str, int] = {Period.DAY: 31, Period.WEEK: 13 * 7}


def _lines(council: Council) -> list[ServiceLine]:
    return list(ServiceLine.objects.filter(council=council).order_by("name"))


def _months_back(day: date, months: int) -> date:
    """The first day of the month `months` before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _range(council: Council, form: CallsFilterForm, period: str) -> tuple[date, date]:
    """The dates asked for; missing ones end on the last day with calls, and go back a month
    of days, a quarter of weeks, twelve months or five years."""
    start, end = form.cleaned_data.get("from"), form.cleaned_data.get("to")
    latest = last_call_day(council) or timezone.localdate()
    if end is None:
        end = max(latest, start) if start else latest
    if start is None:
        if period in DEFAULT_DAYS:
            start = end - timedelta(days=DEFAULT_DAYS[period] - 1)
        elif period == Period.YEAR:
            start = date(end.year - 4, 1, 1)
        else:
            start = _months_back(end, 11)
    return start, end


@dashboard
def calls_dashboard(request: HttpRequest, council: Council) -> HttpResponse:
    lines = _lines(council)
    query = request.GET.copy()
    query.setdefault("period", Period.MONTH)  # what the period list shows chosen by default
    form = CallsFilterForm(query, lines=lines)
    context: dict[str, Any] = {"page_title": "Calls by line", "council": council, "form": form}
    if not form.is_valid():
        return render_dashboard(request, CALLS, context, status=400)
    period = form.cleaned_data.get("period") or Period.MONTH
    line = form.line()
    start, end = _range(council, form, period)
    too_long = range_too_long(period, start, end)
    if too_long:
        form.add_error("from", too_long)
        return render_dashboard(request, CALLS, context, status=400)
    rows = line_by_period(council, period, start, end, [line.pk] if line else None)
    which = line.name if line else "All lines"
    tables = [totals_table(period_totals(rows), period=period, lines=which)]
    if not line:
        tables.append(line_table(rows, period=period))
    if wants_download(request):
        filters = [period, line.code if line else "all-lines", (start, end)]
        return download(request, tables, council=council, filters=filters)
    noun = Period(period).label.lower()
    context.update(
        period=period,
        line=line,
        start=start,
        end=end,
        tables=tables,
        chart=bar_chart(
            tables[0],
            x="first_day",
            series=["presented", "answered"],
            title=f"Calls presented and answered by {noun}, {which.lower()}",
            x_label=Period(period).label,
            y_label="Calls",
            x_format=axis_label(period),
        ),
    )
    return render_dashboard(request, CALLS, context, tables=tables)


# Seed 001's rows for each line: (label, year A column, year B column, direction, change).
BLOCK_ROWS = (
    ("Presented", "presented_a", "presented_b", "presented_direction", "presented_change"),
    ("Answered", "answered_a", "answered_b", None, None),
    ("Share answered", "answered_share_a", "answered_share_b", "answered_direction", None),
    ("Average time to answer", "ata_a", "ata_b", "ata_direction", None),
    ("Average handling time", "aht_a", "aht_b", "aht_direction", None),
    ("% transferred", "transfer_rate_a", "transfer_rate_b", "transfer_rate_direction", None),
)


def _blocks(table: Table, rate: str) -> list[dict[str, Any]]:
    """The flat year-on-year table in seed 001's shape: a block per line, a row per measure."""

    def more_or_fewer(row: tuple[Any, ...], key: str | None) -> str:
        change = row[table.column(key)] if key else None
        if not isinstance(change, float) or round(change, 3) == 0:
            return ""
        return f"{abs(change) * 100:.1f}% {'more' if change > 0 else 'fewer'} calls a {rate}"

    def text(row: tuple[Any, ...], key: str | None) -> str:
        if key is None:
            return ""
        index = table.column(key)
        return display(row[index], table.columns[index])

    return [
        {
            "line": row[table.column("line")],
            "items": [
                {
                    "label": label,
                    "a": text(row, a),
                    "b": text(row, b),
                    "words": text(row, direction),
                    "note": more_or_fewer(row, change),
                }
                for label, a, b, direction, change in BLOCK_ROWS
            ],
        }
        for row in table.rows
    ]


@dashboard
def year_on_year_dashboard(request: HttpRequest, council: Council) -> HttpResponse:
    lines = _lines(council)
    years = call_years(council)
    latest = years[-1] if years else timezone.localdate().year
    query = request.GET.copy()  # the years the lists show chosen by default
    query.setdefault("to_year", str(latest))
    query.setdefault("from_year", str(latest - 1))
    choices = sorted({*years, latest - 1, latest})
    form = YearOnYearForm(query, lines=lines, years=choices)
    context: dict[str, Any] = {"page_title": "Year on year", "council": council, "form": form}
    if not form.is_valid():
        return render_dashboard(request, YEAR_ON_YEAR, context, status=400)
    data = form.cleaned_data
    year_b = data.get("to_year") or latest
    year_a = data.get("from_year") or year_b - 1
    line = form.line()
    try:
        report = year_on_year(
            council,
            year_a,
            year_b,
            data.get("through"),
            like_for_like=bool(data.get("like_for_like")),
            line_ids=[line.pk] if line else None,
        )
    except ValueError as problem:
        form.add_error("through" if data.get("through") else "to_year", str(problem).capitalize())
        return render_dashboard(request, YEAR_ON_YEAR, context, status=400)
    flat = year_on_year_table(report)
    times = Table(
        slug="year-on-year-times",
        title="Average time to answer and handling time",
        caption=f"Average time to answer and average handling time, {report.label}",
        columns=tuple(
            flat.columns[flat.column(k)] for k in ("line", "ata_a", "ata_b", "aht_a", "aht_b")
        ),
        rows=tuple(
            tuple(row[flat.column(k)] for k in ("line", "ata_a", "ata_b", "aht_a", "aht_b"))
            for row in flat.rows
        ),
    )
    tables = [flat, times]
    if wants_download(request):
        through = data.get("through")
        filters = [
            line.code if line else "all-lines",
            f"{year_a}-vs-{year_b}",
            f"through-{through.isoformat()}" if through else None,
            "like-for-like" if data.get("like_for_like") else None,
        ]
        return download(request, tables, council=council, filters=filters)
    a, b = report.heading(report.before), report.heading(report.after)
    context.update(
        report=report,
        tables=tables,
        blocks=_blocks(flat, compared_per(report)),
        heading_a=a,
        heading_b=b,
        direction=DIRECTION,
        direction_arrow=direction_arrow,
        ata_chart=bar_chart(
            times,
            x="line",
            series=["ata_a", "ata_b"],
            title=f"Average time to answer by line, {report.label}",
            y_label="Average time to answer (minutes:seconds)",
            horizontal=True,
            chart_id="chart-ata",
        ),
        aht_chart=bar_chart(
            times,
            x="line",
            series=["aht_a", "aht_b"],
            title=f"Average handling time by line, {report.label}",
            y_label="Average handling time (minutes:seconds)",
            horizontal=True,
            chart_id="chart-aht",
        ),
    )
    return render_dashboard(request, YEAR_ON_YEAR, context, tables=tables)

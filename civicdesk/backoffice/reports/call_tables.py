"""The call dashboards' tables: what the page shows, the charts draw and the downloads hold."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from civicdesk.backoffice.reports.tables import Cell, Column, Kind, Table
from civicdesk.performance.call_reports import PeriodRow, YearOnYear, YearOnYearRow
from civicdesk.performance.changes import Change, is_whole_months
from civicdesk.performance.metrics import LineFigures
from civicdesk.performance.models import Period

MEASURES: tuple[Column, ...] = (
    Column("presented", "Presented"),
    Column("answered", "Answered"),
    Column("answered_share", "Share answered", unit="share"),
    Column("abandoned_ivr", "Abandoned in the IVR"),
    Column("abandoned_queue", "Abandoned in the queue"),
    Column("short_abandons", "Short abandons"),
    Column("callbacks", "Callbacks"),
    Column("ata_seconds", "Average time to answer", unit="seconds"),
    Column("mean_wait_seconds", "Mean wait", unit="seconds"),
    Column("aht_seconds", "Average handling time", unit="seconds"),
    Column("service_level", "Service level", unit="share"),
    Column("transferred", "Transferred to tier 2"),
    Column("transfer_rate", "Transfer rate", unit="share"),
)
PERIOD_COLUMNS = (
    Column("period", "Period", numeric=False),
    Column("first_day", "From", kind=Kind.DATE),
    Column("last_day", "To", kind=Kind.DATE),
)
DIRECTION = "direction"  # the unit of a column of words: "up, worse", "down, better", "same"


def _seconds(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def measures(figures: LineFigures) -> tuple[Cell, ...]:
    """The cells of MEASURES for one row of figures (times to 0.01 s, shares to 4 places)."""
    share = figures.answered / figures.presented if figures.presented else None
    return (
        figures.presented,
        figures.answered,
        _share(share),
        figures.abandoned_ivr,
        figures.abandoned_queue,
        figures.short_abandons,
        figures.callbacks,
        _seconds(figures.ata_seconds),
        _seconds(figures.mean_wait_seconds),
        _seconds(figures.aht_seconds),
        _share(figures.service_level),
        figures.transferred,
        _share(figures.transfer_rate),
    )


def period_label(starts_on: date, period: str) -> str:
    """ "Wed 1 Mar 2023", "Week from 27 Feb 2023", "Mar 2023", "2023"."""
    if period == Period.DAY:
        return f"{starts_on:%a} {starts_on.day} {starts_on:%b %Y}"
    if period == Period.WEEK:
        return f"Week from {starts_on.day} {starts_on:%b %Y}"
    if period == Period.MONTH:
        return f"{starts_on:%b %Y}"
    return str(starts_on.year)


def axis_label(period: str) -> Callable[[Cell], str]:
    """How a chart's axis names a period by its first day: "1 Mar", "Mar 2023", "2023"."""

    def label(day: Cell) -> str:
        if not isinstance(day, date):
            return str(day)
        if period == Period.YEAR:
            return str(day.year)
        if period == Period.MONTH:
            return f"{day:%b %Y}"
        return f"{day.day} {day:%b}"

    return label


def _period_cells(row: PeriodRow) -> tuple[Cell, ...]:
    return (period_label(row.starts_on, row.period), row.first_day, row.last_day)


def totals_table(rows: Sequence[PeriodRow], *, period: str, lines: str) -> Table:
    noun = Period(period).label.lower()
    return Table(
        slug="calls-by-period",
        title=f"Calls by {noun}, {lines.lower()}",
        caption=f"Calls to {lines.lower()} by {noun}",
        columns=(*PERIOD_COLUMNS, *MEASURES),
        rows=tuple((*_period_cells(row), *measures(row.figures)) for row in rows),
        notes=_notes(rows),
    )


def line_table(rows: Sequence[PeriodRow], *, period: str) -> Table:
    noun = Period(period).label.lower()
    return Table(
        slug="calls-by-line-and-period",
        title=f"Calls by line and {noun}",
        caption=f"Each line's calls by {noun}",
        columns=(Column("line", "Line", numeric=False), *PERIOD_COLUMNS, *MEASURES),
        rows=tuple((row.line, *_period_cells(row), *measures(row.figures)) for row in rows),
        notes=_notes(rows),
    )


def _notes(rows: Sequence[PeriodRow]) -> tuple[str, ...]:
    if any(row.partial for row in rows):
        return ("The first and last periods count only the days within the dates chosen.",)
    return ()


def _direction(change: Change) -> str:
    return change.words


def _year_cells(figures: LineFigures | None) -> tuple[Cell, Cell, Cell, Cell, Cell, Cell, Cell]:
    if figures is None:
        return (0, 0, None, None, None, 0, None)
    share = figures.answered / figures.presented if figures.presented else None
    return (
        figures.presented,
        figures.answered,
        _share(share),
        _seconds(figures.ata_seconds),
        _seconds(figures.aht_seconds),
        figures.transferred,
        _share(figures.transfer_rate),
    )


def _yoy_row(row: YearOnYearRow) -> tuple[Cell, ...]:
    pa, aa, sa, ta, ha, xa, ra = _year_cells(row.before)
    pb, ab, sb, tb, hb, xb, rb = _year_cells(row.after)
    change = _share(row.presented.relative)
    return (
        row.line,
        pa,
        pb,
        change,
        _direction(row.presented),
        aa,
        ab,
        sa,
        sb,
        _direction(row.answered),
        ta,
        tb,
        _direction(row.ata),
        ha,
        hb,
        _direction(row.aht),
        xa,
        xb,
        ra,
        rb,
        _direction(row.transfer_rate),
    )


def year_on_year_table(report: YearOnYear) -> Table:
    """Flat, one row per line (all lines first): what the CSV and XLSX hold. The page shows the
    same cells in seed 001's shape, one block per line."""
    a, b = report.heading(report.before), report.heading(report.after)
    rate = compared_per(report)
    return Table(
        slug="year-on-year",
        title=f"Year on year: {report.label}",
        caption=report.label,
        columns=(
            Column("line", "Line", numeric=False),
            Column("presented_a", f"Presented {a}"),
            Column("presented_b", f"Presented {b}"),
            Column("presented_change", f"Change in calls presented per {rate}", unit="share"),
            Column("presented_direction", "Presented: direction", numeric=False, unit=DIRECTION),
            Column("answered_a", f"Answered {a}"),
            Column("answered_b", f"Answered {b}"),
            Column("answered_share_a", f"Share answered {a}", unit="share"),
            Column("answered_share_b", f"Share answered {b}", unit="share"),
            Column(
                "answered_direction", "Share answered: direction", numeric=False, unit=DIRECTION
            ),
            Column("ata_a", f"Average time to answer {a}", unit="seconds"),
            Column("ata_b", f"Average time to answer {b}", unit="seconds"),
            Column(
                "ata_direction", "Average time to answer: direction", numeric=False, unit=DIRECTION
            ),
            Column("aht_a", f"Average handling time {a}", unit="seconds"),
            Column("aht_b", f"Average handling time {b}", unit="seconds"),
            Column(
                "aht_direction", "Average handling time: direction", numeric=False, unit=DIRECTION
            ),
            Column("transferred_a", f"Transferred to tier 2 {a}"),
            Column("transferred_b", f"Transferred to tier 2 {b}"),
            Column("transfer_rate_a", f"% transferred {a}", unit="share"),
            Column("transfer_rate_b", f"% transferred {b}", unit="share"),
            Column(
                "transfer_rate_direction", "% transferred: direction", numeric=False, unit=DIRECTION
            ),
        ),
        rows=tuple(_yoy_row(row) for row in report.rows),
        notes=(
            f"Calls presented are compared per {rate}, as the two spans differ in length; "
            "more calls is neither better nor worse.",
            "A higher share answered is better; a longer average time to answer or handling "
            "time is worse.",
            "% transferred is the share of calls answered that were put through to a tier 2 line "
            '(seed 001\'s "% Transferred to Tier 2 Lines"); more or fewer is neither better nor '
            "worse.",
        ),
    )


def compared_per(report: YearOnYear) -> str:
    """ "month" when both spans are whole months (as the seed compares), otherwise "day"."""
    spans = (report.before, report.after)
    return "month" if all(is_whole_months(s.start, s.end) for s in spans) else "day"

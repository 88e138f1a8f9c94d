"""The what-if scenario page's tables: each line before and after, and the lines it changes.

The page's headline figures, its charts and its CSV and XLSX downloads all read these tables.
Calls are expected values from Erlang A, rounded to whole calls; staff hours to a tenth, times
to a tenth of a second, shares to four places.
"""

from __future__ import annotations

from decimal import Decimal

from civicdesk.backoffice.reports.tables import Cell, Column, Kind, Table
from civicdesk.planning.scenario_baseline import Figures
from civicdesk.planning.scenario_model import Comparison

COLUMNS = (
    Column("line", "Line", numeric=False),
    Column("calls_before", "Calls before"),
    Column("calls_after", "Calls after"),
    Column("moved_online", "Moved online"),
    Column("ata_before", "Average time to answer before", unit="seconds"),
    Column("ata_after", "Average time to answer after", unit="seconds"),
    Column("abandonment_before", "Abandoned before", unit="share"),
    Column("abandonment_after", "Abandoned after", unit="share"),
    Column("service_level_before", "Service level before", unit="share"),
    Column("service_level_after", "Service level after", unit="share"),
    Column("staff_hours_before", "Staff hours before", kind=Kind.NUMBER),
    Column("staff_hours_after", "Staff hours after", kind=Kind.NUMBER),
    Column("cost_before", "Cost before", unit="pounds"),
    Column("cost_after", "Cost after", unit="pounds"),
)
NOTES = (
    "Calls are calls presented to the line; abandoned and service level are shares of them "
    "(service level: answered within the line's standard time). Average time to answer is of "
    "answered calls. Staff hours are agents on the phones times the length of each interval. "
    "Cost is calls at the cost of a phone call plus contacts moved online at the cost of an "
    "online contact.",
)


def _pounds(pence: float) -> Decimal:
    return (Decimal(round(pence)) / 100).quantize(Decimal("0.01"))


def _rounded(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)


def _row(name: str, before: Figures, after: Figures) -> tuple[Cell, ...]:
    return (
        name,
        round(before.calls),
        round(after.calls),
        round(after.moved_online),
        _rounded(before.ata_seconds, 1),
        _rounded(after.ata_seconds, 1),
        _rounded(before.abandonment, 4),
        _rounded(after.abandonment, 4),
        _rounded(before.service_level, 4),
        _rounded(after.service_level, 4),
        round(before.staff_hours, 1),
        round(after.staff_hours, 1),
        _pounds(before.cost_pence),
        _pounds(after.cost_pence),
    )


def lines_table(comparison: Comparison) -> Table:
    """Every line, then all lines together (the last row)."""
    rows = [
        _row(before.name, before, after)
        for before, after in zip(comparison.before.lines, comparison.after.lines, strict=True)
    ]
    rows.append(_row("All lines", comparison.before.total, comparison.after.total))
    return Table(
        slug="scenario-lines",
        title="Every line before and after",
        columns=COLUMNS,
        rows=tuple(rows),
        notes=NOTES,
    )


def changed_table(comparison: Comparison) -> Table:
    """The lines whose figures the scenario changes."""
    before, after = comparison.before.lines, comparison.after.lines
    return Table(
        slug="scenario-changed-lines",
        title="The lines the scenario changes",
        columns=COLUMNS,
        rows=tuple(_row(before[i].name, before[i], after[i]) for i in comparison.changed_lines()),
    )


HEADLINES = (
    ("Calls", "calls_before", "calls_after"),
    ("Average time to answer", "ata_before", "ata_after"),
    ("Abandoned", "abandonment_before", "abandonment_after"),
    ("Service level", "service_level_before", "service_level_after"),
    ("Staff hours", "staff_hours_before", "staff_hours_after"),
    ("Cost", "cost_before", "cost_after"),
)


def _as_float(value: Cell) -> float | None:
    return float(value) if isinstance(value, int | float | Decimal) else None


def change_words(table: Table, before_key: str, after_key: str) -> str:
    """The change from before to after in the last row, in words: "172 fewer", "4:23 less"."""
    row = table.rows[-1]
    a, b = _as_float(row[table.column(before_key)]), _as_float(row[table.column(after_key)])
    if a is None or b is None:
        return "not comparable"
    unit = table.columns[table.column(before_key)].unit
    difference = b - a
    if unit == "share":
        points = difference * 100
        way = "higher" if points > 0 else "lower"
        if points == 0:
            return "no change"
        if abs(points) < 0.05:
            return f"less than 0.1 percentage points {way}"
        return f"{abs(points):.1f} percentage points {way}"
    if unit == "seconds":
        whole = round(abs(difference))
        if whole == 0:
            return "no change"
        return f"{whole // 60}:{whole % 60:02} {'longer' if difference > 0 else 'shorter'}"
    if round(difference, 2) == 0:
        return "no change"
    if unit == "pounds":
        return f"£{abs(difference):,.2f} {'more' if difference > 0 else 'less'}"
    amount = (
        f"{abs(difference):,.0f}"
        if isinstance(row[table.column(before_key)], int)
        else (f"{abs(difference):,.1f}")
    )
    return f"{amount} {'more' if difference > 0 else 'fewer'}"

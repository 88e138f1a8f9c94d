"""Accessible charts drawn on the server as inline SVG, from a report `Table`.

Use:

    from civicdesk.backoffice.reports.charts import bar_chart, line_chart

    chart = bar_chart(table, x="month", series=["presented", "answered"],
                      title="Calls presented and answered by month")
    # in the template: {{ chart }}   (it is Markup, already escaped)

- `table` is the same `Table` the page shows under the chart and exports as CSV and XLSX: one row
  per category (a month, a line, a channel). `x` is the key of the column that names the
  category; `series` are keys of numeric columns (at most 8), drawn in that order. Series on one
  chart should share a unit: the value axis uses the first series' unit (counts, "seconds",
  "share" or "pounds"). Empty cells (None) are left out: no bar, a gap in the line.
- `title` and `description` become the SVG's <title> and <desc>; the <svg> has role="img" and
  aria-labelledby pointing at both. Without a description, one is written from the table (what
  is drawn, over which categories) saying that the table that follows gives the figures: the
  data table is the accessible source of the numbers, so always show it under the chart.
- `horizontal=True` (bar charts) lays the categories down the left with each bar's value at
  its end: best for named categories (lines, services), whose names do not fit under bars.
- `chart_id` makes the element ids unique; it defaults to "chart-<table slug>". Pass one when a
  page draws the same table twice.
- `x_label` / `y_label` name the category and value axes (default: the x column's label, and the
  unit of the first series); `x_format` turns a category into its label (default: `display()`).

Readable without colour: each series has its own fill pattern (bars) or marker and dash style
(lines), repeated in a legend, and its own GOV.UK colour with at least 3:1 contrast against
white. No inline style attributes (the CSP forbids them): only SVG presentation attributes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from civicdesk.backoffice.reports import svg
from civicdesk.backoffice.reports.tables import Cell, Column, Table, display

WIDTH = 720
LEFT, RIGHT, TOP = 76, 16, 16
PLOT_BOTTOM = 284  # vertical charts: below it the category labels, the axis title, the legend
UNIT_AXIS = {
    "seconds": "Time (minutes:seconds)",
    "share": "Per cent",
    "pounds": "Pounds (£)",
    "": "Number",
}


def bar_chart(
    table: Table,
    *,
    x: str,
    series: Sequence[str],
    title: str,
    description: str = "",
    chart_id: str = "",
    x_label: str = "",
    y_label: str = "",
    x_format: Callable[[Cell], str] | None = None,
    horizontal: bool = False,
) -> Markup:
    """Grouped bars: for each row of the table, one bar per series, side by side."""
    data = _Data.of(table, x, series, x_format, chart_id)
    kind = "horizontal" if horizontal else "bar"
    return _svg(kind, data, title, description, x_label, y_label)


def line_chart(
    table: Table,
    *,
    x: str,
    series: Sequence[str],
    title: str,
    description: str = "",
    chart_id: str = "",
    x_label: str = "",
    y_label: str = "",
    x_format: Callable[[Cell], str] | None = None,
) -> Markup:
    """One line per series across the rows of the table, each point marked."""
    data = _Data.of(table, x, series, x_format, chart_id)
    return _svg("line", data, title, description, x_label, y_label)


SMALLEST_STEP = {"": 1.0, "seconds": 1.0, "share": 0.001, "pounds": 0.01}


def nice_ticks(top: float, *, unit: str = "", count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `top`: steps of 1, 2 or 5 times a power of ten
    (for times over a minute or so, steps of 15 s, 30 s, whole minutes or hours), never finer
    than the unit shows (whole calls, whole seconds, 0.1%, 1p)."""
    if top <= 0:
        return [0.0, 0.25, 0.5, 0.75, 1.0] if unit == "share" else [0.0, 1.0]
    raw = max(top / count, SMALLEST_STEP.get(unit, 1e-6))
    if unit == "seconds" and raw > 10:
        steps = [15.0, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 18000, 36000, 86400]
        step = next((s for s in steps if s >= raw), steps[-1] * math.ceil(raw / steps[-1]))
    else:
        power = 10 ** math.floor(math.log10(raw))
        step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw * (1 - 1e-9))
    n = max(1, math.ceil(top / step - 1e-9))
    return [round(i * step, 10) for i in range(n + 1)]


def value_label(value: float, unit: str, step: float = 1.0) -> str:
    """A value as an axis or a bar shows it: 1,500, 2:30, 45%, £1.50."""
    if unit == "share":
        return f"{value * 100:.0f}%" if step * 100 >= 1 else f"{value * 100:.1f}%"
    if unit == "seconds":
        return display(value, Column("t", "t", unit="seconds"))
    prefix = "£" if unit == "pounds" else ""
    if unit == "pounds" and step < 1:
        return f"{prefix}{value:,.2f}"
    if step >= 1 or value == int(value):
        return f"{prefix}{value:,.0f}"
    return f"{prefix}{value:,.2f}"


def _number(value: Cell) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class _Data:
    cid: str
    x_column: Column
    columns: list[Column]
    categories: list[str]
    values: list[list[float | None]]  # one list per series

    @classmethod
    def of(
        cls,
        table: Table,
        x: str,
        series: Sequence[str],
        x_format: Callable[[Cell], str] | None,
        chart_id: str,
    ) -> _Data:
        if not series:
            raise ValueError("a chart needs at least one series")
        if len(series) > len(svg.STYLES):
            raise ValueError(f"a chart draws at most {len(svg.STYLES)} series")
        x_column = table.columns[table.column(x)]
        fmt = x_format or (lambda value: display(value, x_column))
        return cls(
            cid=chart_id or f"chart-{table.slug}",
            x_column=x_column,
            columns=[table.columns[table.column(key)] for key in series],
            categories=[fmt(row[table.column(x)]) for row in table.rows],
            values=[[_number(row[table.column(key)]) for row in table.rows] for key in series],
        )

    @property
    def unit(self) -> str:
        return self.columns[0].unit

    @property
    def present(self) -> list[float]:
        return [v for column in self.values for v in column if v is not None]

    def description(self, kind: str, category: str) -> str:
        names = " and ".join(column.label for column in self.columns)
        words = "Line chart" if kind == "line" else "Bar chart"
        what = category.lower()
        if not self.categories:
            return f"{words} of {names} by {what}: no data."
        span = f"{len(self.categories)} values of {what}, from {self.categories[0]}"
        return (
            f"{words} of {names} by {what}: {span} to {self.categories[-1]}. "
            "The table that follows gives the figures."
        )


def _text(x: float, y: float, text: str, anchor: str = "middle", extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def _svg(kind: str, data: _Data, title: str, desc: str, x_label: str, y_label: str) -> Markup:
    cid = data.cid
    value_title = y_label or UNIT_AXIS.get(data.unit, data.unit)
    category_title = x_label or data.x_column.label
    out = [
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(desc or data.description(kind, category_title))}</desc>',
        svg.patterns(cid, len(data.columns)) if kind != "line" else "",
    ]
    if kind == "horizontal":
        body, bottom = _horizontal(data, category_title, value_title)
    else:
        body, bottom = _vertical(kind, data, category_title, value_title)
    out.extend(body)
    legend, bottom = _legend(kind, data, bottom + 34)
    out.extend(legend)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cd-chart" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" viewBox="0 0 {WIDTH} {bottom + 12:.0f}" '
        f'width="100%" font-family="{svg.FONT}" font-size="14" fill="{svg.TEXT}">'
    )
    return Markup(head + "".join(out) + "</svg>")  # noqa: S704 - every text in it is escaped


def _no_data(x: float, y: float) -> str:
    return _text(x, y, "No data for this selection", extra=' font-size="16"')


def _vertical(kind: str, data: _Data, x_title: str, y_title: str) -> tuple[list[str], float]:
    out: list[str] = []
    ticks = nice_ticks(max(data.present, default=0.0), unit=data.unit)
    top, step = ticks[-1], ticks[1] - ticks[0]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, PLOT_BOTTOM - TOP

    def y_at(value: float) -> float:
        return PLOT_BOTTOM - (max(value, 0.0) / top) * plot_h

    for tick in ticks:  # gridlines and value labels
        out.append(svg.line(LEFT, y_at(tick), WIDTH - RIGHT, y_at(tick), svg.GRID))
        out.append(_text(LEFT - 6, y_at(tick) + 4, value_label(tick, data.unit, step), "end"))
    n = len(data.categories)
    band = plot_w / max(n, 1)
    every = max(1, math.ceil(n / max(1, plot_w // 56)))
    for i, label in enumerate(data.categories):  # category labels, thinned when crowded
        if i % every == 0:
            out.append(_text(LEFT + band * (i + 0.5), PLOT_BOTTOM + 18, label))
    if not data.present:
        out.append(_no_data(LEFT + plot_w / 2, TOP + plot_h / 2))
    for s, column in enumerate(data.values):
        if kind == "bar":
            width = band * 0.8 / len(data.values)
            for i, value in enumerate(column):
                if value is not None:
                    bx = LEFT + band * i + band * 0.1 + width * s + 0.75
                    out.append(
                        svg.bar(
                            data.cid, s, bx, y_at(value), width - 1.5, PLOT_BOTTOM - y_at(value)
                        )
                    )
            continue
        runs: list[list[tuple[float, float]]] = [[]]
        for i, value in enumerate(column):
            if value is None:
                runs.append([])  # an empty cell breaks the line
            else:
                runs[-1].append((LEFT + band * (i + 0.5), y_at(value)))
        for run in runs:
            if len(run) > 1:
                out.append(svg.polyline(run, s))
            out.extend(
                svg.marker(svg.STYLES[s].marker, px, py, svg.STYLES[s].colour) for px, py in run
            )
    out.append(svg.line(LEFT, PLOT_BOTTOM, WIDTH - RIGHT, PLOT_BOTTOM, svg.TEXT, 1.5))
    out.append(svg.line(LEFT, TOP, LEFT, PLOT_BOTTOM, svg.TEXT, 1.5))
    out.append(_text(LEFT + plot_w / 2, PLOT_BOTTOM + 40, x_title, extra=' font-weight="bold"'))
    out.append(
        f'<text transform="translate(16 {TOP + plot_h / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle" font-weight="bold">{escape(y_title)}</text>'
    )
    return out, PLOT_BOTTOM + 40


def _horizontal(data: _Data, y_title: str, x_title: str) -> tuple[list[str], float]:
    """Categories down the left, bars to the right, each bar's value written at its end."""
    out: list[str] = []
    longest = max((len(label) for label in data.categories), default=4)
    left = min(280, max(90, int(longest * 7.4) + 16))
    right = 84  # room for the value written after the longest bar
    plot_w = WIDTH - left - right
    k = len(data.values)
    bar_h = 16
    band = k * bar_h + 14
    top = TOP + 24  # room for the category axis title above the labels
    plot_h = band * max(len(data.categories), 1)
    bottom = top + plot_h
    ticks = nice_ticks(max(data.present, default=0.0), unit=data.unit)
    high, step = ticks[-1], ticks[1] - ticks[0]

    def x_at(value: float) -> float:
        return left + (max(value, 0.0) / high) * plot_w

    for tick in ticks:
        out.append(svg.line(x_at(tick), top, x_at(tick), bottom, svg.GRID))
        out.append(_text(x_at(tick), bottom + 18, value_label(tick, data.unit, step)))
    out.append(_text(left - 8, TOP + 12, y_title, "end", ' font-weight="bold"'))
    if not data.present:
        out.append(_no_data(left + plot_w / 2, top + plot_h / 2))
    for i, label in enumerate(data.categories):
        out.append(_text(left - 8, top + band * i + band / 2 + 5, label, "end"))
        for s, column in enumerate(data.values):
            value = column[i]
            if value is None:
                continue
            by = top + band * i + 7 + bar_h * s
            out.append(svg.bar(data.cid, s, left, by + 0.75, x_at(value) - left, bar_h - 1.5))
            written = value_label(value, data.unit, 0.01 if data.unit == "pounds" else 1.0)
            out.append(_text(x_at(value) + 5, by + bar_h - 4, written, "start", ' font-size="12"'))
    out.append(svg.line(left, top, left, bottom, svg.TEXT, 1.5))
    out.append(svg.line(left, bottom, WIDTH - right, bottom, svg.TEXT, 1.5))
    out.append(_text(left + plot_w / 2, bottom + 40, x_title, extra=' font-weight="bold"'))
    return out, bottom + 40


def _legend(kind: str, data: _Data, first: float) -> tuple[list[str], float]:
    """The key: each series' swatch (its pattern, or its line and marker) and name, in rows."""
    out: list[str] = []
    lx, ly = float(LEFT), first
    for s, column in enumerate(data.columns):
        style = svg.STYLES[s]
        if kind == "line":
            out.append(svg.polyline([(lx - 4, ly - 4), (lx + 26, ly - 4)], s))
            out.append(svg.marker(style.marker, lx + 11, ly - 4, style.colour))
        else:
            out.append(svg.bar(data.cid, s, lx, ly - 12, 22, 16))
        out.append(_text(lx + 30, ly + 1, column.label, "start"))
        lx += 44 + len(column.label) * 7.5
        if lx > WIDTH - 160 and s < len(data.columns) - 1:
            lx, ly = float(LEFT), ly + 22
    return out, ly

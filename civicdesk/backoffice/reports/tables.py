"""A report table: what a dashboard shows under each chart, and what it exports.

Every figure on a dashboard is in a `Table`, so the chart, the page's table, the CSV and the
XLSX all show the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

Cell = str | int | float | Decimal | date | None


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = True
    unit: str = ""  # "seconds", "share" (0..1), "pounds", or "" for counts and text


@dataclass(frozen=True)
class Table:
    slug: str  # stable, used in export URLs and file names: "line-by-month"
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def column(self, key: str) -> int:
        return next(i for i, column in enumerate(self.columns) if column.key == key)


def display(value: Cell, column: Column) -> str:
    """A cell as a page shows it: times as m:ss, shares as percentages, money as £."""
    if value is None:
        return "no data"
    if column.unit == "seconds" and isinstance(value, int | float | Decimal):
        whole = round(float(value))
        hours, rest = divmod(whole, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"
    if column.unit == "share" and isinstance(value, int | float | Decimal):
        return f"{float(value) * 100:.1f}%"
    if column.unit == "pounds" and isinstance(value, int | float | Decimal):
        pounds = float(value)
        return f"{'-' if pounds < 0 else ''}£{abs(pounds):,.2f}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)

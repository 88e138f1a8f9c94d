"""A report table: what a dashboard shows under each chart, and what it exports.

Every figure on a dashboard is in a `Table`, so the chart, the page's table, the CSV and the
XLSX all show the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

Cell = str | int | float | Decimal | date | None


class Kind(StrEnum):
    """What a column holds, which decides how a download writes it (reports.exports)."""

    COUNT = "count"  # whole numbers: calls, contacts, visits
    NUMBER = "number"  # other quantities, to a tenth: staff hours
    PERCENT = "percent"  # a share from 0 to 1
    MONEY = "money"  # pounds
    SECONDS = "seconds"  # a duration in seconds
    DATE = "date"
    TEXT = "text"


# A column's unit (what the page and charts read) for each kind that has one, and back.
_UNIT_OF = {Kind.PERCENT: "share", Kind.MONEY: "pounds", Kind.SECONDS: "seconds"}
_KIND_OF = {unit: kind for kind, unit in _UNIT_OF.items()}
_WORDS = (Kind.DATE, Kind.TEXT)


@dataclass(frozen=True)
class Column:
    """One column of a table. Declare its kind once: either `kind`, or the older `unit` (and
    `numeric=False` for words), from which the other is worked out. Dates need `kind=DATE`."""

    key: str
    label: str
    numeric: bool = True
    unit: str = ""  # "seconds", "share" (0..1), "pounds", "direction", or "" for counts and text
    kind: Kind | None = None

    def __post_init__(self) -> None:
        unit_kind = _KIND_OF.get(self.unit)
        kind = self.kind or unit_kind or (Kind.COUNT if self.numeric else Kind.TEXT)
        if unit_kind not in (None, kind) or (kind == Kind.DATE and self.unit):
            raise ValueError(f"column {self.key!r}: kind {kind} but unit {self.unit!r}")
        if kind not in _WORDS and not self.numeric:
            raise ValueError(f"column {self.key!r}: a {kind} column is numeric")
        object.__setattr__(self, "kind", Kind(kind))
        object.__setattr__(self, "unit", self.unit or _UNIT_OF.get(kind, ""))
        object.__setattr__(self, "numeric", kind not in _WORDS)

    @property
    def holds(self) -> Kind:
        """The column's kind (always set once the column is made)."""
        return self.kind or Kind.TEXT


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

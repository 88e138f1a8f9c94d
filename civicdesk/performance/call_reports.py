"""Reports on calls for the managers' dashboards: each line per day, week, month or year, and
the year-on-year table in the shape of seed 001's "2022 vs 2023 YTD (end Aug)".

They read the rollups only (through `performance.rollups`), never the call records, and every
average is over calls (the rollups keep sums), never an average of averages. docs/metrics.md
defines each measure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max, QuerySet

from civicdesk.catalogue.models import ServiceLine
from civicdesk.councils.models import Council
from civicdesk.performance.changes import (
    Change,
    change_in_seconds,
    change_in_share,
    change_in_volume,
    is_whole_months,
    span_size,
)
from civicdesk.performance.metrics import LineFigures, Tally
from civicdesk.performance.models import CallRollup, Period
from civicdesk.performance.rollups import period_start, tallies_between, tallies_by_period

ALL_LINES = "All lines"


def period_end(start: date, period: str) -> date:
    """The last day of the day, ISO week, month or year that begins on `start`."""
    if period == Period.WEEK:
        return start + timedelta(days=6)
    if period == Period.MONTH:
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    if period == Period.YEAR:
        return start.replace(month=12, day=31)
    return start


def answered_share(figures: LineFigures) -> float | None:
    """Calls answered as a share of calls presented."""
    return figures.answered / figures.presented if figures.presented else None


@dataclass(frozen=True)
class PeriodRow:
    """One line's calls (or all lines', `line_id` None) in one period, cut to the dates asked."""

    line_id: int | None
    line: str
    period: str
    starts_on: date  # the period's own start (Monday of the week, the 1st of the month...)
    first_day: date  # the first and last day counted: the period cut to the range asked
    last_day: date
    tally: Tally

    @property
    def partial(self) -> bool:
        return self.first_day != self.starts_on or self.last_day != period_end(
            self.starts_on, self.period
        )

    @property
    def figures(self) -> LineFigures:
        return self.tally.figures(self.line)

    @property
    def answered_share(self) -> float | None:
        return answered_share(self.figures)


def _clipped_tallies(
    council: Council, period: str, start: date, end: date, line_ids: list[int] | None
) -> dict[tuple[int, date], tuple[date, date, Tally]]:
    """Each line's tally per period within start..end: whole periods from their rollup rows,
    the partial first and last periods added up from the fewest rollups that cover them."""
    found: dict[tuple[int, date], tuple[date, date, Tally]] = {}
    first, last = period_start(start, period), period_start(end, period)
    edges = []
    inner_start, inner_end = first, last
    if first < start or period_end(first, period) > end:
        edges.append((first, start, min(end, period_end(first, period))))
        inner_start = period_end(first, period) + timedelta(days=1)
    if last != first and period_end(last, period) > end:
        edges.append((last, last, end))
        inner_end = last - timedelta(days=1)
    if inner_start <= inner_end:
        whole = tallies_by_period(
            council=council, period=period, start=inner_start, end=inner_end, line_ids=line_ids
        )
        for (line_id, starts_on), tally in whole.items():
            found[(line_id, starts_on)] = (starts_on, period_end(starts_on, period), tally)
    for starts_on, first_day, last_day in edges:
        cut = tallies_between(council=council, start=first_day, end=last_day, line_ids=line_ids)
        for line_id, tally in cut.items():
            found[(line_id, starts_on)] = (first_day, last_day, tally)
    return found


def _line_names(council: Council, ids: Iterable[int]) -> dict[int, str]:
    return dict(
        ServiceLine.objects.filter(council=council, pk__in=list(ids)).values_list("pk", "name")
    )


def line_by_period(
    council: Council,
    period: str,
    start: date,
    end: date,
    line_ids: Iterable[int] | None = None,
) -> list[PeriodRow]:
    """Each line's figures per period from `start` to `end` (whole days, UK time), by line name
    then period. Periods without calls have no row. The first and last periods are cut to the
    range: a range from 15 March counts March from the 15th."""
    if period not in Period.values:
        raise ValueError(f"unknown period {period!r}")
    if end < start:
        raise ValueError("the range ends before it starts")
    ids = list(line_ids) if line_ids is not None else None
    found = _clipped_tallies(council, period, start, end, ids)
    names = _line_names(council, {line_id for line_id, _ in found})
    rows = [
        PeriodRow(line_id, names[line_id], period, starts_on, first_day, last_day, tally)
        for (line_id, starts_on), (first_day, last_day, tally) in found.items()
        if line_id in names
    ]
    return sorted(rows, key=lambda row: (row.line.lower(), row.line_id, row.starts_on))


def period_totals(rows: Iterable[PeriodRow]) -> list[PeriodRow]:
    """All lines together per period: the lines' sums added up (averages over every call)."""
    merged: dict[date, PeriodRow] = {}
    for row in rows:
        total = merged.get(row.starts_on)
        if total is None:
            total = merged[row.starts_on] = PeriodRow(
                None, ALL_LINES, row.period, row.starts_on, row.first_day, row.last_day, Tally()
            )
        total.tally.merge(row.tally)
    return [merged[key] for key in sorted(merged)]


# Year on year ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    year: int
    start: date
    end: date


@dataclass(frozen=True)
class YearOnYearRow:
    line_id: int | None  # None for the total of all lines
    line: str
    before: LineFigures | None  # year A; None when the line had no calls in the span
    after: LineFigures | None  # year B
    presented: Change  # compared per month (or per day), neutral
    answered: Change  # the share of calls answered; up is better
    ata: Change  # average time to answer; up is worse
    aht: Change  # average handling time; up is worse
    transfer_rate: Change  # seed 001's "% transferred" (to tier 2) of calls answered; neutral


@dataclass(frozen=True)
class YearOnYear:
    before: Span
    after: Span
    like_for_like: bool
    rows: list[YearOnYearRow]  # all lines first, as the seed has it, then each line by name

    @property
    def label(self) -> str:
        """ "2022 vs 2023 YTD (end Aug)", as seed 001 heads its table."""
        a, b = self.before, self.after
        if self.like_for_like:
            return f"{a.year} vs {b.year}, {_day_month(b.start)} to {_day_month(b.end)}"
        return f"{_span_label(a)} vs {_span_label(b)}"

    def heading(self, span: Span) -> str:
        """A column heading for one year: "2022", "2023 YTD (end Aug)"."""
        return _span_label(span)


def _day_month(day: date) -> str:
    return f"{day.day} {day:%b}"


def _span_label(span: Span) -> str:
    if span.start == date(span.year, 1, 1) and span.end == date(span.year, 12, 31):
        return str(span.year)
    if span.start == date(span.year, 1, 1):
        if is_whole_months(span.start, span.end):
            return f"{span.year} YTD (end {span.end:%b})"
        return f"{span.year} YTD (to {_day_month(span.end)})"
    return f"{span.year} ({_day_month(span.start)} to {_day_month(span.end)})"


def _day_rollups_with_calls(
    council: Council, line_ids: Iterable[int] | None
) -> QuerySet[CallRollup]:
    rows = CallRollup.objects.filter(council=council, period=Period.DAY, presented__gt=0)
    return rows.filter(line_id__in=list(line_ids)) if line_ids is not None else rows


def last_call_day(
    council: Council,
    year: int | None = None,
    line_ids: Iterable[int] | None = None,
    *,
    until: date | None = None,
) -> date | None:
    """The last day (of `year`, or ever; up to `until` when given) on which the council's lines,
    or these, had calls."""
    rows = _day_rollups_with_calls(council, line_ids)
    if until is not None:
        rows = rows.filter(starts_on__lte=until)
    if year is not None:
        rows = rows.filter(starts_on__gte=date(year, 1, 1), starts_on__lte=date(year, 12, 31))
    last: date | None = rows.aggregate(last=Max("starts_on"))["last"]
    return last


def call_years(council: Council) -> list[int]:
    """The years in which the council's lines had calls, earliest first."""
    starts = (
        CallRollup.objects.filter(council=council, period=Period.YEAR, presented__gt=0)
        .order_by("starts_on")
        .values_list("starts_on", flat=True)
        .distinct()
    )
    return sorted({start.year for start in starts})


def _same_day_in(year: int, day: date) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year without one
        return date(year, 2, 28)


def spans(
    council: Council,
    year_a: int,
    year_b: int,
    *,
    through: date | None = None,
    like_for_like: bool = False,
    line_ids: Iterable[int] | None = None,
) -> tuple[Span, Span]:
    """Year B from 1 January to `through` (by default its last day with calls, or its end when
    it has none); year A whole, or 1 January to the same day of the year when like for like."""
    if year_a == year_b:
        raise ValueError("compare two different years")
    if through is not None and through.year != year_b:
        raise ValueError(f"the end of the year to date must be in {year_b}")
    end_b = through or last_call_day(council, year_b, line_ids) or date(year_b, 12, 31)
    end_a = _same_day_in(year_a, end_b) if like_for_like else date(year_a, 12, 31)
    return Span(year_a, date(year_a, 1, 1), end_a), Span(year_b, date(year_b, 1, 1), end_b)


def _compare(
    line_id: int | None, name: str, a: Tally | None, b: Tally | None, span_a: Span, span_b: Span
) -> YearOnYearRow:
    before = a.figures(name) if a is not None else None
    after = b.figures(name) if b is not None else None
    months = is_whole_months(span_a.start, span_a.end) and is_whole_months(span_b.start, span_b.end)
    return YearOnYearRow(
        line_id=line_id,
        line=name,
        before=before,
        after=after,
        presented=change_in_volume(
            before.presented if before else None,
            span_size(span_a.start, span_a.end, in_months=months),
            after.presented if after else None,
            span_size(span_b.start, span_b.end, in_months=months),
            good="neither",
        ),
        answered=change_in_share(
            answered_share(before) if before else None,
            answered_share(after) if after else None,
            good="up",
        ),
        ata=change_in_seconds(
            before.ata_seconds if before else None,
            after.ata_seconds if after else None,
            good="down",
        ),
        aht=change_in_seconds(
            before.aht_seconds if before else None,
            after.aht_seconds if after else None,
            good="down",
        ),
        transfer_rate=change_in_share(
            before.transfer_rate if before else None,
            after.transfer_rate if after else None,
            good="neither",
        ),
    )


def year_on_year(
    council: Council,
    year_a: int,
    year_b: int,
    through: date | None = None,
    *,
    like_for_like: bool = False,
    line_ids: Iterable[int] | None = None,
) -> YearOnYear:
    """Each line's presented, answered, average time to answer, average handling time and share
    transferred in year A and year B to date, with the direction of each change; all lines first.

    Volumes over spans of different lengths (a whole year against eight months) are compared
    per month, as the seed's "% change" does, or per day when a span is not whole months."""
    ids = list(line_ids) if line_ids is not None else None
    span_a, span_b = spans(
        council, year_a, year_b, through=through, like_for_like=like_for_like, line_ids=ids
    )
    before = tallies_between(council=council, start=span_a.start, end=span_a.end, line_ids=ids)
    after = tallies_between(council=council, start=span_b.start, end=span_b.end, line_ids=ids)
    names = _line_names(council, {*before, *after})
    total_a, total_b = Tally(), Tally()
    for tally in before.values():
        total_a.merge(tally)
    for tally in after.values():
        total_b.merge(tally)
    rows = [
        _compare(
            None,
            ALL_LINES,
            total_a if before else None,
            total_b if after else None,
            span_a,
            span_b,
        )
    ]
    for line_id in sorted(names, key=lambda pk: (names[pk].lower(), pk)):
        rows.append(
            _compare(
                line_id, names[line_id], before.get(line_id), after.get(line_id), span_a, span_b
            )
        )
    return YearOnYear(span_a, span_b, like_for_like, rows)

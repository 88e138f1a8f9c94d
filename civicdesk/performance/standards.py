"""A council's published standards and how it did against them, for its resident charter page.

Phone figures are read from the rollups only (`tallies_between`), never from the call records.
Case figures count the cases resolved in a month, by service. Figures are judged as they are
published: shares to a tenth of a percent, times to the whole second, so the words "met" and
"not met" always agree with the figures printed beside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Max

from civicdesk.cases.models import Case
from civicdesk.catalogue.models import QueryType
from civicdesk.core.clock import local_day, local_day_bounds
from civicdesk.councils.models import Council
from civicdesk.performance.metrics import Tally
from civicdesk.performance.metrics import abandon_rate as queue_abandon_rate
from civicdesk.performance.models import CallRollup, LineStandard, Period
from civicdesk.performance.rollups import tallies_between
from civicdesk.performance.sla_reports import sla_compliance

SHARE_PLACES = 3  # 0.805 is published as 80.5%


# Pure arithmetic ---------------------------------------------------------------------------


def published_share(share: float | None) -> float | None:
    return None if share is None else round(share, SHARE_PLACES)


def published_seconds(seconds: float | None) -> float | None:
    return None if seconds is None else float(round(seconds))


def abandon_rate(tally: Tally) -> float | None:
    """The line's abandon rate, as `metrics.abandon_rate` defines it (docs/metrics.md)."""
    return queue_abandon_rate(tally.figures(""))


@dataclass(frozen=True)
class Measure:
    """One standard against one period's figure; `at_most` for waits and abandons."""

    target: float
    achieved: float | None  # None: no calls in the period to judge by
    at_most: bool = False

    @property
    def met(self) -> bool | None:
        if self.achieved is None:
            return None
        return self.achieved <= self.target if self.at_most else self.achieved >= self.target


@dataclass(frozen=True)
class Targets:
    """A line standard as plain numbers: shares from 0 to 1, times in seconds."""

    answer_within_seconds: int
    service_level: float
    ata_seconds: int | None = None
    abandon_rate: float | None = None

    @classmethod
    def of(cls, standard: LineStandard) -> Targets:
        return cls(
            answer_within_seconds=standard.answer_within_seconds,
            service_level=float(standard.service_level_target),
            ata_seconds=standard.ata_target_seconds,
            abandon_rate=(
                None
                if standard.abandon_rate_target is None
                else float(standard.abandon_rate_target)
            ),
        )


@dataclass(frozen=True)
class LinePerformance:
    presented: int
    service_level: Measure
    average_wait: Measure | None
    abandon_rate: Measure | None

    @property
    def measures(self) -> list[Measure]:
        return [m for m in (self.service_level, self.average_wait, self.abandon_rate) if m]


def line_performance(targets: Targets, tally: Tally | None) -> LinePerformance:
    """Judge one period's tally of a line against its targets (no tally: nothing to judge)."""
    tally = tally or Tally()
    figures = tally.figures("")
    return LinePerformance(
        presented=tally.presented,
        service_level=Measure(targets.service_level, published_share(figures.service_level)),
        average_wait=(
            None
            if targets.ata_seconds is None
            else Measure(targets.ata_seconds, published_seconds(figures.ata_seconds), at_most=True)
        ),
        abandon_rate=(
            None
            if targets.abandon_rate is None
            else Measure(targets.abandon_rate, published_share(abandon_rate(tally)), at_most=True)
        ),
    )


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def last_complete_month(today: date) -> date:
    """The first day of the month before today's."""
    return month_start(month_start(today) - timedelta(days=1))


@dataclass(frozen=True)
class Window:
    """The days some figures cover. `latest` is False when the last complete month had no
    figures and this is the most recent month before it that has some."""

    start: date
    end: date
    latest: bool = True


def year_to_date(month: Window) -> Window:
    """1 January of the month's year to the end of the month: complete months only."""
    return Window(month.start.replace(month=1), month.end, month.latest)


# Reads ---------------------------------------------------------------------------------------


def _month_window(wanted: date, found: date | None) -> Window:
    """`wanted`'s month, or the month `found` when it is an earlier one with figures."""
    first = wanted if found is None or found >= wanted else month_start(found)
    return Window(first, month_end(first), latest=first == wanted)


@dataclass(frozen=True)
class LineResult:
    name: str
    code: str
    targets: Targets
    month: LinePerformance
    year: LinePerformance


@dataclass(frozen=True)
class PhoneStandards:
    month: Window
    year: Window
    lines: list[LineResult]
    has_figures: bool


def phone_standards(*, council: Council, moment: datetime) -> PhoneStandards:
    """Each active line with a standard, judged over the last complete month and the year to
    date; when that month had no calls, over the latest month before it that had some."""
    standards = list(
        LineStandard.objects.filter(council=council, line__active=True)
        .select_related("line")
        .order_by("line__name")
    )
    line_ids = [s.line_id for s in standards]
    wanted = last_complete_month(local_day(moment))
    found = CallRollup.objects.filter(
        council=council,
        period=Period.MONTH,
        starts_on__lte=wanted,
        line_id__in=line_ids,
        presented__gt=0,
    ).aggregate(latest=Max("starts_on"))["latest"]
    month = _month_window(wanted, found)
    year = year_to_date(month)
    in_month = tallies_between(council=council, start=month.start, end=month.end, line_ids=line_ids)
    in_year = tallies_between(council=council, start=year.start, end=year.end, line_ids=line_ids)
    lines = []
    for standard in standards:
        targets = Targets.of(standard)
        lines.append(
            LineResult(
                name=standard.line.name,
                code=standard.line.code,
                targets=targets,
                month=line_performance(targets, in_month.get(standard.line_id)),
                year=line_performance(targets, in_year.get(standard.line_id)),
            )
        )
    return PhoneStandards(month, year, lines, has_figures=found is not None)


@dataclass(frozen=True)
class ServiceCases:
    service: str
    resolved: int
    on_time: int

    @property
    def share(self) -> float:
        return self.on_time / self.resolved


@dataclass(frozen=True)
class CaseStandards:
    month: Window
    services: list[ServiceCases]


def case_standards(*, council: Council, moment: datetime) -> CaseStandards:
    """By service: the cases with a standard resolved in the last complete month (or the latest
    month before it with some), and how many of them were resolved within it."""
    wanted = last_complete_month(local_day(moment))
    cases = Case.objects.filter(council=council, due_at__isnull=False, resolved_at__isnull=False)
    _, before = local_day_bounds(wanted, month_end(wanted))
    latest = cases.filter(resolved_at__lt=before).aggregate(latest=Max("resolved_at"))["latest"]
    month = _month_window(wanted, None if latest is None else local_day(latest))
    rows = sla_compliance(council=council, start=month.start, end=month.end)
    return CaseStandards(
        month,
        [ServiceCases(r.service, r.with_standard, r.within) for r in rows if r.with_standard],
    )


@dataclass(frozen=True)
class QueryTypeStandard:
    name: str
    days: int


@dataclass(frozen=True)
class ServiceStandards:
    service: str
    query_types: list[QueryTypeStandard]


def query_type_standards(*, council: Council) -> list[ServiceStandards]:
    """The catalogue's published standards (resolve within N working days), by service."""
    grouped: dict[str, list[QueryTypeStandard]] = {}
    rows = (
        QueryType.objects.filter(
            council=council, active=True, service__active=True, standard_days__gt=0
        )
        .order_by("service__name", "name")
        .values_list("service__name", "name", "standard_days")
    )
    for service, name, days in rows:
        if days:  # always, by the filter; for the type checker
            grouped.setdefault(service, []).append(QueryTypeStandard(name, days))
    return [ServiceStandards(service, items) for service, items in grouped.items()]

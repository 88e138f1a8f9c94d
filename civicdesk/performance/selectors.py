"""Read call records for the metrics, in chunks, without loading model instances."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from civicdesk.catalogue.models import ServiceLine
from civicdesk.core.clock import local_day_bounds
from civicdesk.councils.models import Council
from civicdesk.performance.calls_import import lines_by_label
from civicdesk.performance.metrics import (
    DEFAULT_SERVICE_LEVEL_SECONDS,
    DEFAULT_SHORT_ABANDON_SECONDS,
    Call,
    LineFigures,
    line_metrics,
)
from civicdesk.performance.models import CallRecord
from civicdesk.performance.rollups import CALL_FIELDS, tallies_between, thresholds_by_line

CHUNK = 5000


class UnknownLine(LookupError):
    pass


def calls_in_range(
    *, council: Council, start: date, end: date, line: str | None = None
) -> Iterator[Call]:
    """The council's calls presented from the start of `start` to the end of `end` (local time),
    on one line (matched by name, code or alias) when `line` is given."""
    first, after = local_day_bounds(start, end)
    calls = CallRecord.objects.filter(
        council=council,
        presented_at__gte=first,
        presented_at__lt=after,
    )
    if line is not None:
        calls = calls.filter(line=_line_named(council, line))
    rows = calls.order_by().values_list("line__name", *CALL_FIELDS[1:])  # named, not by id
    for row in rows.iterator(chunk_size=CHUNK):
        yield Call(*row)


def _line_named(council: Council, line: str) -> ServiceLine:
    found = lines_by_label(council).get(line.strip().lower())
    if found is None:
        raise UnknownLine(line)
    return found


def council_line_metrics(
    *,
    council: Council,
    start: date,
    end: date,
    line: str | None = None,
    service_level_seconds: float | None = None,
    short_abandon_seconds: float | None = None,
) -> list[LineFigures]:
    """Per-line figures for start..end. From the rollups, with each line's standard; given
    thresholds instead, from the call records themselves (slower, for a what-if on T). A what-if
    on T alone keeps each line's own short-abandon threshold; 0 is a threshold like any other."""
    if service_level_seconds is not None or short_abandon_seconds is not None:
        own = {}
        if short_abandon_seconds is None:
            names = dict(ServiceLine.objects.filter(council=council).values_list("pk", "name"))
            own = {
                names[pk]: limits.short_abandon_seconds
                for pk, limits in thresholds_by_line(council).items()
                if pk in names
            }
        return line_metrics(
            calls_in_range(council=council, start=start, end=end, line=line),
            service_level_seconds=(
                DEFAULT_SERVICE_LEVEL_SECONDS
                if service_level_seconds is None
                else service_level_seconds
            ),
            short_abandon_seconds=(
                DEFAULT_SHORT_ABANDON_SECONDS
                if short_abandon_seconds is None
                else short_abandon_seconds
            ),
            short_abandon_by_line=own,
        )
    line_ids = [_line_named(council, line).pk] if line is not None else None
    tallies = tallies_between(council=council, start=start, end=end, line_ids=line_ids)
    names = dict(ServiceLine.objects.filter(pk__in=tallies).values_list("pk", "name"))
    figures = [tally.figures(names[line_id]) for line_id, tally in tallies.items()]
    return sorted(figures, key=lambda f: f.line)

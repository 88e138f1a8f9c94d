"""Writing generated calls (civicdesk/demo/calls.py makes them): fast, and safe to repeat.

`calls_generate` replaces the council's generated calls for a year (ids `GEN-<year>-...`) on
the lines it generates: the earlier ones are counted out of the rollups and deleted, the new
ones inserted in large batches and counted in, and the rollups applied, all in one
transaction. Running it twice leaves one copy; the rollups come out as `rollups_rebuild` would
make them (rows left at nought are removed, as a rebuild makes none).

The rows go in by `executemany`, 20,000 at a time. On SQLite the times are written as
Django's SQLite backend writes them (UTC, "YYYY-MM-DD HH:MM:SS"), formatted by NumPy: a few
times faster than adapting each datetime. Other databases get the datetimes through the
backend's own adapter. (On PostgreSQL, multi-row INSERTs measured slower: Django's psycopg
cursors bind parameters on the client.)
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice, repeat
from typing import Any

import numpy as np
from django.db import connection, transaction
from numpy.typing import NDArray

from civicdesk.catalogue.models import ServiceLine
from civicdesk.core.clock import now
from civicdesk.councils.models import Council
from civicdesk.demo.calls import (
    DEFAULT_SEED,
    ID_PREFIX,
    NONE,
    CallFiguresError,
    LineCalls,
    LineInfo,
    LinePlan,
    Target,
    call_figures,
    generate_year,
    line_plans,
)
from civicdesk.performance.metrics import SUMS, Call, LineFigures, Tally
from civicdesk.performance.models import CallRecord
from civicdesk.performance.rollups import (
    CALL_FIELDS,
    CHUNK,
    DayTallies,
    rollups_apply,
    tallies_between,
)

BATCH = 20_000
FIELDS = (
    "council",
    "call_id",
    "line",
    "presented_at",
    "ivr_exit_at",
    "queue_entered_at",
    "queue_exited_at",
    "answered_at",
    "ended_at",
    "outcome",
    "agent",
    "transferred_to",
    "wrap_seconds",
    "contact",
    "imported_at",
)


@dataclass(frozen=True)
class LineResult:
    """A generated line's seed target and the figures its rollups now give for the period."""

    line: str
    target: Target
    achieved: LineFigures


def council_lines(council: Council) -> list[LineInfo]:
    return [
        LineInfo(line.pk, line.code, line.name, tuple(line.aliases or ()), line.weekly_hours)
        for line in ServiceLine.objects.filter(council=council)
    ]


def _labels(plan: LinePlan) -> set[str]:
    line = plan.line
    return {
        text.strip().lower() for text in (line.code, line.name, plan.seed_line.name, *line.aliases)
    }


def _chosen(plans: list[LinePlan], wanted: Collection[str]) -> list[LinePlan]:
    """The plans of the lines asked for, by code, name, alias or the seed's name."""
    chosen: list[LinePlan] = []
    for label in wanted:
        match = [plan for plan in plans if label.strip().lower() in _labels(plan)]
        if not match:
            known = ", ".join(plan.line.code for plan in plans)
            raise CallFiguresError(f"No line {label!r} with call figures (lines: {known}).")
        chosen.extend(plan for plan in match if plan not in chosen)
    return chosen


def generated_calls_exist(*, council: Council, year: int) -> bool:
    return CallRecord.objects.filter(
        council=council, call_id__startswith=f"{ID_PREFIX}{year}-"
    ).exists()


def calls_generate(
    *,
    council: Council,
    year: int,
    seed: int = DEFAULT_SEED,
    lines: Collection[str] | None = None,
) -> list[LineResult]:
    """Generate the year's calls for the council's lines that have seed figures (or `lines`)
    and write them in place of earlier generated ones. Raises CallFiguresError."""
    figures = call_figures()
    start, end = figures.period(year)
    plans = line_plans(council_lines(council), figures, year)
    if not plans:
        raise CallFiguresError(
            f"Council {council.slug!r} has no line named as in seed 001's call figures."
        )
    if lines:
        plans = _chosen(plans, lines)
    generated = generate_year(
        plans, year=year, seed=seed, closed=council.bank_holidays, figures=figures
    )
    line_ids = [plan.line.id for plan in plans]
    days = DayTallies(council)
    with transaction.atomic():
        _take_out(council, year, line_ids, days)
        moment = now()
        for calls in generated:
            _insert(council, calls, moment, days)
        # Days whose calls came out the same (the same seed again) leave their rollups alone.
        days.tallies = {
            key: tally
            for key, tally in days.tallies.items()
            if any(getattr(tally, name) for name in SUMS)
        }
        rollups_apply(council=council, days=days)
    found = tallies_between(council=council, start=start, end=end, line_ids=line_ids)
    return [
        LineResult(
            plan.line.name, plan.target, found.get(plan.line.id, Tally()).figures(plan.line.name)
        )
        for plan in plans
    ]


def _take_out(council: Council, year: int, line_ids: list[int], days: DayTallies) -> None:
    """Count the year's earlier generated calls on these lines out of the rollups; delete them."""
    earlier = CallRecord.objects.filter(
        council=council, line_id__in=line_ids, call_id__startswith=f"{ID_PREFIX}{year}-"
    )
    for row in earlier.order_by().values_list(*CALL_FIELDS).iterator(chunk_size=CHUNK):
        days.add(row[0], Call(str(row[0]), *row[1:]), weight=-1)
    earlier.delete()


def _insert(council: Council, calls: LineCalls, moment: datetime, days: DayTallies) -> None:
    line_id = calls.plan.line.id
    *times, outcomes, agents, transferred_to, wraps = calls.columns()
    for values in zip(outcomes, *times, wraps, strict=True):
        days.add(line_id, Call("", *values))
    stored = [
        _db_times(epochs, moments) for epochs, moments in zip(calls.times(), times, strict=True)
    ]
    rows = zip(
        repeat(council.pk),
        calls.call_ids(),
        repeat(line_id),
        *stored,
        outcomes,
        agents,
        transferred_to,
        wraps,
        repeat(None),
        repeat(connection.ops.adapt_datetimefield_value(moment)),
    )
    meta = CallRecord._meta
    quote = connection.ops.quote_name
    column_of = {field.name: str(field.column) for field in meta.concrete_fields}
    columns = ", ".join(quote(column_of[name]) for name in FIELDS)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608 - names from the model
        f"VALUES ({', '.join(['%s'] * len(FIELDS))})"
    )
    with connection.cursor() as cursor:
        for batch in _batches(rows, BATCH):
            cursor.executemany(sql, batch)


def _db_times(epochs: NDArray[np.int64], moments: list[datetime | None]) -> list[Any]:
    if not moments:
        return []
    if connection.vendor != "sqlite":
        adapt = connection.ops.adapt_datetimefield_value
        return [None if moment is None else adapt(moment) for moment in moments]
    text = np.datetime_as_string(np.maximum(epochs, 0).astype("datetime64[s]"), unit="s")
    text.view(np.uint32).reshape(len(text), -1)[:, 10] = ord(" ")  # "T" between date and time
    return [
        None if epoch == NONE else value
        for epoch, value in zip(epochs.tolist(), text.tolist(), strict=True)
    ]


def _batches(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch

"""A council's forecast fitted to its call history, and the agents it needs: what
`civicdesk forecast` and `civicdesk staffing` start from, so that they forecast the same calls.

`staffing_plan` staffs every line and interval of the forecast with each line's standard
(`LineStandard`: service level target within T, abandonment target) and its average handling
time from the call history, read from the rollups (`tallies_between`), not the call records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from civicdesk.catalogue.models import ServiceLine
from civicdesk.councils.models import Council
from civicdesk.performance.call_reports import last_call_day
from civicdesk.performance.models import LineStandard
from civicdesk.performance.rollups import tallies_between
from civicdesk.planning.erlang import (
    ErlangAGrid,
    ErlangCGrid,
    erlang_a_required_grid,
    erlang_c_required_grid,
)
from civicdesk.planning.erlang_common import FloatArray, IntArray
from civicdesk.planning.forecast import (
    PROFILE_WEEKS,
    TREND_WEEKS,
    Forecast,
    Model,
    fit,
    forecast_by_interval,
)
from civicdesk.planning.history import LineHistory, arrival_history


def interval_starts(minutes: int) -> list[str]:
    """The start of each interval of the day, "00:00", "00:30", …"""
    return [f"{m // 60:02}:{m % 60:02}" for m in range(0, 24 * 60, minutes)]


def council_model(
    *,
    council: Council,
    through: date | None = None,
    interval_minutes: int = 30,
    history_weeks: int = TREND_WEEKS,
    held_back_weeks: int = 0,
) -> tuple[LineHistory, Model]:
    """The council's history up to `through` (default: its last day with calls) and the model
    fitted to its last `history_weeks` weeks. `held_back_weeks` more weeks are read, for a
    backtest to hold back. ValueError when the council has no calls or no active lines."""
    last = through or last_call_day(council)
    if last is None:
        raise ValueError(
            f"No calls for {council.slug} yet: import some with civicdesk import_calls."
        )
    data = arrival_history(
        council=council,
        through=last,
        weeks=history_weeks + held_back_weeks,
        profile_weeks=PROFILE_WEEKS + held_back_weeks,
        interval_minutes=interval_minutes,
    )
    model = fit(
        data.history, holidays=data.holidays, opening=data.opening, trend_weeks=history_weeks
    )
    return data, model


@dataclass(frozen=True)
class StaffingPlan:
    """Required agents for each line (in `data.lines` order), day and interval of a forecast."""

    data: LineHistory
    forecast: Forecast
    aht: FloatArray  # (lines,): NaN for a line with neither handled calls nor calls forecast
    level: FloatArray  # (lines,): service level target
    seconds: FloatArray  # (lines,): its T
    max_abandon: tuple[float | None, ...]  # None with Erlang C, or no target
    agents: IntArray  # (lines, days, intervals), and the same for the figures below
    positions: IntArray
    service_level: FloatArray
    p_abandon: FloatArray | None  # Erlang A only
    occupancy: FloatArray


def aht_by_line(council: Council, data: LineHistory) -> FloatArray:
    """Each line's AHT (handling seconds over handled calls, from the rollups) over the weeks
    that shape the day, else over all the history read; NaN for a line with no handled call."""
    history = data.history
    aht = np.full(len(data.lines), np.nan)
    for start in (history.intraday_start, history.start):
        missing = {line.pk: i for i, line in enumerate(data.lines) if np.isnan(aht[i])}
        if not missing:
            break
        tallies = tallies_between(council=council, start=start, end=history.end, line_ids=missing)
        for line_id, tally in tallies.items():
            if tally.handled:
                aht[missing[line_id]] = tally.handling_seconds / tally.handled
    return aht


def _targets(
    lines: tuple[ServiceLine, ...],
    *,
    council: Council,
    erlang_a: bool,
    target_level: float | None,
    target_seconds: float | None,
    max_abandon: float | None,
) -> tuple[list[float], list[float], list[float | None]]:
    """Each line's targets: the given ones, else its standard's, else the standard's defaults."""
    standards = {s.line_id: s for s in LineStandard.objects.filter(council=council)}
    levels: list[float] = []
    seconds: list[float] = []
    abandons: list[float | None] = []
    for line in lines:
        standard = standards.get(line.pk) or LineStandard(line=line)  # unsaved: the defaults
        own_level, own_seconds = standard.service_level_target, standard.answer_within_seconds
        levels.append(float(own_level) if target_level is None else target_level)
        seconds.append(float(own_seconds) if target_seconds is None else target_seconds)
        own_abandon = standard.abandon_rate_target
        own = None if own_abandon is None else float(own_abandon)
        abandon = own if max_abandon is None else max_abandon
        abandons.append(abandon if erlang_a else None)  # Erlang C: no one hangs up
    return levels, seconds, abandons


def staffing_plan(
    *,
    council: Council,
    weeks: int,
    interval_minutes: int = 30,
    through: date | None = None,
    patience_seconds: float | None = None,
    target_level: float | None = None,
    target_seconds: float | None = None,
    max_abandon: float | None = None,
    max_occupancy: float | None = None,
    shrinkage: float = 0.0,
    aht_seconds: float | None = None,
) -> StaffingPlan:
    """Forecast the council's calls `weeks` ahead and the fewest agents per line and interval.

    Erlang C, or Erlang A with `patience_seconds`. Each line's targets are its standard's
    (service level 0.8 within 20 s without one) unless given here; its AHT is from the history
    unless `aht_seconds` is given. The required agents are one vectorised call per distinct pair
    of service level and abandonment targets (one call when the lines share their standard).
    ValueError for no calls, a line with calls forecast but no AHT, or a target out of range.
    """
    data, model = council_model(council=council, through=through, interval_minutes=interval_minutes)
    forecast = forecast_by_interval(model, weeks=weeks, holidays=data.holidays)
    calls = forecast.calls
    aht = np.full(len(data.lines), aht_seconds) if aht_seconds else aht_by_line(council, data)
    for line, line_aht, line_calls in zip(data.lines, aht, calls, strict=True):
        if np.isnan(line_aht) and line_calls.any():
            raise ValueError(
                f"Line {line.code} has no answered calls with a handling time in the history: "
                "give an AHT."
            )
    levels, seconds, abandons = _targets(
        data.lines,
        council=council,
        erlang_a=patience_seconds is not None,
        target_level=target_level,
        target_seconds=target_seconds,
        max_abandon=max_abandon,
    )
    shape = calls.shape
    agents, positions = np.zeros(shape, dtype=np.int64), np.zeros(shape, dtype=np.int64)
    service_level, occupancy = np.ones(shape), np.zeros(shape)
    p_abandon = None if patience_seconds is None else np.zeros(shape)
    groups: dict[tuple[float, float | None], list[int]] = {}
    for index, key in enumerate(zip(levels, abandons, strict=True)):
        groups.setdefault(key, []).append(index)
    for (level, abandon), rows in groups.items():
        common: dict[str, Any] = {
            "calls": calls[rows],
            "interval_seconds": interval_minutes * 60,
            "aht_seconds": np.nan_to_num(aht[rows], nan=1.0)[:, None, None],  # no calls: any
            "target_service_level": level,
            "target_seconds": np.array(seconds)[rows][:, None, None],
            "max_occupancy": max_occupancy,
            "shrinkage": shrinkage,
        }
        try:
            if patience_seconds is None:
                grid: ErlangCGrid | ErlangAGrid = erlang_c_required_grid(**common)
            else:
                grid = erlang_a_required_grid(
                    **common, patience_seconds=patience_seconds, max_abandonment=abandon
                )
        except ValueError as problem:  # a line standard's target out of range
            codes = ", ".join(data.lines[row].code for row in rows)
            raise ValueError(f"{problem} (line {codes})") from problem
        if p_abandon is not None and isinstance(grid, ErlangAGrid):
            p_abandon[rows] = grid.p_abandon
        agents[rows], positions[rows] = grid.agents, grid.positions
        service_level[rows], occupancy[rows] = grid.service_level, grid.occupancy
    return StaffingPlan(
        data=data,
        forecast=forecast,
        aht=aht,
        level=np.array(levels),
        seconds=np.array(seconds),
        max_abandon=tuple(abandons),
        agents=agents,
        positions=positions,
        service_level=service_level,
        p_abandon=p_abandon,
        occupancy=occupancy,
    )

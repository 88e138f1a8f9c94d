"""A scenario against its baseline, worked out exactly with Erlang A per interval. Pure NumPy.

`Baseline` (`scenario_baseline`) holds what the database gave (`scenario_data` reads it).

`compare` applies the changes (`scenarios`), in this order:

1. online shifts: each query type's moved calls come off its line in every interval, in
   proportion (moved = line's calls x query type's share x share x (1 - assisted share));
2. hours changes: calls in the intervals the new hours close move to the same day's open
   intervals in proportion to their calls (evenly when those have none), or are dropped; calls
   with no open interval left that day are lost either way (`refused`);
3. handling time changes;
4. staffing. The baseline's agents are given, or the fewest that meet each line's standard,
   or those that give the abandonment recorded (`scenario_staffing`). The scenario keeps them
   (`keep`: none while the line is closed) or is staffed afresh to the standard (`required`);
   then the staffing changes apply, to the intervals the line is open.

Each interval is then evaluated with Erlang A (`erlang_a_grid`) and summed over the period:
calls presented, answered (calls x (1 - P(abandon))), abandoned, average time to answer of
answered calls, service level (answered within T over calls presented, as Erlang A counts it:
every abandon, short or not), mean wait of all calls, staff hours (agents x interval length) and
cost (calls presented x the cost of a phone call, plus calls moved online x the cost of an
online contact). A line's figures are sums over its intervals; the total sums the lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from civicdesk.core.hours import WEEKDAYS, WeeklyHours
from civicdesk.planning.erlang_a import erlang_a_grid
from civicdesk.planning.forecast import opening_mask, slots_per_day
from civicdesk.planning.scenario_baseline import (
    Baseline,
    BoolArray,
    FloatArray,
    Grids,
    IntArray,
    Outcome,
    Sums,
    same_figures,
)
from civicdesk.planning.scenario_staffing import matched_agents, required_agents
from civicdesk.planning.scenarios import (
    ALL_LINES,
    AhtChange,
    Change,
    HoursChange,
    OnlineShift,
    ScenarioStaffing,
    StaffingChange,
)

DAYS_A_YEAR = 365


@dataclass(frozen=True, eq=False)
class Comparison:
    baseline: Baseline
    before: Outcome
    after: Outcome
    before_grids: Grids
    after_grids: Grids
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def annual_saving_pence(self) -> float:
        """The period's saving in cost per contact, scaled to 365 days (no seasons)."""
        saving = self.before.total.cost_pence - self.after.total.cost_pence
        return saving * DAYS_A_YEAR / self.baseline.days

    def changed_lines(self) -> list[int]:
        """Indexes of the lines whose figures differ before and after."""
        return [
            index
            for index, (a, b) in enumerate(zip(self.before.lines, self.after.lines, strict=True))
            if not same_figures(a, b)
        ]


# Changes -------------------------------------------------------------------------------------


def _line_index(baseline: Baseline) -> dict[str, int]:
    return {line.code: index for index, line in enumerate(baseline.lines)}


def _moved_fraction(baseline: Baseline, changes: Sequence[Change]) -> FloatArray:
    fraction = np.zeros(len(baseline.lines))
    for change in changes:
        if isinstance(change, OnlineShift):
            query_type = baseline.query_types[change.query_type]
            share = query_type.share if change.query_type_share is None else change.query_type_share
            fraction[query_type.line] += share * change.share * (1 - change.assisted_share)
    return np.minimum(fraction, 1.0)


def _new_mask(baseline: Baseline, line: int, change: HoursChange) -> BoolArray:
    slots = baseline.calls.shape[2]
    old = baseline.lines[line].opening
    mask = np.ones((7, slots), dtype=np.bool_) if old is None else np.array(old, dtype=np.bool_)
    hours = WeeklyHours.parse({WEEKDAYS[day]: text for day, text in change.hours.items()})
    changed = opening_mask(hours, baseline.interval_minutes)
    for day in change.hours:
        mask[day] = changed[day]
    return mask


def _reopen(calls: FloatArray, open_: BoolArray, *, move: bool) -> tuple[FloatArray, FloatArray]:
    """One line's calls (days, intervals) with those in closed intervals moved into the day's
    open ones, in proportion (evenly if those have none), or dropped; and the calls lost."""
    outside = np.where(open_, 0.0, calls).sum(axis=1)
    kept = np.where(open_, calls, 0.0)
    if not move:
        return kept, outside
    weights = kept.sum(axis=1, keepdims=True)
    opened = open_.sum(axis=1, keepdims=True)
    by_calls = np.divide(kept, weights, out=np.zeros_like(kept), where=weights > 0)
    evenly = np.divide(open_.astype(np.float64), opened, out=np.zeros_like(kept), where=opened > 0)
    spread = np.where(weights > 0, by_calls, evenly)
    lost = np.where(opened[:, 0] > 0, 0.0, outside)
    return kept + spread * outside[:, None], lost


def _selected(baseline: Baseline, change: StaffingChange) -> BoolArray:
    """(days, intervals): the intervals a staffing change covers."""
    minutes = np.arange(baseline.calls.shape[2]) * baseline.interval_minutes
    low = 0 if change.starts is None else change.starts.hour * 60 + change.starts.minute
    if change.ends is None or change.ends == datetime.max.time():
        high = 24 * 60
    else:
        high = change.ends.hour * 60 + change.ends.minute
    times = (minutes >= low) & (minutes < high)
    days = np.isin(baseline.weekdays(), change.days)
    return np.asarray(days[:, None] & times[None, :], dtype=np.bool_)


def _staffed(agents: IntArray, change: StaffingChange, where: BoolArray) -> IntArray:
    if change.add is not None:
        new = agents + change.add
    elif change.agents is not None:
        new = np.full_like(agents, change.agents)
    else:
        new = np.rint(agents * (change.scale or 0.0)).astype(np.int64)
    return np.where(where, np.maximum(new, 0), agents)


def baseline_grids(baseline: Baseline) -> Grids:
    aht = np.array([line.aht_seconds for line in baseline.lines])
    agents = baseline.agents
    if agents is None and baseline.staffing == "recorded":
        agents = matched_agents(baseline, baseline.calls, aht)
    elif agents is None:
        agents = required_agents(baseline, baseline.calls, aht)
    zeros = np.zeros_like(baseline.calls)
    return Grids(
        calls=baseline.calls,
        moved=zeros,
        refused=zeros.copy(),
        agents=np.asarray(agents, dtype=np.int64),
        open=baseline.open_grid([line.opening for line in baseline.lines]),
        aht_seconds=aht,
    )


def scenario_grids(
    baseline: Baseline, before: Grids, changes: Sequence[Change], staffing: ScenarioStaffing
) -> Grids:
    index = _line_index(baseline)
    fraction = _moved_fraction(baseline, changes)[:, None, None]
    moved = baseline.calls * fraction
    calls = baseline.calls - moved
    refused = np.zeros_like(calls)
    masks = [line.opening for line in baseline.lines]
    for change in changes:
        if isinstance(change, HoursChange):
            line = index[change.line]
            masks[line] = _new_mask(baseline, line, change)
    open_ = baseline.open_grid(masks)
    for change in changes:
        if isinstance(change, HoursChange):
            line = index[change.line]
            calls[line], refused[line, :, 0] = _reopen(
                calls[line], open_[line], move=change.closed_calls == "move"
            )
    aht = before.aht_seconds.copy()
    for change in changes:
        if isinstance(change, AhtChange):
            rows = list(index.values()) if change.line == ALL_LINES else [index[change.line]]
            if change.seconds is not None:
                aht[rows] = change.seconds
            else:
                aht[rows] = aht[rows] * (change.scale or 1.0)
    if staffing == "required":
        agents = required_agents(baseline, calls, aht)
    else:
        agents = before.agents.copy()
        for change in changes:
            if isinstance(change, HoursChange):  # nobody on the phones once the line closes
                line = index[change.line]
                agents[line] = np.where(open_[line], agents[line], 0)
    for change in changes:
        if isinstance(change, StaffingChange):
            line = index[change.line]
            where = _selected(baseline, change) & open_[line]
            agents[line] = _staffed(agents[line], change, where)
    return Grids(calls, moved, refused, agents, open_, aht)


# Evaluation ----------------------------------------------------------------------------------


def line_sums(baseline: Baseline, grids: Grids) -> list[Sums]:
    """Each line's sums over the period, by Erlang A in every interval."""
    lines = baseline.lines
    shape = (len(lines), 1, 1)
    result = erlang_a_grid(
        calls=grids.calls,
        interval_seconds=baseline.interval_seconds,
        aht_seconds=grids.aht_seconds.reshape(shape),
        patience_seconds=np.array([x.patience_seconds for x in lines]).reshape(shape),
        agents=grids.agents,
        target_seconds=np.array([x.answer_within_seconds for x in lines]).reshape(shape),
    )
    calls = grids.calls
    answered = calls * (1 - result.p_abandon)
    answer = np.where(answered > 0, answered * np.nan_to_num(result.ata_seconds), 0.0)

    def per_line(values: npt.NDArray[np.floating[Any]]) -> list[float]:
        return [float(v) for v in values.sum(axis=(1, 2))]

    columns = {
        "calls": per_line(calls),
        "answered": per_line(answered),
        "abandoned": per_line(calls * result.p_abandon),
        "answer_seconds": per_line(answer),
        "within_target": per_line(calls * result.service_level),
        "wait_seconds": per_line(calls * result.mean_wait_seconds),
        "agent_seconds": per_line(grids.agents * baseline.interval_seconds),
        "busy_seconds": per_line(answered * grids.aht_seconds.reshape(shape)),
        "moved_online": per_line(grids.moved),
        "refused": per_line(grids.refused),
    }
    sums = [Sums(**{key: values[i] for key, values in columns.items()}) for i in range(len(lines))]
    for one in sums:
        one.cost_pence = one.calls * baseline.phone_pence + one.moved_online * baseline.online_pence
    return sums


def outcome(baseline: Baseline, sums: Sequence[Sums]) -> Outcome:
    total = Sums()
    for one in sums:
        total.add(one)
    figures = tuple(
        one.figures(line.code, line.name) for line, one in zip(baseline.lines, sums, strict=True)
    )
    return Outcome(figures, total.figures(ALL_LINES, "All lines"))


def compare(
    baseline: Baseline,
    changes: Sequence[Change],
    *,
    staffing: ScenarioStaffing = "keep",
    notes: Sequence[str] = (),
) -> Comparison:
    """The baseline and the scenario, each evaluated exactly with Erlang A per interval."""
    slots_per_day(baseline.interval_minutes)  # checks the interval
    before = baseline_grids(baseline)
    after = scenario_grids(baseline, before, changes, staffing)
    return Comparison(
        baseline=baseline,
        before=outcome(baseline, line_sums(baseline, before)),
        after=outcome(baseline, line_sums(baseline, after)),
        before_grids=before,
        after_grids=after,
        notes=tuple(notes),
    )

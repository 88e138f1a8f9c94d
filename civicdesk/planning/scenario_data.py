"""What a scenario needs from the database, read for one council (`scenario_run` runs it).

- **Calls per line per interval** of the period: the recorded calls (`scenario_counts`: counted
  per line and interval, UK time, by the database) or the forecast of the weeks after the last day
  with calls (`forecast.fit` and `forecast_by_interval`). A period with no recorded calls is an
  error. Lines with no calls and no change are left out (and the notes say which).
- **Handling time** per line: the mean handling time of the period's answered calls (for a
  forecast, of the last 8 weeks), from the rollups; `DEFAULT_AHT_SECONDS` without any.
- **Patience** (how long residents wait before hanging up, exponential): fitted from the same
  rollups as the time all calls spent waiting over the calls that gave up in the queue (the
  maximum-likelihood estimate, and the Erlang A identity P(abandon) = mean wait / patience);
  `DEFAULT_PATIENCE_SECONDS` with fewer than `MIN_ABANDONS` abandons to fit it to.
- **Standards**: each line's `LineStandard` (answer within T, service level target, largest
  abandonment rate); 80% within 20 seconds for a line without one.
- **A query type's share of its line's calls**: from recorded phone contacts, else an even
  split (`scenario_catalogue`, which also checks the scenario's lines and query types).
- **Costs**: the council's cost of one phone call and of one online contact (a web form),
  `performance.costs.costs_for`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np

from civicdesk.contacts.vocabulary import ContactChannel
from civicdesk.councils.models import Council
from civicdesk.performance.call_reports import last_call_day
from civicdesk.performance.costs import costs_for
from civicdesk.performance.metrics import Tally
from civicdesk.performance.models import LineStandard
from civicdesk.performance.rollups import tallies_between
from civicdesk.planning.forecast import PROFILE_WEEKS, fit, forecast_by_interval
from civicdesk.planning.history import LineHistory, arrival_history
from civicdesk.planning.scenario_baseline import Baseline, IntArray, LineInputs, QueryTypeShare
from civicdesk.planning.scenario_catalogue import (
    active_lines,
    check_references,
    policy_notes,
    query_type_share,
)
from civicdesk.planning.scenario_counts import recorded_history
from civicdesk.planning.scenario_model import Comparison, compare
from civicdesk.planning.scenario_staffing import required_agents
from civicdesk.planning.scenarios import (
    DEFAULT_PERIOD_DAYS,
    AgentBlock,
    OnlineShift,
    Scenario,
    ScenarioError,
    check_dates,
)

DEFAULT_AHT_SECONDS = 300.0
DEFAULT_PATIENCE_SECONDS = 180.0
MIN_ABANDONS = 20
ONLINE_CHANNEL = ContactChannel.WEB_FORM


@dataclass(frozen=True)
class Prepared:
    """The scenario with its baseline, read from the database, and what was assumed."""

    scenario: Scenario
    baseline: Baseline
    source: str  # "recorded" or "forecast"
    figures_from: date  # the days the handling times and patience were measured on
    figures_to: date
    notes: tuple[str, ...]


def _period(council: Council, scenario: Scenario) -> tuple[date, date, date | None]:
    """The recorded period's first and last day, and the last day with calls."""
    last = last_call_day(council)
    period = scenario.period
    start, end = period.start, period.end
    span = timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    if end is None:
        end = start + span if start is not None else last
    if end is None:
        raise ScenarioError("period", f"no calls recorded for {council.slug} yet")
    start = start or end - span
    check_dates(start, end)
    return start, end, last


def _fitted(tally: Tally | None) -> tuple[float | None, float | None, float | None]:
    """Handling time, patience and abandonment rate from a line's recorded calls."""
    if tally is None or not tally.presented:
        return None, None, None
    aht = tally.figures("").aht_seconds
    abandons = tally.abandoned_queue + tally.short_abandons
    patience = tally.wait_seconds / abandons if abandons >= MIN_ABANDONS else None
    rate = abandons / tally.presented if abandons else None
    return aht, patience if patience and patience > 0 else None, rate


def _standard(standard: LineStandard) -> tuple[float, float, float | None]:
    level = min(max(float(standard.service_level_target), 0.001), 0.999)
    limit = standard.abandon_rate_target
    return (
        float(standard.answer_within_seconds),
        level,
        None if limit is None else min(max(float(limit), 0.001), 1.0),
    )


DEFAULT_WORDS = {
    "aht": f"no answered calls to measure, so {DEFAULT_AHT_SECONDS:.0f} s of handling time",
    "patience": f"fewer than {MIN_ABANDONS} calls abandoned in the queue to fit residents' "
    f"patience to, so a mean patience of {DEFAULT_PATIENCE_SECONDS:.0f} s",
    "standard": "no published standard, so 80% of calls answered within 20 seconds",
    "abandonment": "no calls abandoned in the queue to match, so staffed to meet the standard",
}


def _line_inputs(
    council: Council, data: LineHistory, tallies: Mapping[int, Tally]
) -> tuple[list[LineInputs], list[set[str]]]:
    """Each line's inputs, and which of them are defaults."""
    standards = {s.line_id: s for s in LineStandard.objects.filter(council=council)}
    inputs, defaults = [], []
    for line, opening in zip(data.lines, data.opening, strict=True):
        aht, patience, rate = _fitted(tallies.get(line.pk))
        target, level, abandonment = _standard(
            standards.get(line.pk) or LineStandard()
        )  # unsaved: the defaults
        missing = {"aht": aht is None, "patience": patience is None, "abandonment": rate is None}
        missing["standard"] = line.pk not in standards
        defaults.append({kind for kind, absent in missing.items() if absent})
        inputs.append(
            LineInputs(
                code=line.code,
                name=line.name,
                aht_seconds=aht or DEFAULT_AHT_SECONDS,
                patience_seconds=patience or DEFAULT_PATIENCE_SECONDS,
                answer_within_seconds=target,
                service_level_target=level,
                max_abandonment=abandonment,
                opening=opening,
                recorded_abandonment=rate,
            )
        )
    return inputs, defaults


def _default_notes(
    lines: Sequence[LineInputs], defaults: Sequence[set[str]], staffing: str
) -> list[str]:
    kinds = [kind for kind in DEFAULT_WORDS if kind != "abandonment" or staffing == "recorded"]
    notes = []
    for kind in kinds:
        names = [line.name for line, used in zip(lines, defaults, strict=True) if kind in used]
        if names:
            notes.append(f"{', '.join(names)}: {DEFAULT_WORDS[kind]}.")
    return notes


def _history(
    council: Council, scenario: Scenario
) -> tuple[LineHistory, np.ndarray, date, date, date]:
    """The lines, their calls (lines, days, intervals), the period and the figures' first day."""
    minutes = scenario.interval_minutes
    weeks = scenario.period.forecast_weeks
    try:
        if weeks is not None:
            last = last_call_day(council)
            if last is None:
                raise ScenarioError("period", f"no calls recorded for {council.slug} yet")
            data = arrival_history(council=council, through=last, interval_minutes=minutes)
            model = fit(data.history, holidays=data.holidays, opening=data.opening)
            forecast = forecast_by_interval(model, weeks=weeks, holidays=data.holidays)
            start = forecast.start
            end = start + timedelta(days=weeks * 7 - 1)
            return data, forecast.calls, start, end, last - timedelta(days=PROFILE_WEEKS * 7 - 1)
        start, end, last = _period(council, scenario)
        days = (end - start).days + 1
        data = recorded_history(
            council=council, through=end, weeks=math.ceil(days / 7), interval_minutes=minutes
        )
    except ValueError as error:
        if isinstance(error, ScenarioError):
            raise
        raise ScenarioError("council", str(error)) from None
    offset = (start - data.history.intraday_start).days
    calls = data.history.intraday[:, offset:]
    if not calls.any():
        after = f"; the last day with calls is {last}" if last else ""
        raise ScenarioError("period", f"no calls were recorded from {start} to {end}{after}")
    return data, calls, start, end, start


def _given_agents(baseline: Baseline, blocks: Mapping[str, Sequence[AgentBlock]]) -> IntArray:
    calls = baseline.calls
    aht = np.array([line.aht_seconds for line in baseline.lines])
    agents = required_agents(baseline, calls, aht)
    open_ = baseline.open_grid([line.opening for line in baseline.lines])
    minutes = np.arange(calls.shape[2]) * baseline.interval_minutes
    index = {line.code: i for i, line in enumerate(baseline.lines)}
    for code, spans in blocks.items():
        if code not in index:
            continue
        row = np.zeros(calls.shape[1:], dtype=np.int64)
        for block in spans:
            low = block.starts.hour * 60 + block.starts.minute
            high = (
                24 * 60
                if block.ends.hour == 23 and block.ends.minute == 59
                else (block.ends.hour * 60 + block.ends.minute)
            )
            row[:, (minutes >= low) & (minutes < high)] = block.agents
        agents[index[code]] = np.where(open_[index[code]], row, 0)
    return agents


def scenario_prepare(*, council: Council, scenario: Scenario) -> Prepared:
    """Read the scenario's baseline from the database. Raises ScenarioError naming the field."""
    lines = active_lines(council)
    query_types = check_references(council, scenario, lines)
    data, calls, start, end, figures_from = _history(council, scenario)
    figures_to = end if scenario.period.forecast_weeks is None else start - timedelta(days=1)
    tallies = tallies_between(
        council=council, start=figures_from, end=figures_to, line_ids=[x.pk for x in data.lines]
    )
    inputs, defaults = _line_inputs(council, data, tallies)
    changed = {getattr(change, "line", "") for change in scenario.changes}
    changed |= {qt.line.code for qt in query_types.values() if qt.line is not None}
    changed |= set(scenario.staffing.agents)
    keep = [i for i, line in enumerate(inputs) if calls[i].any() or line.code in changed]
    left_out = [inputs[i].name for i in range(len(inputs)) if i not in keep]
    notes = _default_notes(
        [inputs[i] for i in keep], [defaults[i] for i in keep], scenario.staffing.baseline
    )
    if left_out:
        notes.append(f"Lines with no calls in the period, left out: {', '.join(left_out)}.")
    index = {inputs[i].code: position for position, i in enumerate(keep)}
    shares = {}
    for change in scenario.changes:
        if isinstance(change, OnlineShift):
            query_type = query_types[change.query_type]
            assert query_type.line is not None  # noqa: S101 - checked in check_references
            if change.query_type_share is None:
                share = query_type_share(council, query_type, start, end, notes)
            else:
                share = change.query_type_share
                notes.append(f"{query_type} is taken to be {share:.1%} of its line's calls.")
            policy_notes(query_type, change, notes)
            shares[change.query_type] = QueryTypeShare(
                change.query_type, str(query_type), index[query_type.line.code], share
            )
    costs = costs_for(council)
    baseline = Baseline(
        lines=tuple(inputs[i] for i in keep),
        start=start,
        interval_minutes=scenario.interval_minutes,
        calls=np.asarray(calls[keep], dtype=np.float64),
        query_types=shares,
        phone_pence=float(costs[ContactChannel.PHONE]),
        online_pence=float(costs[ONLINE_CHANNEL]),
        staffing="recorded" if scenario.staffing.baseline == "recorded" else "required",
    )
    if scenario.staffing.baseline == "given":
        baseline = replace(baseline, agents=_given_agents(baseline, scenario.staffing.agents))
        unnamed = [x.name for x in baseline.lines if x.code not in scenario.staffing.agents]
        if unnamed:
            notes.append(f"No agents given for {', '.join(unnamed)}: staffed to meet the standard.")
    source = "forecast" if scenario.period.forecast_weeks else "recorded"
    return Prepared(scenario, baseline, source, figures_from, figures_to, tuple(notes))


def scenario_run(*, council: Council, scenario: Scenario) -> tuple[Prepared, Comparison]:
    """The scenario and its baseline, each evaluated exactly with Erlang A per interval."""
    prepared = scenario_prepare(council=council, scenario=scenario)
    comparison = compare(
        prepared.baseline,
        scenario.changes,
        staffing=scenario.staffing.scenario,
        notes=prepared.notes,
    )
    return prepared, comparison

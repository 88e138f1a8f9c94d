"""A scenario's comparison as JSON (`civicdesk simulate --json`) and as words. Pure.

docs/scenarios.md lists every key. Calls and hours are rounded to one decimal place (Erlang A
gives expected values, not whole calls), shares to four, costs to whole pence.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time

from civicdesk.core.hours import WEEKDAYS
from civicdesk.planning.scenario_baseline import Figures, Outcome
from civicdesk.planning.scenario_data import Prepared
from civicdesk.planning.scenario_model import Comparison
from civicdesk.planning.scenarios import (
    AhtChange,
    Change,
    HoursChange,
    OnlineShift,
    StaffingChange,
)

ROUND_SHARE = 4
ROUND_COUNT = 1


def _r(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)


def figures_json(figures: Figures) -> dict[str, object]:
    return {
        "line": figures.line,
        "name": figures.name,
        "calls": _r(figures.calls, ROUND_COUNT),
        "answered": _r(figures.answered, ROUND_COUNT),
        "abandoned": _r(figures.abandoned, ROUND_COUNT),
        "abandonment_rate": _r(figures.abandonment, ROUND_SHARE),
        "ata_seconds": _r(figures.ata_seconds, 1),
        "mean_wait_seconds": _r(figures.mean_wait_seconds, 1),
        "service_level": _r(figures.service_level, ROUND_SHARE),
        "staff_hours": _r(figures.staff_hours, ROUND_COUNT),
        "occupancy": _r(figures.occupancy, ROUND_SHARE),
        "moved_online": _r(figures.moved_online, ROUND_COUNT),
        "refused": _r(figures.refused, ROUND_COUNT),
        "cost_pence": round(figures.cost_pence),
    }


def outcome_json(result: Outcome) -> dict[str, object]:
    return {
        "lines": [figures_json(line) for line in result.lines],
        "total": figures_json(result.total),
    }


def _clock(moment: time | None) -> str | None:
    if moment is None:
        return None
    return "24:00" if moment == time.max else f"{moment:%H:%M}"


def change_json(change: Change) -> dict[str, object]:
    if isinstance(change, OnlineShift):
        return {
            "type": "online",
            "query_type": change.query_type,
            "share": change.share,
            "assisted_share": change.assisted_share,
            "query_type_share": change.query_type_share,
        }
    if isinstance(change, HoursChange):
        return {
            "type": "hours",
            "line": change.line,
            "hours": {WEEKDAYS[day]: text for day, text in sorted(change.hours.items())},
            "closed_calls": change.closed_calls,
        }
    if isinstance(change, StaffingChange):
        return {
            "type": "staffing",
            "line": change.line,
            "add": change.add,
            "agents": change.agents,
            "scale": change.scale,
            "days": [WEEKDAYS[day] for day in change.days],
            "from": _clock(change.starts),
            "to": _clock(change.ends),
        }
    return {"type": "aht", "line": change.line, "seconds": change.seconds, "scale": change.scale}


def describe(change: Change, names: Mapping[str, str] | None = None) -> str:
    """One line of words for a change, as the page and the text output show it; `names` gives
    the names of the lines and query types, by code."""
    names = names or {}
    if isinstance(change, OnlineShift):
        return (
            f"Move {change.share:.0%} of {names.get(change.query_type, change.query_type)} online "
            f"({change.assisted_share:.0%} need assisted digital help and still call)"
        )
    if isinstance(change, HoursChange):
        days = ", ".join(
            f"{WEEKDAYS[day].capitalize()} {text or 'closed'}"
            for day, text in sorted(change.hours.items())
        )
        fate = "ring again the same day" if change.closed_calls == "move" else "are lost"
        return f"Open {names.get(change.line, change.line)} {days} (calls when closed {fate})"
    if isinstance(change, StaffingChange):
        if change.add is not None:
            what = f"{change.add:+d} agents"
        elif change.agents is not None:
            what = f"{change.agents} agents"
        else:
            what = f"agents x {change.scale:g}"
        days = ", ".join(WEEKDAYS[day].capitalize() for day in change.days)
        hours = f" from {_clock(change.starts) or '00:00'} to {_clock(change.ends) or '24:00'}"
        return f"Staff {names.get(change.line, change.line)}: {what} on {days}{hours}"
    assert isinstance(change, AhtChange)  # noqa: S101 - the last kind
    what = f"{change.seconds:g} s" if change.seconds is not None else f"x {change.scale:g}"
    return f"Handling time of {names.get(change.line, change.line)}: {what}"


def names_of(comparison: Comparison) -> dict[str, str]:
    """The names of the comparison's lines and query types, by code."""
    names = {line.code: line.name for line in comparison.baseline.lines}
    names.update({code: share.name for code, share in comparison.baseline.query_types.items()})
    names["all"] = "every line"
    return names


def comparison_json(
    prepared: Prepared,
    comparison: Comparison,
    simulated: tuple[Outcome, Outcome] | None = None,
    seed: int | None = None,
) -> dict[str, object]:
    scenario, baseline = prepared.scenario, comparison.baseline
    before, after = comparison.before.total, comparison.after.total

    def change(name: str, places: int) -> float | None:
        a, b = getattr(before, name), getattr(after, name)
        return None if a is None or b is None else round(b - a, places)

    return {
        "scenario": {
            "name": scenario.name,
            "council": scenario.council,
            "from": baseline.start.isoformat(),
            "to": baseline.end.isoformat(),
            "days": baseline.days,
            "arrivals": prepared.source,
            "interval_minutes": baseline.interval_minutes,
            "baseline_staffing": scenario.staffing.baseline,
            "scenario_staffing": scenario.staffing.scenario,
            "method": "erlang_a",
            "figures_from": prepared.figures_from.isoformat(),
            "figures_to": prepared.figures_to.isoformat(),
        },
        "changes": [
            {**change_json(c), "description": describe(c, names_of(comparison))}
            for c in scenario.changes
        ],
        "lines": [
            {
                "line": line.code,
                "name": line.name,
                "aht_seconds": round(line.aht_seconds, 1),
                "patience_seconds": round(line.patience_seconds, 1),
                "answer_within_seconds": line.answer_within_seconds,
                "service_level_target": line.service_level_target,
                "max_abandonment": line.max_abandonment,
            }
            for line in baseline.lines
        ],
        "query_types": {
            code: {
                "name": share.name,
                "line": baseline.lines[share.line].code,
                "share": round(share.share, ROUND_SHARE),
            }
            for code, share in baseline.query_types.items()
        },
        "costs": {"phone_pence": baseline.phone_pence, "online_pence": baseline.online_pence},
        "before": outcome_json(comparison.before),
        "after": outcome_json(comparison.after),
        "change": {
            "calls": change("calls", ROUND_COUNT),
            "moved_online": change("moved_online", ROUND_COUNT),
            "abandonment_rate": change("abandonment", ROUND_SHARE),
            "ata_seconds": change("ata_seconds", 1),
            "service_level": change("service_level", ROUND_SHARE),
            "staff_hours": change("staff_hours", ROUND_COUNT),
            "cost_pence": round(after.cost_pence - before.cost_pence),
        },
        "annual_saving_pence": round(comparison.annual_saving_pence),
        "simulation": None
        if simulated is None
        else {
            "seed": seed,
            "before": outcome_json(simulated[0]),
            "after": outcome_json(simulated[1]),
        },
        "notes": list(comparison.notes),
    }

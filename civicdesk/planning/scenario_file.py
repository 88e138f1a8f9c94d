"""Reading a scenario file (YAML; docs/scenarios.md) into a `scenarios.Scenario`. Pure.

`scenario_from_yaml` reads the text of a file; `scenario_from_mapping` checks the same fields
given as a dictionary. Unknown fields are errors, so that a misspelt one is not silently left
out. Every problem is a `ScenarioError` naming the field (``changes[0].share``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date, time
from typing import Any, cast

import yaml

from civicdesk.core.hours import WEEKDAYS, HoursError, parse_day
from civicdesk.planning.forecast import INTERVAL_MINUTES, MAX_WEEKS_BY_INTERVAL
from civicdesk.planning.scenarios import (
    AgentBlock,
    AhtChange,
    BaselineStaffing,
    Change,
    ClosedCalls,
    HoursChange,
    OnlineShift,
    Period,
    Scenario,
    ScenarioError,
    ScenarioStaffing,
    Staffing,
    StaffingChange,
    check_changes,
    check_dates,
    parse_time,
)

# Reading values -------------------------------------------------------------------------------


def _keys(where: str, data: Mapping[str, Any], allowed: set[str]) -> None:
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        raise ScenarioError(
            where, f"unknown field {unknown[0]!r} (fields: {', '.join(sorted(allowed))})"
        )


def _mapping(where: str, value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ScenarioError(where, "must be a mapping of fields (name: value)")
    return value


def _text(where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(where, "must be some text")
    return value.strip()


def _fraction(where: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ScenarioError(where, f"must be a number from 0 to 1; got {value!r}")
    if not 0 <= value <= 1:
        raise ScenarioError(where, f"must be from 0 to 1; got {value!r}")
    return float(value)


def _number(where: str, value: Any, *, positive: bool) -> float:
    ok = not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)
    if not ok or value < 0 or (positive and value == 0):
        kind = "above 0" if positive else "of at least 0"
        raise ScenarioError(where, f"must be a number {kind}; got {value!r}")
    return float(value)


def _whole(where: str, value: Any, *, least: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScenarioError(where, f"must be a whole number; got {value!r}")
    if least is not None and value < least:
        raise ScenarioError(where, f"must be at least {least}; got {value}")
    return value


def _date(where: str, value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ScenarioError(where, f"must be a date such as 2023-08-01; got {value!r}") from None


def _weekdays(where: str, value: Any) -> tuple[int, ...]:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names:
        raise ScenarioError(where, "must be a list of weekdays such as [mon, tue]")
    days = []
    for name in names:
        day = str(name).strip().lower()[:3]
        if day not in WEEKDAYS:
            raise ScenarioError(where, f"{name!r} is not a weekday (mon, tue, … sun)")
        days.append(WEEKDAYS.index(day))
    return tuple(sorted(set(days)))


def _choice(where: str, value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ScenarioError(where, f"must be one of {', '.join(allowed)}; got {value!r}")
    return str(value)


# The parts of a scenario ----------------------------------------------------------------------


def _period(data: Any) -> Period:
    if data is None:
        return Period()
    data = _mapping("period", data)
    _keys("period", data, {"from", "to", "forecast_weeks"})
    weeks = data.get("forecast_weeks")
    if weeks is not None:
        if "from" in data or "to" in data:
            raise ScenarioError("period", "give either from and to, or forecast_weeks, not both")
        weeks = _whole("period.forecast_weeks", weeks, least=1)
        if weeks > MAX_WEEKS_BY_INTERVAL:
            raise ScenarioError(
                "period.forecast_weeks", f"must be at most {MAX_WEEKS_BY_INTERVAL}; got {weeks}"
            )
        return Period(forecast_weeks=weeks)
    start = _date("period.from", data["from"]) if "from" in data else None
    end = _date("period.to", data["to"]) if "to" in data else None
    check_dates(start, end)
    return Period(start=start, end=end)


def _blocks(where: str, value: Any) -> tuple[AgentBlock, ...]:
    if isinstance(value, int) and not isinstance(value, bool):
        return (AgentBlock(time.min, time.max, _whole(where, value, least=0)),)
    blocks = []
    for span, agents in _mapping(where, value).items():
        spans = _hours(f"{where}.{span}", span)
        if len(spans) != 1:
            raise ScenarioError(where, f"{span!r} must be one range such as 09:00-12:00")
        opens, closes = spans[0]
        blocks.append(AgentBlock(opens, closes, _whole(f"{where}.{span}", agents, least=0)))
    return tuple(blocks)


def _hours(where: str, value: Any) -> tuple[tuple[time, time], ...]:
    if value is None:
        return ()
    try:
        return tuple((span.opens, span.closes) for span in parse_day(str(value)))
    except HoursError as error:
        raise ScenarioError(where, str(error)) from None


def _staffing(data: Any) -> Staffing:
    if data is None:
        return Staffing()
    data = _mapping("staffing", data)
    _keys("staffing", data, {"baseline", "agents", "scenario"})
    baseline = _choice(
        "staffing.baseline", data.get("baseline", "required"), ("required", "recorded", "given")
    )
    scenario = _choice("staffing.scenario", data.get("scenario", "keep"), ("keep", "required"))
    agents = {
        _text("staffing.agents", line): _blocks(f"staffing.agents.{line}", value)
        for line, value in _mapping("staffing.agents", data.get("agents") or {}).items()
    }
    if baseline == "given" and not agents:
        raise ScenarioError("staffing.agents", "give the agents of each line for baseline: given")
    if baseline != "given" and agents:
        raise ScenarioError("staffing.agents", "agents are for baseline: given")
    return Staffing(cast(BaselineStaffing, baseline), agents, cast(ScenarioStaffing, scenario))


def _online(where: str, data: Mapping[str, Any]) -> OnlineShift:
    _keys(where, data, {"online", "share", "assisted_share", "query_type_share"})
    shares = {
        name: _fraction(f"{where}.{name}", data[name])
        for name in ("share", "assisted_share", "query_type_share")
        if data.get(name) is not None
    }
    return OnlineShift(_text(f"{where}.online", data["online"]), **shares)


def _hours_change(where: str, data: Mapping[str, Any]) -> HoursChange:
    _keys(where, data, {"hours", "closed_calls", *WEEKDAYS})
    hours = {}
    for day, name in enumerate(WEEKDAYS):
        if name in data:
            spans = _hours(f"{where}.{name}", data[name])
            hours[day] = ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in spans)
    if not hours:
        raise ScenarioError(where, "give the new hours of at least one day, e.g. mon: 09:00-17:00")
    closed = _choice(f"{where}.closed_calls", data.get("closed_calls", "move"), ("move", "drop"))
    return HoursChange(_text(f"{where}.hours", data["hours"]), hours, cast(ClosedCalls, closed))


def _staffing_change(where: str, data: Mapping[str, Any]) -> StaffingChange:
    _keys(where, data, {"staffing", "add", "agents", "scale", "days", "from", "to"})
    given = [name for name in ("add", "agents", "scale") if data.get(name) is not None]
    if len(given) != 1:
        raise ScenarioError(where, "give one of add, agents or scale")
    add = _whole(f"{where}.add", data["add"]) if "add" in given else None
    agents = _whole(f"{where}.agents", data["agents"], least=0) if "agents" in given else None
    scale = _number(f"{where}.scale", data["scale"], positive=False) if "scale" in given else None
    starts = parse_time(f"{where}.from", data["from"]) if data.get("from") else None
    ends = parse_time(f"{where}.to", data["to"]) if data.get("to") else None
    if starts is not None and ends is not None and ends <= starts:
        raise ScenarioError(f"{where}.to", "must be later than from")
    days = _weekdays(f"{where}.days", data["days"]) if data.get("days") else tuple(range(7))
    line = _text(f"{where}.staffing", data["staffing"])
    return StaffingChange(line, add, agents, scale, days, starts, ends)


def _aht_change(where: str, data: Mapping[str, Any]) -> AhtChange:
    _keys(where, data, {"aht", "seconds", "scale"})
    given = [name for name in ("seconds", "scale") if data.get(name) is not None]
    if len(given) != 1:
        raise ScenarioError(where, "give one of seconds or scale")
    value = _number(f"{where}.{given[0]}", data[given[0]], positive=True)
    line = _text(f"{where}.aht", data["aht"])
    return AhtChange(line, seconds=value) if given[0] == "seconds" else AhtChange(line, scale=value)


CHANGE_KINDS: dict[str, Callable[[str, Mapping[str, Any]], Change]] = {
    "online": _online,
    "hours": _hours_change,
    "staffing": _staffing_change,
    "aht": _aht_change,
}


def _change(where: str, data: Any) -> Change:
    data = _mapping(where, data)
    kinds = [kind for kind in CHANGE_KINDS if kind in data]
    if len(kinds) != 1:
        raise ScenarioError(
            where, "start the change with one of online:, hours:, staffing: or aht:"
        )
    return CHANGE_KINDS[kinds[0]](where, data)


def scenario_from_mapping(data: Any) -> Scenario:
    """A scenario from its fields (as a YAML scenario file gives them); ScenarioError if wrong."""
    data = _mapping("scenario", data)
    _keys(
        "scenario",
        data,
        {"name", "council", "period", "interval_minutes", "staffing", "changes"},
    )
    interval = data.get("interval_minutes", 30)
    if interval not in INTERVAL_MINUTES or isinstance(interval, bool):
        raise ScenarioError("interval_minutes", f"must be 15 or 30; got {interval!r}")
    changes = data.get("changes") or []
    if not isinstance(changes, list) or not changes:
        raise ScenarioError("changes", "must be a list of at least one change")
    parsed = tuple(_change(f"changes[{i}]", change) for i, change in enumerate(changes))
    check_changes(parsed)
    return Scenario(
        name=_text("name", data["name"]) if "name" in data else "Scenario",
        council=_text("council", data["council"]) if "council" in data else "",
        period=_period(data.get("period")),
        interval_minutes=interval,
        staffing=_staffing(data.get("staffing")),
        changes=parsed,
    )


def scenario_from_yaml(text: str) -> Scenario:
    """Read a scenario file (docs/scenarios.md)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ScenarioError("file", f"is not valid YAML{where}") from None
    if "council" not in _mapping("file", data):
        raise ScenarioError("council", "give the council's slug, e.g. council: demo")
    return scenario_from_mapping(data)

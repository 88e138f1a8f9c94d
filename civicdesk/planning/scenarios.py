"""What-if scenarios: a council's calls over a period, and the changes to try. Pure, no Django.

A scenario file is YAML (docs/scenarios.md describes it field by field); `scenario_file`
reads one. The manager page builds a `Scenario` from its form. Every problem is a
`ScenarioError` naming the field, such as ``changes[0].share``, and saying what is wrong.

What the changes mean (`scenario_model` applies them, in this order):

- `OnlineShift`: a share of a query type's calls no longer rings its line and is done online,
  less the residents who need assisted digital help (`assisted_share`, 10% by default), who
  still call: moved = the query type's calls x share x (1 - assisted_share);
- `HoursChange`: new opening hours on some weekdays. Calls in the intervals it closes ring again
  in the same day's open intervals (`closed_calls: move`, the default) or are lost (`drop`);
- `AhtChange`: a new average handling time for a line or every line, in seconds or as a factor;
- `StaffingChange`: agents added (or taken off), set, or scaled on a line, on some weekdays
  and times of day.

The checks here need no database: names of lines and query types are checked against the
council's catalogue by `scenario_data`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, Literal

DEFAULT_ASSISTED_SHARE = 0.10
DEFAULT_PERIOD_DAYS = 28
MAX_PERIOD_DAYS = 366  # a year, leap or not
ALL_LINES = "all"

ClosedCalls = Literal["move", "drop"]
BaselineStaffing = Literal["required", "given", "recorded"]
ScenarioStaffing = Literal["keep", "required"]
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


class ScenarioError(ValueError):
    """A scenario that cannot be run: `field` is where the problem is, `message` what it is."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class OnlineShift:
    query_type: str  # the query type's code
    share: float = 1.0
    assisted_share: float = DEFAULT_ASSISTED_SHARE
    query_type_share: float | None = None  # of its line's calls; None: from recorded contacts


@dataclass(frozen=True)
class HoursChange:
    line: str
    hours: Mapping[int, str]  # weekday (Monday 0) -> "09:00-17:00", or "" for closed
    closed_calls: ClosedCalls = "move"


@dataclass(frozen=True)
class StaffingChange:
    line: str
    add: int | None = None  # agents added (negative: taken off)
    agents: int | None = None  # agents set
    scale: float | None = None  # agents multiplied, rounded to the nearest whole agent
    days: tuple[int, ...] = tuple(range(7))
    starts: time | None = None  # intervals starting at or after this time of day
    ends: time | None = None  # intervals starting before this time of day


@dataclass(frozen=True)
class AhtChange:
    line: str  # a line's code, or "all"
    seconds: float | None = None
    scale: float | None = None


Change = OnlineShift | HoursChange | StaffingChange | AhtChange


@dataclass(frozen=True)
class Period:
    """Recorded calls from `start` to `end`, or the forecast of `forecast_weeks` weeks; with
    neither, the last `DEFAULT_PERIOD_DAYS` days of recorded calls."""

    start: date | None = None
    end: date | None = None
    forecast_weeks: int | None = None


@dataclass(frozen=True)
class AgentBlock:
    starts: time
    ends: time
    agents: int


@dataclass(frozen=True)
class Staffing:
    baseline: BaselineStaffing = "required"
    agents: Mapping[str, tuple[AgentBlock, ...]] = field(default_factory=dict)
    scenario: ScenarioStaffing = "keep"


@dataclass(frozen=True)
class Scenario:
    name: str
    council: str = ""
    period: Period = Period()
    interval_minutes: int = 30
    staffing: Staffing = Staffing()
    changes: tuple[Change, ...] = ()


def parse_time(where: str, value: Any) -> time:
    """ "09:30" as a time of day; "24:00" is the end of the day."""
    if isinstance(value, int) and not isinstance(value, bool):
        raise ScenarioError(where, 'write the time in quotes, like "09:30"')
    match = _TIME.match(str(value).strip())
    if match:
        hour, minute = int(match[1]), int(match[2])
        if (hour, minute) == (24, 0):
            return time.max
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ScenarioError(where, f'must be a time of day like "09:30"; got {value!r}')


def check_dates(start: date | None, end: date | None) -> None:
    """A recorded period's dates: in order and at most `MAX_PERIOD_DAYS` long."""
    if start is not None and end is not None:
        if end < start:
            raise ScenarioError("period.to", "must be the same day as period.from or later")
        if (end - start).days + 1 > MAX_PERIOD_DAYS:
            raise ScenarioError(
                "period.to", f"the period must be at most {MAX_PERIOD_DAYS} days long"
            )


def check_changes(changes: tuple[Change, ...]) -> None:
    """At most one online shift per query type and one hours change per line."""
    seen: set[tuple[str, str]] = set()
    for index, change in enumerate(changes):
        if isinstance(change, OnlineShift | HoursChange):
            name = change.query_type if isinstance(change, OnlineShift) else change.line
            key = (type(change).__name__, name)
            if key in seen:
                raise ScenarioError(f"changes[{index}]", f"{key[1]!r} is changed twice")
            seen.add(key)

"""The inputs and figures of a what-if scenario (`scenario_model` works them out). Pure.

`Baseline` holds what the database gave (`scenario_data` reads it): each line's calls per day
and interval of the period, its handling time, residents' patience, its published standard
and opening hours, the query types' shares of their line's calls, the council's cost of a
phone call and of an online contact, and optionally the agents on each line. `Grids` are one
side of the comparison, interval by interval; `Sums` add intervals up and `Figures` are the
measures a manager reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class LineInputs:
    """One line: how long calls take, how long residents wait, its standard and hours."""

    code: str
    name: str
    aht_seconds: float
    patience_seconds: float
    answer_within_seconds: float = 20
    service_level_target: float = 0.8
    max_abandonment: float | None = None
    opening: BoolArray | None = None  # (7, intervals of the day); None: open at any time
    recorded_abandonment: float | None = None  # abandoned in the queue over presented


@dataclass(frozen=True)
class QueryTypeShare:
    """A query type's share of its line's calls, and where the figure came from."""

    code: str
    name: str
    line: int  # index into Baseline.lines
    share: float


@dataclass(frozen=True, eq=False)
class Baseline:
    lines: tuple[LineInputs, ...]
    start: date
    interval_minutes: int
    calls: FloatArray  # (lines, days, intervals of the day)
    query_types: Mapping[str, QueryTypeShare]
    phone_pence: float
    online_pence: float
    agents: IntArray | None = None  # given staffing, shaped like `calls`; None: required
    staffing: str = "required"  # how the baseline is staffed without given agents

    @property
    def days(self) -> int:
        return int(self.calls.shape[1])

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.days - 1)

    @property
    def interval_seconds(self) -> float:
        return self.interval_minutes * 60.0

    def weekdays(self) -> IntArray:
        return (self.start.weekday() + np.arange(self.days, dtype=np.int64)) % 7

    def open_grid(self, masks: Sequence[BoolArray | None]) -> BoolArray:
        """(lines, days, intervals): whether each line is open, from weekly masks."""
        slots = self.calls.shape[2]
        weekdays = self.weekdays()
        grid = np.ones(self.calls.shape, dtype=np.bool_)
        for index, mask in enumerate(masks):
            if mask is not None:
                grid[index] = np.asarray(mask, dtype=np.bool_).reshape(7, slots)[weekdays]
        return grid


@dataclass(frozen=True, eq=False)
class Grids:
    """Everything one side of the comparison needs, per line, day and interval."""

    calls: FloatArray
    moved: FloatArray  # calls moved online
    refused: FloatArray  # calls lost to closed hours, per day (in the day's first interval)
    agents: IntArray
    open: BoolArray
    aht_seconds: FloatArray  # (lines,)


@dataclass
class Sums:
    """Running sums over intervals; `figures` makes the published measures of them."""

    calls: float = 0.0
    answered: float = 0.0
    abandoned: float = 0.0
    answer_seconds: float = 0.0  # answered calls x their mean time to answer
    within_target: float = 0.0
    wait_seconds: float = 0.0  # every call's wait, answered or not
    agent_seconds: float = 0.0
    busy_seconds: float = 0.0  # answered calls x AHT
    moved_online: float = 0.0
    refused: float = 0.0
    cost_pence: float = 0.0

    def add(self, other: Sums) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self, line: str, name: str) -> Figures:
        def ratio(top: float, bottom: float) -> float | None:
            return top / bottom if bottom > 0 else None

        return Figures(
            line=line,
            name=name,
            calls=self.calls,
            answered=self.answered,
            abandoned=self.abandoned,
            abandonment=ratio(self.abandoned, self.calls),
            ata_seconds=ratio(self.answer_seconds, self.answered),
            mean_wait_seconds=ratio(self.wait_seconds, self.calls),
            service_level=ratio(self.within_target, self.calls),
            staff_hours=self.agent_seconds / 3600,
            occupancy=ratio(self.busy_seconds, self.agent_seconds),
            moved_online=self.moved_online,
            refused=self.refused,
            cost_pence=self.cost_pence,
        )


@dataclass(frozen=True)
class Figures:
    line: str  # the line's code, or "all" for the total
    name: str
    calls: float  # presented
    answered: float
    abandoned: float
    abandonment: float | None  # abandoned over presented
    ata_seconds: float | None  # of answered calls
    mean_wait_seconds: float | None  # of all calls
    service_level: float | None  # answered within T over presented
    staff_hours: float
    occupancy: float | None
    moved_online: float
    refused: float
    cost_pence: float


NUMBERS = tuple(name for name in Figures.__dataclass_fields__ if name not in ("line", "name"))


@dataclass(frozen=True)
class Outcome:
    lines: tuple[Figures, ...]
    total: Figures


def same_figures(a: Figures, b: Figures) -> bool:
    """Equal figures, allowing for rounding in the last bits."""
    for name in NUMBERS:
        x, y = getattr(a, name), getattr(b, name)
        if (x is None) != (y is None) or (x is not None and not np.isclose(x, y, rtol=1e-9)):
            return False
    return True

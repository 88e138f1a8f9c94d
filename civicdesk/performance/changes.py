"""The direction of a change between two figures, and whether it is better or worse. Pure.

A change is "same" when the two figures look the same as a report shows them: times to the
whole second, shares to 0.1 percentage point, volumes (calls per month or per day) to 0.1%.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Direction = Literal["up", "down", "same"]
Verdict = Literal["better", "worse", "neutral"]
Good = Literal["up", "down", "neither"]  # which way is better for the measure

ARROWS: dict[str, str] = {"up": "↑", "down": "↓", "same": "→"}


@dataclass(frozen=True)
class Change:
    """From `before` to `after`; `direction` is None when either figure is missing."""

    before: float | None
    after: float | None
    direction: Direction | None
    verdict: Verdict | None
    relative: float | None = None  # (after - before) / before, where that means something

    @property
    def words(self) -> str:
        """ "up, worse", "down, better", "same", "up" (neutral) or "not comparable"."""
        if self.direction is None:
            return "not comparable"
        if self.direction == "same" or self.verdict == "neutral":
            return self.direction
        return f"{self.direction}, {self.verdict}"

    @property
    def arrow(self) -> str:
        return ARROWS.get(self.direction or "", "")


def _direction(before: float, after: float, resolution: float) -> Direction:
    if round(after / resolution) == round(before / resolution):
        return "same"
    return "up" if after > before else "down"


def _verdict(direction: Direction, good: Good) -> Verdict:
    if direction == "same" or good == "neither":
        return "neutral"
    return "better" if direction == good else "worse"


def change_in_seconds(before: float | None, after: float | None, *, good: Good) -> Change:
    """A time such as the average time to answer (good="down")."""
    if before is None or after is None:
        return Change(before, after, None, None)
    direction = _direction(before, after, 1.0)
    relative = (after - before) / before if before else None
    return Change(before, after, direction, _verdict(direction, good), relative)


def change_in_share(before: float | None, after: float | None, *, good: Good) -> Change:
    """A share from 0 to 1 such as the share of calls answered (good="up")."""
    if before is None or after is None:
        return Change(before, after, None, None)
    direction = _direction(before, after, 0.001)
    return Change(before, after, direction, _verdict(direction, good), after - before)


def change_in_volume(
    before: int | None, before_size: float, after: int | None, after_size: float, *, good: Good
) -> Change:
    """A count over spans of different lengths, compared as a rate: `before / before_size`
    against `after / after_size` (sizes in months or days). `relative` is the change in rate."""
    if before is None or after is None or before_size <= 0 or after_size <= 0:
        return Change(before, after, None, None)
    rate_before, rate_after = before / before_size, after / after_size
    if rate_before == 0:
        direction: Direction = "same" if rate_after == 0 else "up"
        return Change(before, after, direction, _verdict(direction, good), None)
    relative = rate_after / rate_before - 1
    direction = "same" if round(relative, 3) == 0 else ("up" if relative > 0 else "down")
    return Change(before, after, direction, _verdict(direction, good), relative)


def is_whole_months(start: date, end: date) -> bool:
    return start.day == 1 and (end + timedelta(days=1)).day == 1


def span_size(start: date, end: date, *, in_months: bool) -> float:
    """The length of start..end (inclusive) in calendar months (whole months only) or days."""
    if in_months:
        return float((end.year - start.year) * 12 + end.month - start.month + 1)
    return float((end - start).days + 1)

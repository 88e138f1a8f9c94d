"""Generated call records for the demo, calibrated on seed 001's per-line figures.

`civicdesk generate_calls --council demo --year 2022` makes a year of calls whose presented and
answered counts, average time to answer and average handling time per line are the seed's
(civicdesk/demo/data/call_figures.yaml): the counts exactly, the two means to the second.

The shape (assumed, not from the seed):
- calls arrive minute by minute while the line is open (its weekly hours; closed on bank
  holidays), more on Mondays than on Fridays, more in the morning, fewer in December and
  fewest between Christmas and New Year, with some day-to-day noise;
- a busy minute makes longer waits and more residents who give up;
- of the calls not answered, 80% are abandoned in the queue, 12% in the IVR (menu) and 8% take
  a callback; a seed "% transferred" is a share of the answered calls;
- waits, talk and wrap-up times are drawn from skewed distributions (no wait or patience over
  about six times the line's mean wait) and then scaled per line so their means land on the
  seed's, in whole seconds (largest-remainder rounding): the means come out to the second.

Years: 2022 is the whole year; 2023 is 1 January to 31 August, as the seed's "YTD (end Aug)".
Any other year is refused: the seed has no figures for it, and scaling 2022 would invent them.

The same seed, year and lines give the same calls; each line draws from its own random stream,
so one line alone comes out as it does in the whole year. Call ids are
`GEN-<year>-<line>-<number>` (`line` as in call_figures.yaml, the demo's line code), numbered
in time order within the line.

Pure generation (`generate_line`, here) is separate from writing (`calls_write.calls_generate`,
which replaces
the council's earlier generated calls for the same year and lines, inserts the new ones in
large batches and applies their rollups in the same transaction).
"""

from __future__ import annotations

import zlib
from collections.abc import Collection, Container, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import yaml
from numpy.typing import NDArray

from civicdesk.core.hours import WeeklyHours
from civicdesk.performance.metrics import (
    ABANDONED_IVR,
    ABANDONED_QUEUE,
    ANSWERED,
    CALLBACK,
    TRANSFERRED,
    Call,
)

FIGURES_FILE = Path(__file__).parent / "data" / "call_figures.yaml"
DEFAULT_SEED = 1
UK = ZoneInfo("Europe/London")
ID_PREFIX = "GEN-"

WEEKDAY_FACTOR = (1.30, 1.08, 1.0, 0.94, 0.84, 0.6, 0.5)
MONTH_FACTOR = (1.10, 1.04, 1.08, 1.12, 1.0, 0.96, 0.95, 0.92, 1.02, 1.0, 0.95, 0.74)
CHRISTMAS_WEEK_FACTOR = 0.6  # 27 to 31 December, on top of December's
HOUR_FACTOR = {8: 0.9, 9: 1.35, 10: 1.4, 11: 1.25, 12: 1.0, 13: 0.95, 14: 1.0, 15: 0.9}
LATE_FACTOR = 0.65  # from 16:00
HOUR_WEIGHTS = np.array([HOUR_FACTOR.get(hour, LATE_FACTOR) for hour in range(24)])
LONGEST = 6.0  # the longest wait or patience, in multiples of the line's mean wait
NOT_ANSWERED_SPLIT = {ABANDONED_IVR: 0.12, CALLBACK: 0.08}  # the rest: abandoned in the queue
AGENTS = 60
OUTCOMES = (ANSWERED, TRANSFERRED, ABANDONED_QUEUE, ABANDONED_IVR, CALLBACK)
NONE = -1  # "not reached" in the columns of epoch seconds
NO_CALLS = np.zeros(0, dtype=np.int64)


class CallFiguresError(Exception):
    """A year, council or line the seed's call figures cannot generate; the message says why."""


@dataclass(frozen=True)
class Target:
    presented: int
    answered: int
    ata_seconds: int
    aht_seconds: int


@dataclass(frozen=True)
class SeedLine:
    """One line's block of figures in seed 001."""

    code: str  # the demo line it belongs to
    name: str  # its name in the seed's tables (an alias in demo.yaml)
    targets: dict[int, Target]
    transfer_share: float = 0.0
    transferred_to: str = ""


@dataclass(frozen=True)
class CallFigures:
    periods: dict[int, tuple[date, date]]
    lines: tuple[SeedLine, ...]

    def period(self, year: int) -> tuple[date, date]:
        if year not in self.periods:
            known = " and ".join(str(y) for y in sorted(self.periods))
            raise CallFiguresError(
                f"Seed 001 has call figures for {known} only, so there are no calls to "
                f"generate for {year}."
            )
        return self.periods[year]


def _seconds(text: str) -> int:
    hours, minutes, seconds = (int(part) for part in str(text).split(":"))
    return hours * 3600 + minutes * 60 + seconds


@cache
def call_figures(path: Path = FIGURES_FILE) -> CallFigures:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    periods = {int(y): (p["start"], p["end"]) for y, p in data["periods"].items()}
    lines = []
    for block in data["lines"]:
        targets = {
            year: Target(
                presented=int(block[year]["presented"]),
                answered=int(block[year]["answered"]),
                ata_seconds=_seconds(block[year]["ata"]),
                aht_seconds=_seconds(block[year]["aht"]),
            )
            for year in periods
        }
        transferred = block.get("transferred") or {}
        lines.append(
            SeedLine(
                code=block["line"],
                name=block["name"],
                targets=targets,
                transfer_share=float(transferred.get("share", 0.0)),
                transferred_to=str(transferred.get("to", "")),
            )
        )
    return CallFigures(periods=periods, lines=tuple(lines))


@dataclass(frozen=True)
class LineInfo:
    """What generation needs of a council's line."""

    id: int
    code: str
    name: str
    aliases: tuple[str, ...]
    hours: WeeklyHours


@dataclass(frozen=True)
class LinePlan:
    line: LineInfo
    seed_line: SeedLine
    target: Target


def line_plans(lines: Iterable[LineInfo], figures: CallFigures, year: int) -> list[LinePlan]:
    """The seed's blocks matched to the council's lines: by code, else by name or alias."""
    figures.period(year)
    lines = list(lines)
    plans = []
    for seed_line in figures.lines:
        match = next((line for line in lines if line.code == seed_line.code), None)
        if match is None:
            wanted = seed_line.name.strip().lower()
            match = next(
                (
                    line
                    for line in lines
                    if wanted in {label.strip().lower() for label in (line.name, *line.aliases)}
                ),
                None,
            )
        if match is not None:
            plans.append(LinePlan(match, seed_line, seed_line.targets[year]))
    return plans


@dataclass(frozen=True)
class LineCalls:
    """One line's generated calls as columns: epoch seconds (NONE when not reached)."""

    plan: LinePlan
    year: int
    presented: NDArray[np.int64]
    ivr_exit: NDArray[np.int64]
    queue_entered: NDArray[np.int64]
    queue_exited: NDArray[np.int64]
    answered: NDArray[np.int64]
    ended: NDArray[np.int64]
    outcome: NDArray[np.int64]  # index into OUTCOMES
    wrap: NDArray[np.int64]
    agent: NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.presented)

    def call_ids(self) -> list[str]:
        prefix = f"{ID_PREFIX}{self.year}-{self.plan.seed_line.code}-"
        return [f"{prefix}{n:06d}" for n in range(1, len(self) + 1)]

    def columns(self) -> tuple[list[Any], ...]:
        """Per call, as lists: the six times (aware datetimes in UK time, or None), outcome,
        agent, transferred_to and wrap seconds."""
        to = self.plan.seed_line.transferred_to
        outcomes = [OUTCOMES[o] for o in self.outcome.tolist()]
        return (
            *(_datetimes(column) for column in self.times()),
            outcomes,
            ["" if a == NONE else f"agent-{a:03d}" for a in self.agent.tolist()],
            [to if o == TRANSFERRED else "" for o in outcomes],
            [None if w == NONE else w for w in self.wrap.tolist()],
        )

    def calls(self) -> Iterator[Call]:
        name = self.plan.line.name
        presented, ivr_exit, entered, exited, answered, ended, outcome, _, _, wrap = self.columns()
        for values in zip(
            outcome, presented, ivr_exit, entered, exited, answered, ended, wrap, strict=True
        ):
            yield Call(name, *values)

    def times(self) -> tuple[NDArray[np.int64], ...]:
        return (
            self.presented,
            self.ivr_exit,
            self.queue_entered,
            self.queue_exited,
            self.answered,
            self.ended,
        )


def _datetimes(column: NDArray[np.int64]) -> list[datetime | None]:
    """Epoch seconds as aware datetimes in UK time."""
    at = datetime.fromtimestamp
    return [None if s == NONE else at(s, UK) for s in column.tolist()]


def _minute(moment: time) -> int:
    return 24 * 60 if moment == time.max else moment.hour * 60 + moment.minute


def _open_minutes(
    hours: WeeklyHours, start: date, end: date, closed: Container[date], rng: np.random.Generator
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Every open minute of the period (UK wall clock, as epoch seconds) and its weight."""
    starts: list[NDArray[np.int64]] = []
    weights: list[NDArray[np.float64]] = []
    day = start
    while day <= end:
        spans = hours.spans_on(day, closed)
        if spans:
            factor = WEEKDAY_FACTOR[day.weekday()] * MONTH_FACTOR[day.month - 1]
            if day.month == 12 and day.day >= 27:
                factor *= CHRISTMAS_WEEK_FACTOR
            factor *= float(rng.lognormal(0.0, 0.12))
            # Midday's offset from UTC: right all day, as no line is open at 1am on a Sunday.
            midnight = int(datetime.combine(day, time(12), tzinfo=UK).timestamp()) - 12 * 3600
            for span in spans:
                minutes = np.arange(_minute(span.opens), _minute(span.closes), dtype=np.int64)
                starts.append(midnight + minutes * 60)
                weights.append(factor * HOUR_WEIGHTS[minutes // 60])
        day += timedelta(days=1)
    if not starts:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate(starts), np.concatenate(weights)


def _exact_total(values: NDArray[np.float64], total: int) -> NDArray[np.int64]:
    """Scale non-negative values to whole numbers adding up to `total` (largest remainder)."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    if values.sum() <= 0:
        values = np.ones(len(values))
    scaled = values * (total / values.sum())
    whole = np.floor(scaled).astype(np.int64)
    short = total - int(whole.sum())
    if short > 0:
        whole[np.argsort(whole - scaled, kind="stable")[:short]] += 1
    return whole


def _line_rng(plan: LinePlan, year: int, seed: int) -> np.random.Generator:
    return np.random.default_rng([seed, year, zlib.crc32(plan.seed_line.code.encode())])


def generate_line(
    plan: LinePlan, *, year: int, period: tuple[date, date], seed: int, closed: Container[date]
) -> LineCalls:
    """One line's calls for the period, matching its target's counts and means."""
    rng = _line_rng(plan, year, seed)
    target = plan.target
    cells, weights = _open_minutes(plan.line.hours, *period, closed, rng)
    total = target.presented if len(cells) else 0
    chosen = rng.choice(len(cells), size=total, p=weights / weights.sum()) if total else NO_CALLS
    presented = cells[chosen] + rng.integers(0, 60, total)
    order = np.argsort(presented, kind="stable")
    presented, chosen = presented[order], chosen[order]
    load = weights[chosen] / weights[chosen].mean() if total else np.zeros(0)

    # Who is answered: busier minutes lose more residents (weighted sampling by keys).
    answered_count = min(target.answered, total)
    keys = rng.exponential(size=total) / np.maximum(load, 1e-9) ** 2
    by_key = np.argsort(keys, kind="stable")
    outcome = np.full(total, OUTCOMES.index(ANSWERED), dtype=np.int64)
    lost = rng.permutation(by_key[: total - answered_count])
    ivr = round(len(lost) * NOT_ANSWERED_SPLIT[ABANDONED_IVR])
    callbacks = round(len(lost) * NOT_ANSWERED_SPLIT[CALLBACK])
    outcome[lost] = OUTCOMES.index(ABANDONED_QUEUE)
    outcome[lost[:ivr]] = OUTCOMES.index(ABANDONED_IVR)
    outcome[lost[ivr : ivr + callbacks]] = OUTCOMES.index(CALLBACK)
    answered_idx = np.sort(by_key[total - answered_count :])
    transferred = rng.permutation(answered_idx)[
        : round(answered_count * plan.seed_line.transfer_share)
    ]
    outcome[transferred] = OUTCOMES.index(TRANSFERRED)

    none = np.full(total, NONE, dtype=np.int64)
    in_ivr = outcome == OUTCOMES.index(ABANDONED_IVR)
    ivr_exit = np.where(in_ivr, NONE, presented + rng.integers(10, 46, total))
    queue_entered = ivr_exit.copy()
    ended = np.where(in_ivr, presented + rng.integers(2, 40, total), none)
    queue_exited, answered_at, wrap, agent = none.copy(), none.copy(), none.copy(), none.copy()

    mean_wait = max(target.ata_seconds, 1)
    waits = _exact_total(
        np.minimum(rng.gamma(0.6, 1 / 0.6, answered_count) * load[answered_idx], LONGEST),
        target.ata_seconds * answered_count,
    )
    answered_at[answered_idx] = queue_entered[answered_idx] + waits
    queue_exited[answered_idx] = answered_at[answered_idx]
    wraps = np.rint(rng.gamma(2.0, 0.06 * target.aht_seconds, answered_count)).astype(np.int64)
    wraps = np.minimum(wraps, target.aht_seconds // 3)
    talk = _exact_total(
        rng.lognormal(0.0, 0.55, answered_count),
        target.aht_seconds * answered_count - int(wraps.sum()),
    )
    ended[answered_idx] = answered_at[answered_idx] + talk
    wrap[answered_idx] = wraps
    agent[answered_idx] = rng.integers(1, AGENTS + 1, answered_count)

    gave_up = np.flatnonzero(outcome == OUTCOMES.index(ABANDONED_QUEUE))
    patience = mean_wait * np.minimum(rng.gamma(1.0, 0.8, len(gave_up)) * load[gave_up], LONGEST)
    queue_exited[gave_up] = queue_entered[gave_up] + np.maximum(np.rint(patience), 1).astype(
        np.int64
    )
    called_back = np.flatnonzero(outcome == OUTCOMES.index(CALLBACK))
    offer = 30 + np.rint(rng.gamma(1.5, 0.3 * mean_wait, len(called_back))).astype(np.int64)
    queue_exited[called_back] = queue_entered[called_back] + offer
    left = np.concatenate([gave_up, called_back])
    ended[left] = queue_exited[left]
    return LineCalls(
        plan=plan,
        year=year,
        presented=presented,
        ivr_exit=ivr_exit,
        queue_entered=queue_entered,
        queue_exited=queue_exited,
        answered=answered_at,
        ended=ended,
        outcome=outcome,
        wrap=wrap,
        agent=agent,
    )


def generate_year(
    plans: Collection[LinePlan],
    *,
    year: int,
    seed: int = DEFAULT_SEED,
    closed: Container[date],
    figures: CallFigures | None = None,
) -> list[LineCalls]:
    period = (figures or call_figures()).period(year)
    return [
        generate_line(plan, year=year, period=period, seed=seed, closed=closed) for plan in plans
    ]

"""Simulation of one line or the whole contact centre over a period. Pure NumPy, no Django.

The period is a run of equal intervals (15 or 30 minutes); each line has, per interval, a
forecast of calls (or replayed real arrival times), the agents on shift and whether it is open.
`simulate` draws residents' calls, queues them (simulation_queue.py has the rules), moves a share
of tier-1 calls on to their tier-2 line, and returns every call and each line's figures.

Opening hours: a call that arrives while its line is closed is refused (the resident hears the
closed message). It is not presented to the line and is in none of the figures; `refused`
counts it. When a line closes, calls still waiting are ended and count as abandoned in the
queue, so no call is answered while the line is closed.

Transfers: a line with `transfer_to` sends each answered call on, with probability
`transfer_share`, to that line's queue when its handling ends. The tier-1 call's outcome is then
`transferred` and the tier-2 line is presented a new call. Lines are simulated tier 1 first, so
transfers may chain but must not loop.

The figures are `civicdesk.performance.metrics`' own: each line's calls are summed into a
`metrics.Tally` and `Tally.figures` makes the published measures, so they are defined once.
With no menu in the simulation, every call queues from the moment it is presented
(`queue_entered_at = presented_at`) and `abandoned_ivr` is 0.

Reproducible: the seed gives each line its own generators (arrivals, patience, handle times,
transfers), so the same seed and inputs give the same calls, to the last bit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt

from civicdesk.performance import metrics
from civicdesk.planning.simulation_inputs import (
    BoolArray,
    FloatArray,
    HandleTimes,
    IntArray,
    close_times,
    draw_patience,
    forecast_arrivals,
)
from civicdesk.planning.simulation_queue import queue_line


@dataclass(frozen=True)
class LineModel:
    """How one line behaves: its handle times, residents' patience, where it transfers to."""

    name: str
    handle: HandleTimes
    patience_seconds: float | None = None  # mean of an exponential; None: nobody hangs up
    transfer_to: str | None = None
    transfer_share: float = 0.0

    def __post_init__(self) -> None:
        if self.patience_seconds is not None and not self.patience_seconds > 0:
            raise ValueError(f"{self.name}: mean patience must be positive seconds or None")
        if not 0 <= self.transfer_share <= 1:
            raise ValueError(f"{self.name}: transfer_share must be between 0 and 1")
        if self.transfer_share and self.transfer_to is None:
            raise ValueError(f"{self.name}: a transfer share needs a line to transfer to")


@dataclass(frozen=True)
class Replay:
    """Real calls to replay: arrival times per line name in seconds from the start of the
    period, and optionally their handle times (else drawn from the line's distribution)."""

    arrivals: Mapping[str, npt.ArrayLike]
    handle_seconds: Mapping[str, npt.ArrayLike] = field(default_factory=dict)


@dataclass(frozen=True)
class LineStreams:
    """The random number generators of one line, one per kind of draw."""

    arrivals: np.random.Generator
    patience: np.random.Generator
    handle: np.random.Generator
    transfer: np.random.Generator


def line_streams(seed: int | np.random.Generator, lines: int) -> list[LineStreams]:
    """Each line's generators, derived from the seed alone."""
    children = np.random.default_rng(seed).spawn(lines)
    return [LineStreams(*child.spawn(4)) for child in children]


@dataclass(frozen=True)
class LineCalls:
    """Every call presented to one line, in order of arrival (times in seconds from the start).

    `left_queue` is when it was answered (if `answered`), else when it gave up or the line
    closed. `transferred` calls were answered and sent on; `from_transfer` calls came from a
    tier-1 line.
    """

    arrival: FloatArray
    patience: FloatArray
    handle: FloatArray
    left_queue: FloatArray
    answered: BoolArray
    transferred: BoolArray
    from_transfer: BoolArray

    @property
    def wait(self) -> FloatArray:
        return self.left_queue - self.arrival

    @property
    def ended(self) -> FloatArray:
        """When handling ended (answered calls), else when the call left the queue."""
        return np.where(self.answered, self.left_queue + self.handle, self.left_queue)


@dataclass(frozen=True)
class LineResult:
    name: str
    calls: LineCalls
    refused: int  # arrived while the line was closed: not presented
    tally: metrics.Tally
    figures: metrics.LineFigures


@dataclass(frozen=True)
class SimulationResult:
    lines: dict[str, LineResult]
    interval_seconds: float

    def total(self) -> metrics.LineFigures:
        """The figures of every line's calls together (sums of calls, not of averages)."""
        tally = metrics.Tally()
        for result in self.lines.values():
            tally.merge(result.tally)
        return tally.figures("all lines")


def tally_of(
    calls: LineCalls, *, service_level_seconds: float, short_abandon_seconds: float
) -> metrics.Tally:
    """The sums `metrics.Tally.add` would make of these calls, computed on arrays."""
    wait = calls.wait
    answered = calls.answered
    lost = ~answered
    short = int(np.count_nonzero(lost & (wait < short_abandon_seconds)))
    answered_count = int(np.count_nonzero(answered))
    return metrics.Tally(
        presented=int(calls.arrival.size),
        answered=answered_count,
        abandoned_queue=int(np.count_nonzero(lost)) - short,
        short_abandons=short,
        transferred=int(np.count_nonzero(calls.transferred)),
        answer_seconds=float(wait[answered].sum()),
        waited=int(calls.arrival.size),
        wait_seconds=float(wait.sum()),
        handled=answered_count,
        handling_seconds=float(calls.handle[answered].sum()),
        within_target=int(np.count_nonzero(answered & (wait <= service_level_seconds))),
        answered_timed=answered_count,
    )


def metric_calls(name: str, calls: LineCalls, start: datetime) -> list[metrics.Call]:
    """The simulated calls as call records, for `metrics.line_metrics` and the like."""

    def at(seconds: float) -> datetime:
        return start + timedelta(seconds=seconds)

    records = []
    for arrival, left, ended, answered, transferred in zip(
        calls.arrival.tolist(),
        calls.left_queue.tolist(),
        calls.ended.tolist(),
        calls.answered.tolist(),
        calls.transferred.tolist(),
        strict=True,
    ):
        outcome = (
            (metrics.TRANSFERRED if transferred else metrics.ANSWERED)
            if answered
            else metrics.ABANDONED_QUEUE
        )
        records.append(
            metrics.Call(
                line=name,
                outcome=outcome,
                presented_at=at(arrival),
                queue_entered_at=at(arrival),
                queue_exited_at=at(left),
                answered_at=at(left) if answered else None,
                ended_at=at(ended),
            )
        )
    return records


def _line_order(lines: Sequence[LineModel]) -> list[int]:
    """Indexes of the lines, each after every line that transfers to it."""
    index = {line.name: i for i, line in enumerate(lines)}
    if len(index) != len(lines):
        raise ValueError("line names must be unique")
    feeds: dict[int, list[int]] = {i: [] for i in range(len(lines))}
    for i, line in enumerate(lines):
        if line.transfer_to is not None:
            if line.transfer_to not in index:
                raise ValueError(f"{line.name} transfers to an unknown line {line.transfer_to!r}")
            feeds[index[line.transfer_to]].append(i)
    order: list[int] = []
    state = [0] * len(lines)  # 0 new, 1 in progress, 2 done

    def visit(i: int) -> None:
        if state[i] == 1:
            raise ValueError(f"transfers loop back to {lines[i].name}")
        if state[i] == 0:
            state[i] = 1
            for source in feeds[i]:
                visit(source)
            state[i] = 2
            order.append(i)

    for i in range(len(lines)):
        visit(i)
    return order


def _checked_grid(name: str, value: npt.ArrayLike, shape: tuple[int, int]) -> FloatArray:
    grid = np.asarray(value, dtype=np.float64)
    if grid.shape != shape:
        raise ValueError(f"{name} must have one row per line and one column per interval")
    if not np.all(np.isfinite(grid)) or np.any(grid < 0):
        raise ValueError(f"{name} must be non-negative numbers")
    return grid


def _replayed(
    replay: Replay, line: LineModel, period_seconds: float
) -> tuple[FloatArray, FloatArray | None]:
    """A line's replayed arrival times, sorted, with their handle times if given."""
    times = np.asarray(replay.arrivals.get(line.name, ()), dtype=np.float64).ravel()
    if times.size and not (times.min() >= 0 and times.max() < period_seconds):
        raise ValueError(f"{line.name}: replayed calls must arrive within the period")
    order = np.argsort(times, kind="stable")
    if line.name not in replay.handle_seconds:
        return times[order], None
    handle = np.asarray(replay.handle_seconds[line.name], dtype=np.float64).ravel()
    if handle.shape != times.shape or not np.all(handle >= 0):
        raise ValueError(f"{line.name}: one replayed handle time (seconds) per replayed call")
    return times[order], handle[order]


def _line_calls(
    line: LineModel,
    rng: LineStreams,
    *,
    external: FloatArray,
    observed_handle: FloatArray | None,
    transfers: list[FloatArray],
    staffing: IntArray,
    open_intervals: BoolArray,
    interval_seconds: float,
) -> tuple[LineCalls, int]:
    """Present one line's calls (its own, sorted, then those transferred to it), draw what is
    left to draw, queue them; returns the calls and how many were refused (line closed)."""
    intervals = staffing.size
    times = np.concatenate([external, *transfers])
    order = np.argsort(times, kind="stable")
    times = times[order]
    interval = np.minimum(times // interval_seconds, intervals - 1).astype(np.int64)
    presented = (times < intervals * interval_seconds) & open_intervals[interval]
    times, source, interval = times[presented], order[presented], interval[presented]
    from_transfer = source >= external.size
    count = times.size
    patience = draw_patience(rng.patience, line.patience_seconds, count)
    handle = line.handle.sample(rng.handle, count)
    if observed_handle is not None:
        handle[~from_transfer] = observed_handle[source[~from_transfer]]
    closing = close_times(open_intervals, interval_seconds)[interval]
    limits = np.minimum(times + patience, closing)
    left, answered = queue_line(times, limits, handle, staffing, interval_seconds)
    transferred = answered & (rng.transfer.random(count) < line.transfer_share)
    calls = LineCalls(times, patience, handle, left, answered, transferred, from_transfer)
    return calls, int(presented.size - count)


def simulate(
    lines: Sequence[LineModel],
    *,
    staffing: npt.ArrayLike,
    interval_seconds: float,
    arrivals: npt.ArrayLike | Replay,
    seed: int | np.random.Generator,
    open_intervals: npt.ArrayLike | None = None,
    service_level_seconds: float = metrics.DEFAULT_SERVICE_LEVEL_SECONDS,
    short_abandon_seconds: float = metrics.DEFAULT_SHORT_ABANDON_SECONDS,
) -> SimulationResult:
    """Simulate the lines over a period of `staffing.shape[1]` intervals.

    `staffing[line, k]`: agents on shift on that line in interval `k` (whole numbers).
    `arrivals`: the forecast, expected calls per line per interval (same shape), or a `Replay`.
    `open_intervals[line, k]`: whether the line is open (one row serves every line; all open
    when left out).
    """
    if not interval_seconds > 0:
        raise ValueError("interval_seconds must be positive")
    agents = np.asarray(staffing)
    if agents.ndim != 2 or agents.shape[0] != len(lines):
        raise ValueError("staffing must have one row per line and one column per interval")
    if not np.all(agents == np.round(agents)):
        raise ValueError("staffing must be whole numbers of agents")
    shape = (agents.shape[0], agents.shape[1])
    staff: IntArray = _checked_grid("staffing", agents, shape).astype(np.int64)
    opened: BoolArray = (
        np.ones(shape, dtype=np.bool_)
        if open_intervals is None
        else np.broadcast_to(np.asarray(open_intervals, dtype=np.bool_), shape)
    )
    forecast = None if isinstance(arrivals, Replay) else _checked_grid("arrivals", arrivals, shape)
    period_seconds = shape[1] * interval_seconds
    if isinstance(arrivals, Replay):
        unknown = (set(arrivals.arrivals) | set(arrivals.handle_seconds)) - {x.name for x in lines}
        if unknown:
            raise ValueError(f"replayed calls for unknown lines: {', '.join(sorted(unknown))}")
    streams = line_streams(seed, len(lines))
    index = {line.name: i for i, line in enumerate(lines)}
    incoming: dict[int, list[FloatArray]] = {i: [] for i in range(len(lines))}
    results: dict[int, LineResult] = {}
    for i in _line_order(lines):
        line, rng = lines[i], streams[i]
        if isinstance(arrivals, Replay):
            external, observed = _replayed(arrivals, line, period_seconds)
        else:
            assert forecast is not None  # noqa: S101 - narrowed for mypy
            external = forecast_arrivals(rng.arrivals, forecast[i], interval_seconds)
            observed = None
        calls, refused = _line_calls(
            line,
            rng,
            external=external,
            observed_handle=observed,
            transfers=incoming[i],
            staffing=staff[i],
            open_intervals=opened[i],
            interval_seconds=interval_seconds,
        )
        if line.transfer_to is not None:
            incoming[index[line.transfer_to]].append(calls.ended[calls.transferred])
        tally = tally_of(
            calls,
            service_level_seconds=service_level_seconds,
            short_abandon_seconds=short_abandon_seconds,
        )
        results[i] = LineResult(line.name, calls, refused, tally, tally.figures(line.name))
    return SimulationResult(
        {lines[i].name: results[i] for i in range(len(lines))}, float(interval_seconds)
    )

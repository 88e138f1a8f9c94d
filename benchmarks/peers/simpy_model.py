"""The same contact centre as civicdesk.planning.simulation, modelled the usual way in SimPy.

A benchmark peer (`pip install -e .[bench]`): each call is a SimPy process that requests an
agent of its line (a `PriorityResource`), and gives up when its patience runs out or the line
closes. Staffing per interval is modelled by "absence" requests of a higher priority that hold
the agents not on shift: when staffing drops, they wait for busy agents to finish their call.

It consumes exactly the random numbers the simulation does (the same per-line generators, drawn
in the same order), so the two must produce the same calls; the benchmark checks that they do.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from typing import Any

import numpy as np
import simpy  # type: ignore[import-not-found, unused-ignore]

from civicdesk.planning.simulation import LineCalls, LineModel, line_streams
from civicdesk.planning.simulation_inputs import FloatArray, draw_patience, forecast_arrivals

ABSENT, CALL = 0, 1  # request priorities: absences first


class _Line:
    """One line's agents, calls and records in the SimPy model."""

    def __init__(
        self,
        env: simpy.Environment,
        model: LineModel,
        staffing: np.ndarray,
        opened: np.ndarray,
        draws: tuple[FloatArray, FloatArray, FloatArray],
    ) -> None:
        self.env, self.model = env, model
        self.staffing, self.opened = staffing.tolist(), opened.tolist()
        self.agents = simpy.PriorityResource(env, capacity=max(1, max(self.staffing)))
        self.absences: list[Any] = []
        self.patience, self.handle, self.transfer_draw = (d.tolist() for d in draws)
        self.closes = env.event()
        self.target: _Line | None = None
        self.refused = 0
        self.arrival: list[float] = []
        self.from_transfer: list[bool] = []
        self.left: list[float] = []
        self.answered: list[bool] = []
        self.transferred: list[bool] = []

    def shifts(self, interval_seconds: float) -> Generator[Any, Any, None]:
        """At each interval boundary: close the line if its open run ends, set the absences."""
        env, capacity = self.env, self.agents.capacity
        count = len(self.staffing)
        for k in range(count):
            if k:
                yield env.timeout(k * interval_seconds - env.now)
                if self.opened[k - 1] and not self.opened[k]:
                    self._close()
            absent = capacity - self.staffing[k]
            while len(self.absences) > absent:  # agents come on shift
                waiting = [r for r in self.absences if not r.triggered]
                request = waiting[-1] if waiting else self.absences[-1]
                self.absences.remove(request)
                if request.triggered:
                    self.agents.release(request)
                else:
                    request.cancel()
            while len(self.absences) < absent:  # agents leave once they finish their call
                self.absences.append(self.agents.request(priority=ABSENT))
        yield env.timeout(count * interval_seconds - env.now)
        self._close()

    def _close(self) -> None:
        self.closes.succeed()
        self.closes = self.env.event()

    def present(self, interval_seconds: float, from_transfer: bool) -> None:
        now = self.env.now
        k = int(now // interval_seconds)
        if k >= len(self.staffing) or not self.opened[k]:
            self.refused += 1
            return
        self.env.process(self.call(len(self.arrival), interval_seconds))
        self.arrival.append(now)
        self.from_transfer.append(from_transfer)
        self.left.append(0.0)
        self.answered.append(False)
        self.transferred.append(False)

    def call(self, index: int, interval_seconds: float) -> Generator[Any, Any, None]:
        env = self.env
        request = self.agents.request(priority=CALL)
        gives_up, closes = env.timeout(self.patience[index]), self.closes
        outcome = yield request | gives_up | closes
        self.left[index] = env.now
        if request not in outcome or gives_up in outcome or closes in outcome:
            # Lost; an agent freed at that very moment is let go (as in the simulation).
            if request.triggered:
                self.agents.release(request)
            else:
                request.cancel()
            return
        self.answered[index] = True
        yield env.timeout(self.handle[index])
        self.agents.release(request)
        if self.target is not None and self.transfer_draw[index] < self.model.transfer_share:
            self.transferred[index] = True
            self.target.present(interval_seconds, from_transfer=True)

    def calls(self) -> LineCalls:
        answered = np.array(self.answered, dtype=bool)
        count = answered.size
        return LineCalls(
            arrival=np.array(self.arrival),
            patience=np.array(self.patience[:count]),
            handle=np.array(self.handle[:count]),
            left_queue=np.array(self.left),
            answered=answered,
            transferred=np.array(self.transferred, dtype=bool),
            from_transfer=np.array(self.from_transfer, dtype=bool),
        )


def _source(
    env: simpy.Environment, line: _Line, times: FloatArray, interval_seconds: float
) -> Generator[Any, Any, None]:
    for when in times.tolist():
        yield env.timeout(when - env.now)
        line.present(interval_seconds, from_transfer=False)


def simulate_simpy(
    lines: Sequence[LineModel],
    *,
    staffing: np.ndarray,
    arrivals: np.ndarray,
    open_intervals: np.ndarray,
    interval_seconds: float,
    seed: int,
) -> dict[str, tuple[LineCalls, int]]:
    """Each line's calls and refused count, for a forecast as `simulate` takes it."""
    env = simpy.Environment()
    streams = line_streams(seed, len(lines))
    external = [
        forecast_arrivals(s.arrivals, arrivals[i], interval_seconds) for i, s in enumerate(streams)
    ]
    most = sum(times.size for times in external)  # more calls than any line can be presented
    models: dict[str, _Line] = {}
    for i, model in enumerate(lines):
        draws = (
            draw_patience(streams[i].patience, model.patience_seconds, most),
            model.handle.sample(streams[i].handle, most),
            streams[i].transfer.random(most),
        )
        models[model.name] = _Line(env, model, staffing[i], open_intervals[i], draws)
    for i, model in enumerate(lines):
        line = models[model.name]
        if model.transfer_to is not None:
            line.target = models[model.transfer_to]
        env.process(line.shifts(interval_seconds))
        env.process(_source(env, line, external[i], interval_seconds))
    env.run()
    return {name: (line.calls(), line.refused) for name, line in models.items()}

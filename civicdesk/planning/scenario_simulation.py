"""A scenario and its baseline simulated call by call (`civicdesk simulate --simulate`). Pure.

Erlang A (`scenario_model`) takes each interval as if it were in a steady state of its own. The
simulation (`simulation.simulate`) carries the queue from one interval into the next, so it
shows what the steady state cannot: the queue left at the end of a busy morning, calls still
waiting when the line closes (they count as abandoned), the randomness of a real period. It
draws Poisson arrivals from the same calls per interval, exponential handling times with the
line's AHT and exponential patience with the line's mean, on the same agents; the same seed
gives the same figures.

The figures are defined as `scenario_model` defines them (every abandon counts, the service
level is over calls presented), so the two can be read side by side. A line is open in the
intervals its hours allow and in any interval with calls. Transfers from tier 1 to tier 2 are
not simulated: each line's calls already include those transferred to it.
"""

from __future__ import annotations

import numpy as np

from civicdesk.planning.scenario_baseline import Baseline, Grids, Outcome, Sums
from civicdesk.planning.scenario_model import Comparison, outcome
from civicdesk.planning.simulation import LineModel, simulate
from civicdesk.planning.simulation_inputs import HandleTimes


def simulated_sums(baseline: Baseline, grids: Grids, *, seed: int) -> list[Sums]:
    """Each line's sums over one simulated run of the period."""
    lines, days, slots = grids.calls.shape
    models = [
        LineModel(
            name=line.code,
            handle=HandleTimes("exponential", float(aht)),
            patience_seconds=line.patience_seconds,
        )
        for line, aht in zip(baseline.lines, grids.aht_seconds, strict=True)
    ]
    result = simulate(
        models,
        staffing=grids.agents.reshape(lines, days * slots),
        interval_seconds=baseline.interval_seconds,
        arrivals=grids.calls.reshape(lines, days * slots),
        open_intervals=(grids.open | (grids.calls > 0)).reshape(lines, days * slots),
        seed=seed,
    )
    sums = []
    for line, moved, refused, agents in zip(
        baseline.lines,
        grids.moved.sum(axis=(1, 2)),
        grids.refused.sum(axis=(1, 2)),
        grids.agents.sum(axis=(1, 2)),
        strict=True,
    ):
        calls = result.lines[line.code].calls
        wait, answered = calls.wait, calls.answered
        count = float(calls.arrival.size)
        answered_count = float(np.count_nonzero(answered))
        one = Sums(
            calls=count,
            answered=answered_count,
            abandoned=count - answered_count,
            answer_seconds=float(wait[answered].sum()),
            within_target=float(np.count_nonzero(answered & (wait <= line.answer_within_seconds))),
            wait_seconds=float(wait.sum()),
            agent_seconds=float(agents) * baseline.interval_seconds,
            busy_seconds=float(calls.handle[answered].sum()),
            moved_online=float(moved),
            refused=float(refused),
        )
        one.cost_pence = count * baseline.phone_pence + one.moved_online * baseline.online_pence
        sums.append(one)
    return sums


def simulate_comparison(comparison: Comparison, *, seed: int) -> tuple[Outcome, Outcome]:
    """The baseline and the scenario simulated with the same seed."""
    baseline = comparison.baseline
    return (
        outcome(baseline, simulated_sums(baseline, comparison.before_grids, seed=seed)),
        outcome(baseline, simulated_sums(baseline, comparison.after_grids, seed=seed)),
    )

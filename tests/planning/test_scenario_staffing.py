"""The agents a baseline needs are worked out once per line and number of calls: the same, in
every interval, as working out each interval on its own."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from civicdesk.planning.erlang_a import erlang_a_required_grid
from civicdesk.planning.scenario_baseline import Baseline, LineInputs
from civicdesk.planning.scenario_staffing import required_agents

SLOTS = 48
LINES = (
    LineInputs("tax", "Tax", aht_seconds=240, patience_seconds=400, answer_within_seconds=20),
    LineInputs("bins", "Bins", aht_seconds=180, patience_seconds=200, answer_within_seconds=20),
    LineInputs(
        "care",
        "Care",
        aht_seconds=420,
        patience_seconds=300,
        answer_within_seconds=60,
        service_level_target=0.9,
        max_abandonment=0.05,
    ),
)


def _each_interval_on_its_own(calls: np.ndarray) -> np.ndarray:
    agents = np.zeros(calls.shape, dtype=np.int64)
    for index, line in enumerate(LINES):
        agents[index] = erlang_a_required_grid(
            calls=calls[index],
            interval_seconds=1800,
            aht_seconds=line.aht_seconds,
            patience_seconds=line.patience_seconds,
            target_seconds=line.answer_within_seconds,
            target_service_level=line.service_level_target,
            max_abandonment=line.max_abandonment,
        ).agents
    return agents


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_required_agents_are_those_of_each_interval_worked_out_alone(seed: int) -> None:
    rng = np.random.default_rng(seed)
    calls = rng.poisson(
        rng.uniform(0, 40, size=(len(LINES), 1, SLOTS)), size=(len(LINES), 28, SLOTS)
    )
    calls = calls * np.array([1.0, 0.87, 0.5])[:, None, None]  # some moved online: fractions
    baseline = Baseline(
        lines=LINES,
        start=date(2024, 3, 4),
        interval_minutes=30,
        calls=calls.astype(np.float64),
        query_types={},
        phone_pence=150,
        online_pence=15,
    )
    aht = np.array([line.aht_seconds for line in LINES])

    assert np.array_equal(
        required_agents(baseline, baseline.calls, aht), _each_interval_on_its_own(calls)
    )

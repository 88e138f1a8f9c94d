"""Erlang C staffing for a week side by side with pyworkforce, in the same run (issue 6).

Run with `make bench`. The peer is pyworkforce (github.com/rodrigo-arenas/pyworkforce), installed
only for the benchmarks (`pip install -e .[bench]`), used as its documentation shows: one
`ErlangC(...)` per interval and its `required_positions`, in a loop. The problem is the week of
benchmarks/test_erlang_speed.py: 16 lines x 7 days x 48 half-hours, 80% answered in 20 s,
occupancy at most 0.9, shrinkage 0.3 (pyworkforce counts in minutes).

The two must agree on the agents in every interval; the benchmark checks that before it records
the ratio of the medians (`extra_info["ratio_to_civicdesk"]`). Positions after shrinkage are
counted apart (`extra_info["positions_one_more"]`): pyworkforce takes `ceil(agents / (1 -
shrinkage))` with no allowance for rounding, so 21 agents at 30% become 31 positions, not 30
(21 / 0.7 = 30.000000000000004).

pyworkforce has no Erlang A (its queuing module models no abandonment), so Erlang A has no peer
here: benchmarks/peers/README.md.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

import numpy as np
import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from benchmarks.test_erlang_speed import DAYS, INTERVALS, LINES, week
from civicdesk.planning.erlang_c import ErlangCGrid, erlang_c_required_grid

GROUP = "required agents, Erlang C, 16 x 7 x 48 half-hours"
LEVEL, SECONDS, MAX_OCCUPANCY, SHRINKAGE = 0.8, 20, 0.9, 0.3
CALLS, AHT, _ = week()
TIMES: dict[str, float] = {}


def ours() -> ErlangCGrid:
    return erlang_c_required_grid(
        calls=CALLS,
        interval_seconds=1800,
        aht_seconds=AHT,
        target_service_level=LEVEL,
        target_seconds=SECONDS,
        max_occupancy=MAX_OCCUPANCY,
        shrinkage=SHRINKAGE,
    )


def pyworkforce_week(erlang_c: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """pyworkforce's agents ("raw positions"), positions and service level for every interval."""
    agents = np.empty(CALLS.shape, dtype=np.int64)
    positions = np.empty(CALLS.shape, dtype=np.int64)
    service_level = np.empty(CALLS.shape)
    aht = np.broadcast_to(AHT, CALLS.shape)
    for index in np.ndindex(CALLS.shape):
        solution = erlang_c(
            transactions=float(CALLS[index]),
            aht=float(aht[index]) / 60,
            asa=SECONDS / 60,
            interval=30,
            shrinkage=SHRINKAGE,
        ).required_positions(service_level=LEVEL, max_occupancy=MAX_OCCUPANCY)
        agents[index] = solution["raw_positions"]
        positions[index] = solution["positions"]
        service_level[index] = solution["service_level"]
    return agents, positions, service_level


def test_civicdesk_erlang_c_week(benchmark: BenchmarkFixture) -> None:
    benchmark.group = GROUP
    grid = benchmark(ours)
    if benchmark.stats:
        TIMES["civicdesk"] = benchmark.stats.stats.median
    assert grid.agents.shape == (LINES, DAYS, INTERVALS)
    assert np.all(grid.service_level >= LEVEL)


@pytest.mark.skipif(
    importlib.util.find_spec("pyworkforce") is None,
    reason="the pyworkforce peer needs pyworkforce: pip install -e '.[bench]'",
)
def test_pyworkforce_erlang_c_week(benchmark: BenchmarkFixture) -> None:
    erlang_c = importlib.import_module("pyworkforce.queuing").ErlangC
    benchmark.group = GROUP
    agents, positions, service_level = benchmark(pyworkforce_week, erlang_c)
    grid = ours()
    assert np.array_equal(agents, grid.agents)
    assert service_level == pytest.approx(grid.service_level, abs=1e-9)
    one_more = positions - grid.positions
    assert set(np.unique(one_more)) <= {0, 1}
    benchmark.extra_info["positions_one_more"] = int(one_more.sum())
    if benchmark.stats and "civicdesk" in TIMES:
        ratio = benchmark.stats.stats.median / TIMES["civicdesk"]
        benchmark.extra_info["ratio_to_civicdesk"] = round(ratio, 1)

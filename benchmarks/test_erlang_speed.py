"""Staffing a whole week in one call (issue 6). Run with `make bench`.

A week of 16 lines x 7 days x 48 half-hours (5,376 intervals), every interval with calls (the
worst case: out-of-hours lines take a trickle overnight), busiest mid-morning, quieter at weekends,
between 20 and 400 calls a half-hour at each line's peak. The target is to work out the required
agents with exact Erlang A in under a second.
"""

from __future__ import annotations

import numpy as np
from pytest_benchmark.fixture import BenchmarkFixture

from civicdesk.planning.erlang_a import ErlangAGrid, erlang_a_grid, erlang_a_required_grid
from civicdesk.planning.erlang_c import ErlangCGrid, erlang_c_required_grid

LINES, DAYS, INTERVALS = 16, 7, 48


def week() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Calls per interval, and each line's AHT and mean patience in seconds."""
    rng = np.random.default_rng(2026)
    hour = np.arange(INTERVALS) / 2
    open_ = (hour >= 8) & (hour < 18)
    shape = np.where(open_, 0.5 + 0.5 * np.exp(-(((hour - 10.5) / 2.5) ** 2)), 0.05)
    days = np.array([1.0, 0.9, 0.85, 0.85, 0.8, 0.35, 0.2])
    peak = rng.uniform(20, 400, size=(LINES, 1, 1))
    noise = rng.uniform(0.85, 1.15, size=(LINES, DAYS, INTERVALS))
    calls = peak * days[None, :, None] * shape[None, None, :] * noise
    aht = rng.uniform(150, 600, size=(LINES, 1, 1))
    patience = rng.uniform(45, 300, size=(LINES, 1, 1))
    return calls, aht, patience


def test_required_agents_for_a_week_with_erlang_a(benchmark: BenchmarkFixture) -> None:
    calls, aht, patience = week()

    def staff() -> ErlangAGrid:
        return erlang_a_required_grid(
            calls=calls,
            interval_seconds=1800,
            aht_seconds=aht,
            patience_seconds=patience,
            target_service_level=0.8,
            target_seconds=20,
            max_abandonment=0.05,
            shrinkage=0.3,
        )

    grid = benchmark(staff)
    assert grid.agents.shape == (LINES, DAYS, INTERVALS)
    assert np.all(grid.service_level >= 0.8)
    assert np.all(grid.p_abandon <= 0.05)


def test_required_agents_for_a_week_with_erlang_c(benchmark: BenchmarkFixture) -> None:
    calls, aht, _ = week()

    def staff() -> ErlangCGrid:
        return erlang_c_required_grid(
            calls=calls,
            interval_seconds=1800,
            aht_seconds=aht,
            target_service_level=0.8,
            target_seconds=20,
            max_occupancy=0.9,
            shrinkage=0.3,
        )

    grid = benchmark(staff)
    assert grid.agents.shape == (LINES, DAYS, INTERVALS)
    assert np.all(grid.service_level >= 0.8)


def test_erlang_a_figures_for_a_rostered_week(benchmark: BenchmarkFixture) -> None:
    calls, aht, patience = week()
    agents = np.ceil(calls * aht / 1800)

    def figures() -> ErlangAGrid:
        return erlang_a_grid(
            calls=calls,
            interval_seconds=1800,
            aht_seconds=aht,
            patience_seconds=patience,
            agents=agents,
            target_seconds=20,
        )

    grid = benchmark(figures)
    assert np.all(np.isfinite(grid.ata_seconds))

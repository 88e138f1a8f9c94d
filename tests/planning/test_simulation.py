"""The simulation of lines: seeded, faithful to Erlang A, and measured as the call records are."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime

import numpy as np
import pytest

from civicdesk.performance.metrics import LineFigures, line_metrics
from civicdesk.planning.erlang_a import erlang_a
from civicdesk.planning.simulation import (
    LineCalls,
    LineModel,
    Replay,
    SimulationResult,
    metric_calls,
    simulate,
)
from civicdesk.planning.simulation_inputs import HandleTimes, fit_handle_times

HALF_HOUR = 1800.0
DAY = 48  # half-hour intervals
START = datetime(2025, 3, 3, tzinfo=UTC)


def day_open(first: int = 18, last: int = 34, days: int = 1) -> np.ndarray:
    """Open from interval `first` to before `last` (09:00 to 17:00 by default) every day."""
    return np.tile((np.arange(DAY) >= first) & (np.arange(DAY) < last), days)


def one_line(
    line: LineModel,
    *,
    calls: float,
    agents: int,
    intervals: int,
    seed: int,
    open_intervals: np.ndarray | None = None,
) -> SimulationResult:
    return simulate(
        [line],
        staffing=np.full((1, intervals), agents),
        arrivals=np.full((1, intervals), calls),
        interval_seconds=HALF_HOUR,
        seed=seed,
        open_intervals=None if open_intervals is None else open_intervals[None, :],
    )


def answered_intervals(calls: LineCalls) -> np.ndarray:
    return (calls.left_queue[calls.answered] // HALF_HOUR).astype(int)


def test_the_same_seed_gives_the_same_calls_and_another_seed_others() -> None:
    line = LineModel("Council Tax", HandleTimes("lognormal", 240, 0.8), patience_seconds=90)

    def run(seed: int) -> SimulationResult:
        return one_line(line, calls=60, agents=7, intervals=3 * DAY, seed=seed)

    first, again, other = run(7).lines["Council Tax"], run(7).lines["Council Tax"], run(8)
    for name in (f.name for f in fields(LineCalls)):
        assert np.array_equal(getattr(first.calls, name), getattr(again.calls, name)), name
    assert first.figures == again.figures
    assert other.lines["Council Tax"].figures != first.figures


@pytest.mark.parametrize(
    ("calls", "aht", "patience", "agents"),
    [
        (100, 180, 180, 10),  # patience as long as handling: the Poisson identity's case
        (130, 180, 120, 10),  # overloaded: more work offered than 10 agents can do
        (100, 240, 600, 15),  # patient residents, enough agents
    ],
)
def test_a_stationary_line_agrees_with_exact_erlang_a(
    calls: float, aht: float, patience: float, agents: int
) -> None:
    line = LineModel("Benefits", HandleTimes("exponential", aht), patience_seconds=patience)
    result = one_line(line, calls=calls, agents=agents, intervals=2500, seed=2025)
    figures = result.lines["Benefits"].figures
    exact = erlang_a(
        calls=calls,
        interval_seconds=HALF_HOUR,
        aht_seconds=aht,
        patience_seconds=patience,
        agents=agents,
    )
    # The model counts every abandon; the figures leave short ones out of abandoned_queue.
    abandoned = (figures.abandoned_queue + figures.short_abandons) / figures.presented
    assert figures.presented > 200_000
    assert abandoned == pytest.approx(exact.p_abandon, abs=0.01)
    assert figures.ata_seconds == pytest.approx(exact.ata_seconds, rel=0.05)
    assert figures.mean_wait_seconds == pytest.approx(exact.mean_wait_seconds, rel=0.05)


def test_calls_are_answered_only_while_the_line_is_open() -> None:
    line = LineModel("Waste", HandleTimes("exponential", 300), patience_seconds=None)
    opened = day_open(days=5)
    result = one_line(
        line, calls=40, agents=4, intervals=5 * DAY, seed=3, open_intervals=opened
    ).lines["Waste"]
    calls = result.calls
    assert result.refused > 0  # the forecast has calls at night: refused, not presented
    assert opened[(calls.arrival // HALF_HOUR).astype(int)].all()
    assert opened[answered_intervals(calls)].all()
    # Overloaded (80 calls of work for 40 agents' worth), nobody hangs up: waiting calls are
    # ended at 17:00 each day, as abandoned in the queue.
    closing = (np.arange(5) * DAY + 34) * HALF_HOUR
    cut = np.isin(calls.left_queue[~calls.answered], closing)
    assert cut.all()
    assert result.figures.abandoned_queue + result.figures.short_abandons == cut.size > 0


def test_no_call_is_answered_in_an_interval_without_agents() -> None:
    line = LineModel("Housing", HandleTimes("lognormal", 200, 0.6), patience_seconds=600)
    agents = np.tile([3, 3, 0, 0, 2, 0, 4, 1], 60)
    result = simulate(
        [line],
        staffing=agents[None, :],
        arrivals=np.full((1, agents.size), 15.0),
        interval_seconds=HALF_HOUR,
        seed=11,
    )
    calls = result.lines["Housing"].calls
    assert calls.answered.sum() > 1000
    assert (agents[answered_intervals(calls)] > 0).all()
    # Calls waiting through an empty interval are answered when agents come back on shift.
    from_empty = agents[(calls.arrival // HALF_HOUR).astype(int)] == 0
    assert (calls.answered & from_empty).any()


def test_transferred_tier_one_calls_join_the_tier_two_queue_when_handled() -> None:
    lines = [
        LineModel(
            "Benefits tier 1",
            HandleTimes("exponential", 240),
            patience_seconds=300,
            transfer_to="Benefits tier 2",
            transfer_share=0.25,
        ),
        LineModel("Benefits tier 2", HandleTimes("exponential", 600), patience_seconds=300),
    ]
    intervals = 5 * DAY
    result = simulate(
        lines,
        staffing=np.array([np.full(intervals, 8), np.full(intervals, 3)]),
        arrivals=np.array([np.full(intervals, 50.0), np.zeros(intervals)]),
        interval_seconds=HALF_HOUR,
        open_intervals=np.array([day_open(18, 34, 5), day_open(18, 33, 5)]),
        seed=5,
    )
    tier1, tier2 = result.lines["Benefits tier 1"], result.lines["Benefits tier 2"]
    sent = np.sort(tier1.calls.ended[tier1.calls.transferred])
    assert tier1.figures.transferred == sent.size > 100
    assert tier1.figures.transfer_rate == pytest.approx(0.25, abs=0.03)
    assert tier2.calls.from_transfer.all()  # tier 2 has no calls of its own
    # Every transfer arrives when tier 1 finished with it; those after 16:30 find tier 2 closed.
    presented = day_open(18, 33, 5)[(sent // HALF_HOUR).astype(int)]
    assert np.array_equal(tier2.calls.arrival, sent[presented])
    assert tier2.refused == np.count_nonzero(~presented) > 0
    assert result.total().presented == tier1.figures.presented + tier2.figures.presented


def test_the_figures_are_those_line_metrics_gives_for_the_same_calls() -> None:
    lines = [
        LineModel("Tier 1", HandleTimes("lognormal", 200, 0.9), 40.0, "Tier 2", 0.2),
        LineModel("Tier 2", HandleTimes("exponential", 400), 60.0),
    ]
    intervals = 2 * DAY
    result = simulate(
        lines,
        staffing=np.array([np.full(intervals, 4), np.full(intervals, 2)]),
        arrivals=np.array([np.full(intervals, 40.0), np.full(intervals, 3.0)]),
        interval_seconds=HALF_HOUR,
        open_intervals=np.tile(day_open(16, 36, 2), (2, 1)),
        seed=99,
        service_level_seconds=30,
    )
    records = [
        call
        for name, line in result.lines.items()
        for call in metric_calls(name, line.calls, START)
    ]
    measured = {
        figures.line: figures for figures in line_metrics(records, service_level_seconds=30)
    }
    for name, line in result.lines.items():
        simulated = line.figures
        assert simulated.short_abandons > 0
        assert simulated.abandoned_queue > 0
        assert_same_figures(simulated, measured[name])


def assert_same_figures(simulated: LineFigures, measured: LineFigures) -> None:
    """Counts and the service level exactly; averages to the microsecond of a call record."""
    for name in (f.name for f in fields(LineFigures)):
        ours, theirs = getattr(simulated, name), getattr(measured, name)
        if name in ("ata_seconds", "mean_wait_seconds", "aht_seconds"):
            assert ours == pytest.approx(theirs, abs=1e-6), name
        else:
            assert ours == theirs, name


def test_replayed_calls_keep_their_arrival_and_handle_times() -> None:
    rng = np.random.default_rng(1)
    arrivals = rng.uniform(0, 4 * HALF_HOUR, 300)
    handle = rng.uniform(60, 600, 300)
    line = LineModel("Parking", HandleTimes("exponential", 1), patience_seconds=None)
    result = simulate(
        [line],
        staffing=np.full((1, 4), 50),
        arrivals=Replay({"Parking": arrivals}, {"Parking": handle}),
        interval_seconds=HALF_HOUR,
        seed=0,
    )
    calls = result.lines["Parking"].calls
    order = np.argsort(arrivals)
    assert np.array_equal(calls.arrival, arrivals[order])
    assert calls.answered.all()  # 50 agents: nobody waits
    assert np.array_equal(calls.handle, handle[order])
    assert result.lines["Parking"].figures.ata_seconds == 0


def test_handle_time_fits_recover_the_distribution() -> None:
    rng = np.random.default_rng(42)
    observed = rng.lognormal(np.log(250), 0.7, 50_000)
    mle = fit_handle_times(observed)
    assert mle.sigma == pytest.approx(0.7, rel=0.02)
    assert mle.mu == pytest.approx(np.log(250), abs=0.01)
    moments = fit_handle_times(observed, method="moments")
    assert moments.mean_seconds == pytest.approx(observed.mean())
    drawn = moments.sample(np.random.default_rng(0), 200_000)
    assert drawn.var() == pytest.approx(observed.var(), rel=0.1)
    exponential = fit_handle_times([100, 200, 300], kind="exponential")
    assert exponential == HandleTimes("exponential", 200.0)
    with pytest.raises(ValueError, match="non-negative"):
        fit_handle_times([120, -1])


def test_transfers_that_loop_are_refused() -> None:
    lines = [
        LineModel("A", HandleTimes("exponential", 60), transfer_to="B", transfer_share=0.1),
        LineModel("B", HandleTimes("exponential", 60), transfer_to="A", transfer_share=0.1),
    ]
    with pytest.raises(ValueError, match="loop"):
        simulate(
            lines,
            staffing=np.ones((2, 2), dtype=int),
            arrivals=np.ones((2, 2)),
            interval_seconds=HALF_HOUR,
            seed=0,
        )

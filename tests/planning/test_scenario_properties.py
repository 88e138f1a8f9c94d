"""Properties of every scenario: calls are neither made nor lost by moving them, and more agents
never make waiting worse."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from civicdesk.planning.scenario_baseline import Baseline, LineInputs, QueryTypeShare
from civicdesk.planning.scenario_model import compare
from civicdesk.planning.scenarios import HoursChange, OnlineShift, StaffingChange

SLOTS = 48
OPEN = np.zeros((7, SLOTS), dtype=bool)
OPEN[:, 16:36] = True  # 08:00 to 18:00

calls_grids = arrays(
    np.float64, (2, SLOTS), elements=st.floats(0, 60, allow_nan=False, allow_infinity=False)
)
fractions = st.floats(0, 1, allow_nan=False)


def _baseline(calls: np.ndarray, share: float, agents: np.ndarray | None = None) -> Baseline:
    calls = np.where(OPEN[:2], calls, 0.0)  # Monday and Tuesday, calls only while open
    line = LineInputs("line", "Line", aht_seconds=240, patience_seconds=400, opening=OPEN)
    return Baseline(
        lines=(line,),
        start=date(2023, 8, 7),
        interval_minutes=30,
        calls=calls[None],
        query_types={"query": QueryTypeShare("query", "Query", 0, share)},
        phone_pence=150,
        online_pence=15,
        agents=None if agents is None else agents[None],
    )


@settings(max_examples=30, deadline=None)
@given(calls_grids, fractions, fractions, fractions)
def test_calls_moved_online_and_calls_left_add_up_to_the_calls_before(
    calls: np.ndarray, share: float, moved: float, assisted: float
) -> None:
    result = compare(_baseline(calls, share), [OnlineShift("query", moved, assisted)])
    before, after = result.before.total, result.after.total
    assert np.isclose(after.calls + after.moved_online, before.calls)
    assert np.isclose(after.moved_online, before.calls * share * moved * (1 - assisted))
    assert np.isclose(before.cost_pence - after.cost_pence, after.moved_online * (150 - 15))


@settings(max_examples=30, deadline=None)
@given(calls_grids, st.integers(8, 16), st.integers(1, 8))
def test_calls_ring_again_in_the_hours_left_so_none_are_lost(
    calls: np.ndarray, opens: int, hours: int
) -> None:
    change = HoursChange("line", {0: f"{opens:02}:00-{opens + hours:02}:00", 1: "10:00-11:00"})
    result = compare(_baseline(calls, 0.0), [change])
    assert np.isclose(result.after.total.calls, result.before.total.calls)
    assert result.after.total.refused == 0
    dropped = compare(_baseline(calls, 0.0), [HoursChange("line", {0: "", 1: ""}, "drop")])
    assert dropped.after.total.calls == 0
    assert np.isclose(dropped.after.total.refused, result.before.total.calls)


@settings(max_examples=30, deadline=None)
@given(calls_grids, st.integers(0, 15), st.integers(1, 5))
def test_more_agents_never_make_waiting_or_abandoning_worse(
    calls: np.ndarray, agents: int, more: int
) -> None:
    staffing = np.where(OPEN[:2], agents, 0).astype(np.int64)
    result = compare(_baseline(calls, 0.0, staffing), [StaffingChange("line", add=more)])
    before, after = result.before.total, result.after.total
    assert after.staff_hours == before.staff_hours + more * 20 / 2 * 2  # 10 hours, 2 days
    if before.calls > 0:
        assert after.abandonment is not None
        assert before.abandonment is not None
        assert after.abandonment <= before.abandonment + 1e-12
        assert after.mean_wait_seconds is not None
        assert before.mean_wait_seconds is not None
        assert after.mean_wait_seconds <= before.mean_wait_seconds + 1e-9

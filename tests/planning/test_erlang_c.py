"""Erlang C staffing: the textbook case, an independent formula, and whole weeks in one call."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civicdesk.planning.erlang_c import (
    erlang_c,
    erlang_c_grid,
    erlang_c_required,
    erlang_c_required_grid,
)

CLASSIC = {"calls": 100, "interval_seconds": 1800, "aht_seconds": 180}


def textbook(load: float, agents: int, target: float, aht: float) -> tuple[float, float, float]:
    """P(wait), service level and ASA straight from the Erlang C formula, summed in logs."""
    logs = [j * math.log(load) - math.lgamma(j + 1) for j in range(agents)]
    top = agents * math.log(load) - math.lgamma(agents + 1) + math.log(agents / (agents - load))
    peak = max([*logs, top])
    below = math.fsum(math.exp(v - peak) for v in logs)
    p_wait = math.exp(top - peak) / (below + math.exp(top - peak))
    rate = (agents - load) / aht
    return p_wait, 1 - p_wait * math.exp(-rate * target), p_wait / rate


def test_the_classic_case_needs_14_agents() -> None:
    assert round(erlang_c(**CLASSIC, agents=13).service_level, 4) == 0.7956
    assert round(erlang_c(**CLASSIC, agents=14).service_level, 4) == 0.8884
    required = erlang_c_required(**CLASSIC, target_service_level=0.8, target_seconds=20)
    assert required.agents == 14
    assert required.service_level == pytest.approx(0.8884, abs=5e-5)


def test_the_classic_case_figures_match_the_textbook_formula() -> None:
    result = erlang_c(**CLASSIC, agents=14)
    p_wait, service_level, asa = textbook(10.0, 14, 20, 180)
    assert result.p_wait == pytest.approx(p_wait, rel=1e-12)
    assert result.service_level == pytest.approx(service_level, rel=1e-12)
    assert result.ata_seconds == pytest.approx(asa, rel=1e-12)
    assert result.mean_wait_seconds == result.ata_seconds
    assert result.occupancy == pytest.approx(10 / 14)


def test_shrinkage_turns_agents_into_positions() -> None:
    required = erlang_c_required(
        **CLASSIC, target_service_level=0.8, target_seconds=20, shrinkage=0.3
    )
    assert (required.agents, required.positions) == (14, 20)  # 14 / 0.7 is 20, not 21
    assert erlang_c(**CLASSIC, agents=14, shrinkage=0.35).positions == 22


def test_a_maximum_occupancy_can_need_more_agents() -> None:
    required = erlang_c_required(
        **CLASSIC, target_service_level=0.8, target_seconds=20, max_occupancy=0.7
    )
    assert required.agents == 15  # 10 / 14 = 0.714 is too busy
    assert required.occupancy <= 0.7


def test_as_many_agents_as_the_load_is_unstable() -> None:
    result = erlang_c(**CLASSIC, agents=10)  # offered load is exactly 10 Erlangs
    assert (result.p_wait, result.service_level, result.occupancy) == (1.0, 0.0, 1.0)
    assert result.ata_seconds == math.inf
    assert erlang_c_required(**CLASSIC, target_service_level=0.01).agents == 11


def test_no_calls_need_no_agents() -> None:
    required = erlang_c_required(
        calls=0, interval_seconds=1800, aht_seconds=300, target_service_level=0.9
    )
    assert (required.agents, required.positions) == (0, 0)
    assert (required.service_level, required.p_wait, required.occupancy) == (1.0, 0.0, 0.0)


def test_hundreds_of_agents_match_the_textbook_formula() -> None:
    # 1,600 calls of 5 minutes in half an hour: 266.7 Erlangs.
    for agents in (267, 280, 300, 400):
        result = erlang_c(calls=1600, interval_seconds=1800, aht_seconds=300, agents=agents)
        p_wait, service_level, asa = textbook(1600 * 300 / 1800, agents, 20, 300)
        assert result.p_wait == pytest.approx(p_wait, rel=1e-10, abs=1e-300)
        assert result.service_level == pytest.approx(service_level, rel=1e-10)
        assert result.ata_seconds == pytest.approx(asa, rel=1e-10, abs=1e-300)


def test_a_week_of_lines_in_one_call_matches_interval_by_interval() -> None:
    rng = np.random.default_rng(7)
    calls = rng.uniform(0, 300, size=(16, 7, 48))
    calls[:, :, :16] = 0  # closed overnight
    aht = rng.uniform(150, 600, size=(16, 1, 1))
    grid = erlang_c_required_grid(
        calls=calls, interval_seconds=1800, aht_seconds=aht, target_service_level=0.8
    )
    assert grid.agents.shape == grid.service_level.shape == (16, 7, 48)
    assert np.all(grid.agents[:, :, :16] == 0)
    assert np.all(grid.service_level >= 0.8)
    for index in [(0, 0, 20), (3, 6, 47), (15, 2, 30), (9, 4, 0)]:
        one = erlang_c_required(
            calls=float(calls[index]),
            interval_seconds=1800,
            aht_seconds=float(aht[index[0], 0, 0]),
            target_service_level=0.8,
        )
        assert grid.at(index) == one


@settings(max_examples=60, deadline=None)
@given(
    calls=st.floats(0.5, 3000),
    interval=st.sampled_from([900, 1800]),
    aht=st.floats(30, 900),
    target=st.floats(0, 120),
    target_sl=st.floats(0.3, 0.95),
)
def test_required_agents_is_the_fewest_that_meet_the_target(
    calls: float, interval: int, aht: float, target: float, target_sl: float
) -> None:
    inputs = {"calls": calls, "interval_seconds": interval, "aht_seconds": aht}
    required = erlang_c_required(**inputs, target_service_level=target_sl, target_seconds=target)
    assert required.agents > calls * aht / interval
    assert required.service_level >= target_sl
    one_fewer = erlang_c(**inputs, agents=required.agents - 1, target_seconds=target)
    assert one_fewer.service_level < target_sl


@settings(max_examples=60, deadline=None)
@given(load=st.floats(0.05, 400), extra=st.floats(0.01, 60), target=st.floats(0, 300))
def test_figures_match_the_textbook_formula(load: float, extra: float, target: float) -> None:
    agents = math.floor(load + extra) + 1
    result = erlang_c(
        calls=load, interval_seconds=300, aht_seconds=300, agents=agents, target_seconds=target
    )
    p_wait, service_level, asa = textbook(load, agents, target, 300)
    assert result.p_wait == pytest.approx(p_wait, rel=1e-9, abs=1e-14)
    assert result.service_level == pytest.approx(service_level, rel=1e-9, abs=1e-14)
    assert result.ata_seconds == pytest.approx(asa, rel=1e-9, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(calls=st.floats(1, 2000), aht=st.floats(60, 900), target=st.floats(0, 120))
def test_more_agents_never_lower_the_service_level(calls: float, aht: float, target: float) -> None:
    agents = np.arange(1, 600)
    grid = erlang_c_grid(
        calls=calls, interval_seconds=1800, aht_seconds=aht, agents=agents, target_seconds=target
    )
    assert np.all(np.diff(grid.service_level) >= -1e-12)
    assert np.all(np.diff(grid.p_wait) <= 1e-12)
    assert np.all((grid.p_wait >= 0) & (grid.p_wait <= 1))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("calls", -1, "calls must be at least 0"),
        ("aht_seconds", 0, "aht_seconds must be above 0"),
        ("shrinkage", 1, "shrinkage must be below 1"),
        ("calls", math.nan, "calls must be finite"),
        ("target_service_level", 1, "target_service_level must be in"),
    ],
)
def test_bad_inputs_are_refused(field: str, value: float, message: str) -> None:
    inputs: dict[str, float] = {**CLASSIC, "target_service_level": 0.8, field: value}
    with pytest.raises(ValueError, match=message):
        erlang_c_required(**inputs)


def test_agents_must_be_whole() -> None:
    with pytest.raises(ValueError, match="agents must be whole"):
        erlang_c_grid(**CLASSIC, agents=[12, 12.5])

"""Erlang A (M/M/n+M): exact figures against a brute-force birth-death chain, and identities."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.linalg import expm  # type: ignore[import-untyped]
from scipy.stats import poisson  # type: ignore[import-untyped]

from civicdesk.planning.erlang_a import (
    ErlangAResult,
    erlang_a,
    erlang_a_grid,
    erlang_a_required,
    erlang_a_required_grid,
)
from civicdesk.planning.erlang_c import erlang_c, erlang_c_required
from civicdesk.planning.erlang_common import log_kummer

CLASSIC = {"calls": 100, "interval_seconds": 1800, "aht_seconds": 180}
FIGURES = (
    "p_wait",
    "p_abandon",
    "service_level",
    "service_level_answered",
    "ata_seconds",
    "mean_wait_seconds",
    "occupancy",
)


def brute_force(lam: float, mu: float, theta: float, n: int, target: float) -> dict[str, float]:
    """The figures from a truncated birth-death chain and the tagged call's absorbing chain.

    The stationary distribution comes from the rates alone; a call arriving with k waiting ahead
    moves up at rate nμ + kθ, hangs up at rate θ, and its fate and timing come from the
    generator (a matrix exponential for "answered by T", the fundamental matrix for means).
    """
    ahead = math.ceil(lam / theta + 12 * math.sqrt(lam / theta) + 40)
    states = np.arange(1, n + ahead + 1)
    deaths = np.where(states <= n, states * mu, n * mu + (states - n) * theta)
    log_pi = np.concatenate([[0.0], np.cumsum(np.log(lam) - np.log(deaths))])
    pi = np.exp(log_pi - log_pi.max())
    pi /= pi.sum()
    k = np.arange(ahead)
    generator = np.zeros((ahead + 2, ahead + 2))  # then "answered", then "abandoned"
    moves = n * mu + k * theta
    generator[k[1:], k[1:] - 1] = moves[1:]
    generator[0, ahead] = n * mu
    generator[k, ahead + 1] = theta
    generator[k, k] = -(moves + theta)
    fundamental = np.linalg.inv(-generator[:ahead, :ahead])
    answered = fundamental @ generator[:ahead, ahead]
    answered_by_target = expm(generator * target)[:ahead, ahead]
    waiting = pi[n : n + ahead]
    p_abandon = float(waiting @ (1 - answered))
    service_level = float(pi[:n].sum() + waiting @ answered_by_target)
    return {
        "p_wait": float(pi[n:].sum()),
        "p_abandon": p_abandon,
        "service_level": service_level,
        "service_level_answered": service_level / (1 - p_abandon),
        "ata_seconds": float(waiting @ (fundamental @ answered)) / (1 - p_abandon),
        "mean_wait_seconds": float(waiting @ fundamental.sum(axis=1)),
        "occupancy": lam * (1 - p_abandon) / (mu * n),
    }


def model(lam: float, mu: float, theta: float, n: int, target: float) -> ErlangAResult:
    return erlang_a(
        calls=lam,
        interval_seconds=1,
        aht_seconds=1 / mu,
        patience_seconds=1 / theta,
        agents=n,
        target_seconds=target,
    )


def assert_matches_brute_force(lam: float, mu: float, theta: float, n: int, t: float) -> None:
    result = model(lam, mu, theta, n, t)
    for name, expected in brute_force(lam, mu, theta, n, t).items():
        assert getattr(result, name) == pytest.approx(expected, rel=1e-8, abs=1e-12), name


def test_patience_equal_to_handling_time_makes_the_number_in_system_poisson() -> None:
    # θ = μ: every call in the system leaves at rate μ, so it is M/M/∞ with Poisson(10) calls.
    result = model(lam=10, mu=1, theta=1, n=12, target=0)
    assert round(result.p_wait, 6) == 0.303224
    assert round(result.p_abandon, 6) == 0.053092
    assert result.p_wait == pytest.approx(poisson.sf(11, 10), rel=1e-12)
    over = sum((j - 12) * poisson.pmf(j, 10) for j in range(13, 200))
    assert result.p_abandon == pytest.approx(over / 10, rel=1e-12)


def test_abandonment_is_patience_rate_times_mean_wait_of_all_calls() -> None:
    for lam, mu, theta, n in [(10, 1, 1, 12), (5, 0.5, 0.2, 8), (30, 1, 3, 25), (4, 1, 0.1, 3)]:
        expected = brute_force(lam, mu, theta, n, 0)
        result = model(lam, mu, theta, n, 0)
        assert result.mean_wait_seconds == pytest.approx(expected["mean_wait_seconds"], rel=1e-9)
        assert result.p_abandon == pytest.approx(theta * expected["mean_wait_seconds"], rel=1e-9)


@pytest.mark.parametrize("agents", [11, 12, 13, 14, 16, 20])
def test_very_long_patience_tends_to_erlang_c(agents: int) -> None:
    c = erlang_c(**CLASSIC, agents=agents)
    for patience, tolerance in [(1e6, 1e-2), (1e9, 1e-5)]:
        a = erlang_a(**CLASSIC, agents=agents, patience_seconds=patience)
        assert a.p_wait == pytest.approx(c.p_wait, rel=tolerance)
        assert a.service_level == pytest.approx(c.service_level, rel=tolerance)
        assert a.ata_seconds == pytest.approx(c.ata_seconds, rel=tolerance)
        assert a.occupancy == pytest.approx(c.occupancy, rel=tolerance)
        assert a.p_abandon < tolerance


def test_with_very_long_patience_the_classic_case_still_needs_14() -> None:
    required = erlang_a_required(
        **CLASSIC, patience_seconds=1e9, target_service_level=0.8, target_seconds=20
    )
    assert required.agents == erlang_c_required(**CLASSIC, target_service_level=0.8).agents == 14


@settings(max_examples=40, deadline=None)
@given(
    lam=st.floats(0.05, 30),
    mu=st.floats(0.1, 2),
    theta=st.floats(0.05, 5),
    n=st.integers(1, 40),
    target_in_aht=st.floats(0, 5),
)
def test_figures_match_the_birth_death_chain(
    lam: float, mu: float, theta: float, n: int, target_in_aht: float
) -> None:
    theta = max(theta, lam / 60)  # keeps the brute-force chain small
    assert_matches_brute_force(lam, mu, theta, n, target_in_aht / mu)


@pytest.mark.parametrize(
    ("lam", "mu", "theta", "n", "target"),
    [
        (320, 1, 2, 300, 0.3),  # hundreds of agents, overloaded
        (380, 1, 1, 400, 0.1),  # hundreds of agents, just under
        (200, 1, 5, 300, 0.05),  # hardly anyone waits
        (0.5, 1, 0.01, 1, 3),  # very patient, one agent
        (50, 1, 20, 3, 0.1),  # very impatient, swamped
    ],
)
def test_extreme_intervals_match_the_birth_death_chain(
    lam: float, mu: float, theta: float, n: int, target: float
) -> None:
    assert_matches_brute_force(lam, mu, theta, n, target)


def test_a_swamped_line_follows_the_fluid_limit() -> None:
    # 12,000 calls of 5 minutes in half an hour on 300 agents: rho = 6.7. Nearly every agent is
    # busy, 1 - n/a of calls hang up, and answered calls waited log(rho) patience times.
    result = erlang_a(
        calls=12_000, interval_seconds=1800, aht_seconds=300, patience_seconds=600, agents=300
    )
    rho = 12_000 * 300 / 1800 / 300
    assert result.p_wait == 1.0
    assert result.occupancy == pytest.approx(1, abs=1e-3)
    assert result.p_abandon == pytest.approx(1 - 1 / rho, abs=1e-3)
    assert result.ata_seconds == pytest.approx(600 * math.log(rho), rel=1e-2)


def test_figures_stay_finite_and_in_range_everywhere() -> None:
    agents = np.arange(1, 900, 7)[:, None, None]
    calls = np.array([0.01, 1, 50, 400, 2000, 20_000])[None, :, None]
    patience = np.array([1e-3, 1, 60, 600, 1e5, 1e9])[None, None, :]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for target in (0, 20, 1e7):
            grid = erlang_a_grid(
                calls=calls,
                interval_seconds=1800,
                aht_seconds=300,
                patience_seconds=patience,
                agents=agents,
                target_seconds=target,
            )
            for name in FIGURES:
                values = getattr(grid, name)
                assert np.all(np.isfinite(values)), name
                if name not in ("ata_seconds", "mean_wait_seconds"):
                    assert np.all((values >= 0) & (values <= 1)), name
            # More agents: service level up, abandonment and occupancy down.
            assert np.all(np.diff(grid.service_level, axis=0) >= -1e-9)
            assert np.all(np.diff(grid.p_abandon, axis=0) <= 1e-9)
            assert np.all(np.diff(grid.occupancy, axis=0) <= 1e-9)


def test_service_levels_at_no_wait_and_at_any_wait() -> None:
    inputs = {**CLASSIC, "patience_seconds": 120, "agents": 12}
    now = erlang_a(**inputs, target_seconds=0)
    ever = erlang_a(**inputs, target_seconds=1e6)
    assert now.service_level == pytest.approx(1 - now.p_wait, rel=1e-12)
    assert ever.service_level == pytest.approx(1 - ever.p_abandon, rel=1e-12)
    assert ever.service_level_answered == pytest.approx(1, rel=1e-12)
    middle = erlang_a(**inputs, target_seconds=20)
    assert middle.service_level_answered == pytest.approx(
        middle.service_level / (1 - middle.p_abandon), rel=1e-12
    )


def test_no_calls_and_no_agents() -> None:
    quiet = erlang_a_required(
        calls=0, interval_seconds=1800, aht_seconds=300, patience_seconds=60,
        target_service_level=0.8,
    )  # fmt: skip
    assert (quiet.agents, quiet.service_level, quiet.p_abandon, quiet.occupancy) == (0, 1, 0, 0)
    unstaffed = erlang_a(**CLASSIC, patience_seconds=90, agents=0)
    assert (unstaffed.p_wait, unstaffed.p_abandon, unstaffed.service_level) == (1, 1, 0)
    assert unstaffed.mean_wait_seconds == 90
    assert math.isnan(unstaffed.ata_seconds)


def test_an_abandonment_cap_can_need_more_agents() -> None:
    inputs = {**CLASSIC, "patience_seconds": 30, "target_service_level": 0.5}
    loose = erlang_a_required(**inputs)
    capped = erlang_a_required(**inputs, max_abandonment=0.01)
    assert capped.agents > loose.agents
    assert capped.p_abandon <= 0.01
    assert erlang_a(**CLASSIC, patience_seconds=30, agents=capped.agents - 1).p_abandon > 0.01


@settings(max_examples=60, deadline=None)
@given(
    calls=st.floats(0.5, 3000),
    aht=st.floats(30, 900),
    patience=st.floats(5, 3600),
    target=st.floats(0, 120),
    target_sl=st.floats(0.3, 0.95),
    max_abandonment=st.none() | st.floats(0.005, 0.3),
    max_occupancy=st.none() | st.floats(0.5, 1),
)
def test_required_agents_is_the_fewest_that_meet_every_target(
    calls: float,
    aht: float,
    patience: float,
    target: float,
    target_sl: float,
    max_abandonment: float | None,
    max_occupancy: float | None,
) -> None:
    inputs = {
        "calls": calls,
        "interval_seconds": 1800,
        "aht_seconds": aht,
        "patience_seconds": patience,
        "target_seconds": target,
    }
    required = erlang_a_required(
        **inputs,
        target_service_level=target_sl,
        max_abandonment=max_abandonment,
        max_occupancy=max_occupancy,
    )

    def meets(result: ErlangAResult) -> bool:
        return (
            result.service_level >= target_sl
            and (max_abandonment is None or result.p_abandon <= max_abandonment)
            and (max_occupancy is None or result.occupancy <= max_occupancy)
        )

    assert meets(required)
    assert not meets(erlang_a(**inputs, agents=required.agents - 1))


def test_a_week_of_lines_in_one_call_matches_interval_by_interval() -> None:
    rng = np.random.default_rng(11)
    calls = rng.uniform(0, 400, size=(16, 7, 48))
    calls[:, :, :16] = 0
    aht = rng.uniform(150, 600, size=(16, 1, 1))
    patience = rng.uniform(30, 300, size=(16, 1, 1))
    grid = erlang_a_required_grid(
        calls=calls,
        interval_seconds=1800,
        aht_seconds=aht,
        patience_seconds=patience,
        target_service_level=0.8,
        max_abandonment=0.05,
        shrinkage=0.3,
    )
    assert grid.agents.shape == grid.ata_seconds.shape == (16, 7, 48)
    assert np.all(grid.agents[:, :, :16] == 0)
    assert np.all(grid.positions == np.ceil(grid.agents / 0.7 - 1e-9))
    for index in [(0, 0, 20), (5, 6, 47), (15, 3, 30)]:
        line = index[0]
        one = erlang_a_required(
            calls=float(calls[index]),
            interval_seconds=1800,
            aht_seconds=float(aht[line, 0, 0]),
            patience_seconds=float(patience[line, 0, 0]),
            target_service_level=0.8,
            max_abandonment=0.05,
            shrinkage=0.3,
        )
        assert grid.at(index) == one


@settings(max_examples=200, deadline=None)
@given(s=st.floats(0.01, 5e4), x=st.floats(0, 5e4))
def test_the_queue_sum_matches_its_series(s: float, x: float) -> None:
    # log M(1, s+1, x) = log Σ_k Π_{i≤k} x/(s+i), summed term by term (in logs, with fsum).
    k = np.arange(1, int(x + 20 * math.sqrt(x) + 60))
    with np.errstate(divide="ignore"):
        logs = np.concatenate([[0.0], np.cumsum(np.log(x) - np.log(s + k))])
    peak = logs.max()
    if peak == 0:  # the first term, 1, is the largest: keep the digits of a small sum
        expected = math.log1p(math.fsum(np.exp(logs[1:])))
    else:
        expected = peak + math.log(math.fsum(np.exp(logs - peak)))
    got = float(log_kummer(np.array([s]), np.array([x]))[0])
    assert got == pytest.approx(expected, rel=1e-10, abs=1e-12)


def test_patience_must_be_positive() -> None:
    with pytest.raises(ValueError, match="patience_seconds must be above 0"):
        erlang_a(**CLASSIC, patience_seconds=0, agents=12)

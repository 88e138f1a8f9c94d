"""Erlang C (M/M/n): residents who find every agent busy wait, however long it takes.

Inputs are per interval and broadcast together, so a whole week of intervals for many lines
(arrays shaped, say, (16 lines, 7 days, 48 half-hours)) is one call:

- ``calls``: calls offered in the interval (a forecast, so it need not be whole);
- ``interval_seconds``: the interval's length (900 or 1800);
- ``aht_seconds``: average handling time, talk plus wrap;
- ``target_seconds``: T of the service level;
- ``agents``: agents on the phones; ``shrinkage``: the share of paid time off the phones, so that
  ``positions = ceil(agents / (1 - shrinkage))``.

With no one abandoning, every call is answered, so the service level of all calls and of answered
calls are the same: calls answered within T over all calls, ``1 - P(wait) e^{-(nμ - λ)T}``. It
matches ``service_level`` in docs/metrics.md when no one abandons. When the offered load
``a = λ * AHT`` is at or above the agents the queue grows without limit: we report P(wait) 1,
service level 0, infinite waits and occupancy 1. An interval with no calls has P(wait) 0, service
level 1, no wait and occupancy 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special  # type: ignore[import-untyped]

from civicdesk.planning.erlang_common import (
    TARGET_SLACK,
    ArrayLike,
    BoolArray,
    FloatArray,
    IntArray,
    Intervals,
    checked_fraction,
    intervals,
    log_erlang_b_odds,
    positions,
    smallest_agents,
)


@dataclass(frozen=True)
class ErlangCGrid:
    """Erlang C figures for every interval, each array shaped like the broadcast inputs."""

    agents: IntArray
    positions: IntArray
    service_level: FloatArray
    """Calls answered within T over all calls."""
    p_wait: FloatArray
    """Probability that a call waits at all."""
    ata_seconds: FloatArray
    """Average time to answer (average speed of answer) of answered calls: here all calls."""
    mean_wait_seconds: FloatArray
    """Mean wait of all calls; equal to ``ata_seconds`` since no one abandons."""
    occupancy: FloatArray
    """Offered load over agents: the share of their time agents spend handling calls."""

    def at(self, index: tuple[int, ...] = ()) -> ErlangCResult:
        """The figures of one interval (``()`` for a grid made from scalars)."""
        return ErlangCResult(
            agents=int(self.agents[index]),
            positions=int(self.positions[index]),
            service_level=float(self.service_level[index]),
            p_wait=float(self.p_wait[index]),
            ata_seconds=float(self.ata_seconds[index]),
            mean_wait_seconds=float(self.mean_wait_seconds[index]),
            occupancy=float(self.occupancy[index]),
        )


@dataclass(frozen=True)
class ErlangCResult:
    """Erlang C figures of one interval; the fields mean what they mean in ``ErlangCGrid``."""

    agents: int
    positions: int
    service_level: float
    p_wait: float
    ata_seconds: float
    mean_wait_seconds: float
    occupancy: float


def _figures(cases: Intervals) -> ErlangCGrid:
    lam, mu, load, agents = cases.arrival, cases.service, cases.load, cases.agents
    stable = (agents > load) & (lam > 0)
    n, a = agents[stable], load[stable]
    # P(wait) = 1 / (1 + (1 - rho)(1/B - 1)), B the Erlang B loss probability.
    log_p = special.log_expit(-(np.log1p(-a / n) + log_erlang_b_odds(n, a)))
    p_stable = np.exp(log_p)
    decay = (n - a) * mu[stable]  # nμ - λ, per second

    p_wait = np.where(lam > 0, 1.0, 0.0)
    p_wait[stable] = p_stable
    service_level = np.where(lam > 0, 0.0, 1.0)
    service_level[stable] = -np.expm1(log_p - decay * cases.target[stable])
    wait = np.where(lam > 0, np.inf, 0.0)
    wait[stable] = p_stable / decay
    occupancy = np.where(lam > 0, 1.0, 0.0)
    occupancy[stable] = a / n
    whole = agents.astype(np.int64)
    return ErlangCGrid(
        agents=whole,
        positions=positions(whole, cases.shrinkage),
        service_level=service_level,
        p_wait=p_wait,
        ata_seconds=wait,
        mean_wait_seconds=wait.copy(),
        occupancy=occupancy,
    )


def erlang_c_grid(
    *,
    calls: ArrayLike,
    interval_seconds: ArrayLike,
    aht_seconds: ArrayLike,
    agents: ArrayLike,
    target_seconds: ArrayLike = 20,
    shrinkage: ArrayLike = 0.0,
) -> ErlangCGrid:
    """Erlang C figures for the given agents in every interval (inputs broadcast together)."""
    return _figures(
        intervals(
            calls=calls,
            interval_seconds=interval_seconds,
            aht_seconds=aht_seconds,
            target_seconds=target_seconds,
            shrinkage=shrinkage,
            agents=agents,
        )
    )


def erlang_c_required_grid(
    *,
    calls: ArrayLike,
    interval_seconds: ArrayLike,
    aht_seconds: ArrayLike,
    target_service_level: float,
    target_seconds: ArrayLike = 20,
    max_occupancy: float | None = None,
    shrinkage: ArrayLike = 0.0,
) -> ErlangCGrid:
    """The fewest agents per interval meeting the targets, with their Erlang C figures.

    The smallest ``n`` above the offered load ``a`` (else the queue is unstable) whose service
    level is at least ``target_service_level`` and, when given, whose occupancy ``a / n`` is at
    most ``max_occupancy``. No agents are needed in an interval with no calls.
    """
    target_sl = checked_fraction(
        "target_service_level", target_service_level, allow_zero=False, allow_one=False
    )
    max_occ = (
        None
        if max_occupancy is None
        else checked_fraction("max_occupancy", max_occupancy, allow_zero=False, allow_one=True)
    )
    cases = intervals(
        calls=calls,
        interval_seconds=interval_seconds,
        aht_seconds=aht_seconds,
        target_seconds=target_seconds,
        shrinkage=shrinkage,
    )
    busy = np.flatnonzero(cases.load > 0)
    load = cases.load.ravel()[busy]
    lower = np.floor(load) + 1
    if max_occ is not None:
        lower = np.maximum(lower, np.ceil(load / max_occ - 1e-9))
    guess = lower + np.ceil(2 * np.sqrt(load) + 2)

    def satisfied(index: IntArray, agents: IntArray) -> BoolArray:
        sl = _figures(cases.take(busy[index]).with_agents(agents)).service_level
        return np.asarray(sl >= target_sl - TARGET_SLACK, dtype=np.bool_)

    agents = np.zeros(cases.load.size, dtype=np.int64)
    agents[busy] = smallest_agents(satisfied, lower.astype(np.int64), guess.astype(np.int64))
    return _figures(cases.with_agents(agents))


def erlang_c(
    *,
    calls: float,
    interval_seconds: float,
    aht_seconds: float,
    agents: int,
    target_seconds: float = 20,
    shrinkage: float = 0.0,
) -> ErlangCResult:
    """Erlang C figures for one interval and a given number of agents."""
    return erlang_c_grid(
        calls=calls,
        interval_seconds=interval_seconds,
        aht_seconds=aht_seconds,
        agents=agents,
        target_seconds=target_seconds,
        shrinkage=shrinkage,
    ).at()


def erlang_c_required(
    *,
    calls: float,
    interval_seconds: float,
    aht_seconds: float,
    target_service_level: float,
    target_seconds: float = 20,
    max_occupancy: float | None = None,
    shrinkage: float = 0.0,
) -> ErlangCResult:
    """The fewest agents for one interval; see ``erlang_c_required_grid``."""
    return erlang_c_required_grid(
        calls=calls,
        interval_seconds=interval_seconds,
        aht_seconds=aht_seconds,
        target_service_level=target_service_level,
        target_seconds=target_seconds,
        max_occupancy=max_occupancy,
        shrinkage=shrinkage,
    ).at()

"""Erlang A (M/M/n+M, Palm's model): residents who wait may hang up, after an exponential patience.

Exact formulas (Palm 1943; Garnett, Mandelbaum and Reiman 2002), with ``λ`` calls per second,
``μ = 1 / AHT``, ``θ = 1 / mean patience``, ``n`` agents, ``a = λ / μ``, ``x = λ / θ``,
``y = nμ / θ`` and ``M(s, x) = M(1, s + 1, x)`` (see ``erlang_common.log_kummer``):

- above ``n`` busy the stationary probabilities are ``π_{n+k} = π_n x**k / ((y+1)…(y+k))``, so
  ``P(wait) = M(y, x) / (1/B(n, a) - 1 + M(y, x))`` with ``B`` the Erlang B loss probability;
- a call that waits ``k``-th in line needs ``V = Σ_{m=0..k} Exp(nμ + mθ)`` to reach an agent, so
  ``e^{-θV}`` is Beta(y, k + 1) distributed; summing over the queue, a waiting call is answered
  with probability ``(y / (y+1)) M(y+1, x) / M(y, x)`` (that is ``1/rho (1 - 1/M(y, x))``), and is
  answered within T with that less ``(y/(y+1)) z**(y+1) e**(x(1-z)) M(y+1, xz) / M(y, x)``,
  ``z = e^{-θT}``;
- the mean wait of answered calls uses ``E[V e^{-θV}]``, the derivative of that Beta transform;
- the mean wait of all calls is ``P(abandon) / θ`` (each waiting call abandons at rate θ).

Inputs are as for Erlang C (``erlang_c``) plus ``patience_seconds``, the mean time a resident
waits before hanging up, and broadcast together, so a week of intervals for many lines is one
call. Two service levels:

- ``service_level``: calls answered within T over **all** calls offered. Every call the model
  does not answer abandons in the queue, so this is the model's ``service_level`` of
  docs/metrics.md (answered within T over answered plus abandoned in queue), except that the model
  counts every abandon, while the measured figure leaves out short abandons (under 5 s);
- ``service_level_answered``: calls answered within T over answered calls. It leaves out the
  calls that gave up, so it can look good while many abandon: staffing targets use
  ``service_level``.

An interval with no calls has nothing waiting, service levels 1 and occupancy 0. With calls and
no agents everyone abandons: P(wait) and P(abandon) 1, service level 0, mean wait the mean
patience, and no answered calls to measure (``nan``).
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
    dlog_kummer,
    intervals,
    log_answer_ratio,
    log_erlang_b_odds,
    log_kummer,
    positions,
    smallest_agents,
)


@dataclass(frozen=True)
class ErlangAGrid:
    """Erlang A figures for every interval, each array shaped like the broadcast inputs."""

    agents: IntArray
    positions: IntArray
    service_level: FloatArray
    """Answered within T over all calls (the docs/metrics.md figure when abandons are in queue)."""
    service_level_answered: FloatArray
    """Answered within T over answered calls."""
    p_wait: FloatArray
    """Probability that a call finds every agent busy."""
    p_abandon: FloatArray
    """Probability that a call hangs up before it is answered."""
    ata_seconds: FloatArray
    """Average time to answer of answered calls."""
    mean_wait_seconds: FloatArray
    """Mean wait of all calls, answered or abandoned (``p_abandon * mean patience``)."""
    occupancy: FloatArray
    """Carried load (answered calls * AHT) over agents."""

    def at(self, index: tuple[int, ...] = ()) -> ErlangAResult:
        """The figures of one interval (``()`` for a grid made from scalars)."""
        return ErlangAResult(
            agents=int(self.agents[index]),
            positions=int(self.positions[index]),
            service_level=float(self.service_level[index]),
            service_level_answered=float(self.service_level_answered[index]),
            p_wait=float(self.p_wait[index]),
            p_abandon=float(self.p_abandon[index]),
            ata_seconds=float(self.ata_seconds[index]),
            mean_wait_seconds=float(self.mean_wait_seconds[index]),
            occupancy=float(self.occupancy[index]),
        )


@dataclass(frozen=True)
class ErlangAResult:
    """Erlang A figures of one interval; the fields mean what they mean in ``ErlangAGrid``."""

    agents: int
    positions: int
    service_level: float
    service_level_answered: float
    p_wait: float
    p_abandon: float
    ata_seconds: float
    mean_wait_seconds: float
    occupancy: float


@dataclass(frozen=True)
class _Core:
    p_wait: FloatArray
    p_abandon: FloatArray
    answered: FloatArray
    service_level: FloatArray
    occupancy: FloatArray


def _core(cases: Intervals) -> tuple[_Core, FloatArray, FloatArray, FloatArray]:
    """Figures for flat intervals with calls and agents; also ``x``, ``y``, P(answered | wait)."""
    theta, n, load = cases.abandonment, cases.agents, cases.load
    x = cases.arrival / theta
    y = n * cases.service / theta
    log_m = log_kummer(y, x)
    log_odds = log_erlang_b_odds(n, load)
    p_wait = special.expit(log_m - log_odds)
    p_no_wait = special.expit(log_odds - log_m)
    log_answered_if_waiting = np.minimum(log_answer_ratio(y, x, np.zeros_like(x)), 0.0)
    answered_if_waiting = np.exp(log_answered_if_waiting)
    late = np.exp(log_answer_ratio(y, x, -theta * cases.target))
    on_time_if_waiting = np.clip(answered_if_waiting - late, 0.0, answered_if_waiting)
    answered = p_no_wait + p_wait * answered_if_waiting
    core = _Core(
        p_wait=p_wait,
        p_abandon=p_wait * -np.expm1(log_answered_if_waiting),
        answered=answered,
        service_level=p_no_wait + p_wait * on_time_if_waiting,
        occupancy=np.minimum(load * answered / n, 1.0),
    )
    return core, x, y, answered_if_waiting


def _figures(cases: Intervals) -> ErlangAGrid:
    shape = cases.arrival.shape
    lam, n = cases.arrival.ravel(), cases.agents.ravel()
    calls_no_agents = (lam > 0) & (n == 0)
    p_wait = np.where(calls_no_agents, 1.0, 0.0)
    p_abandon = p_wait.copy()
    service_level = np.where(calls_no_agents, 0.0, 1.0)
    service_level_answered = np.where(calls_no_agents, np.nan, 1.0)
    ata = np.where(calls_no_agents, np.nan, 0.0)
    occupancy = ata.copy()

    active = np.flatnonzero((lam > 0) & (n > 0))
    part = cases.take(active)
    core, x, y, answered_if_waiting = _core(part)
    p_wait[active] = core.p_wait
    p_abandon[active] = core.p_abandon
    service_level[active] = core.service_level
    service_level_answered[active] = core.service_level / core.answered
    occupancy[active] = core.occupancy
    # E[W; answered] = P(wait) P(answered | wait) (1/(y+1) - d/ds log M(s, x) at s = y+1) / θ.
    waited = core.p_wait * answered_if_waiting * (1 / (y + 1) - dlog_kummer(y + 1, x))
    ata[active] = np.maximum(waited, 0.0) / part.abandonment / core.answered
    whole = cases.agents.astype(np.int64)
    return ErlangAGrid(
        agents=whole,
        positions=positions(whole, cases.shrinkage),
        service_level=service_level.reshape(shape),
        service_level_answered=service_level_answered.reshape(shape),
        p_wait=p_wait.reshape(shape),
        p_abandon=p_abandon.reshape(shape),
        ata_seconds=ata.reshape(shape),
        mean_wait_seconds=p_abandon.reshape(shape) / cases.abandonment,
        occupancy=occupancy.reshape(shape),
    )


def erlang_a_grid(
    *,
    calls: ArrayLike,
    interval_seconds: ArrayLike,
    aht_seconds: ArrayLike,
    patience_seconds: ArrayLike,
    agents: ArrayLike,
    target_seconds: ArrayLike = 20,
    shrinkage: ArrayLike = 0.0,
) -> ErlangAGrid:
    """Erlang A figures for the given agents in every interval (inputs broadcast together)."""
    return _figures(
        intervals(
            calls=calls,
            interval_seconds=interval_seconds,
            aht_seconds=aht_seconds,
            target_seconds=target_seconds,
            shrinkage=shrinkage,
            patience_seconds=patience_seconds,
            agents=agents,
        )
    )


def erlang_a_required_grid(
    *,
    calls: ArrayLike,
    interval_seconds: ArrayLike,
    aht_seconds: ArrayLike,
    patience_seconds: ArrayLike,
    target_service_level: float,
    target_seconds: ArrayLike = 20,
    max_abandonment: float | None = None,
    max_occupancy: float | None = None,
    shrinkage: ArrayLike = 0.0,
) -> ErlangAGrid:
    """The fewest agents per interval meeting the targets, with their Erlang A figures.

    The smallest ``n`` whose ``service_level`` (answered within T over all calls) is at least
    ``target_service_level`` and, when given, whose ``p_abandon`` is at most ``max_abandonment``
    and whose occupancy is at most ``max_occupancy``. Each figure improves as agents are added,
    so a bisection on every interval at once finds it. No agents are needed for no calls.
    """
    target_sl = checked_fraction(
        "target_service_level", target_service_level, allow_zero=False, allow_one=False
    )
    max_ab, max_occ = (
        None if limit is None else checked_fraction(name, limit, allow_zero=False, allow_one=True)
        for name, limit in (("max_abandonment", max_abandonment), ("max_occupancy", max_occupancy))
    )
    cases = intervals(
        calls=calls,
        interval_seconds=interval_seconds,
        aht_seconds=aht_seconds,
        target_seconds=target_seconds,
        shrinkage=shrinkage,
        patience_seconds=patience_seconds,
    )
    busy = np.flatnonzero(cases.load > 0)
    load = cases.load.ravel()[busy]
    # Answered calls carry at most n Erlangs, so the service level is at most n / a and the
    # abandonment at least 1 - n / a: lower bounds for n.
    floor = max(target_sl, 1 - (1 if max_ab is None else max_ab))
    lower = np.maximum(np.floor(load * floor), 1).astype(np.int64)
    guess = np.ceil(load + 2 * np.sqrt(load) + 2).astype(np.int64)

    def satisfied(index: IntArray, agents: IntArray) -> BoolArray:
        core = _core(cases.take(busy[index]).with_agents(agents))[0]
        ok = core.service_level >= target_sl - TARGET_SLACK
        if max_ab is not None:
            ok &= core.p_abandon <= max_ab + TARGET_SLACK
        if max_occ is not None:
            ok &= core.occupancy <= max_occ + TARGET_SLACK
        return np.asarray(ok, dtype=np.bool_)

    agents = np.zeros(cases.load.size, dtype=np.int64)
    agents[busy] = smallest_agents(satisfied, lower, guess)
    return _figures(cases.with_agents(agents))


def erlang_a(
    *,
    calls: float,
    interval_seconds: float,
    aht_seconds: float,
    patience_seconds: float,
    agents: int,
    target_seconds: float = 20,
    shrinkage: float = 0.0,
) -> ErlangAResult:
    """Erlang A figures for one interval and a given number of agents."""
    return erlang_a_grid(
        calls=calls,
        interval_seconds=interval_seconds,
        aht_seconds=aht_seconds,
        patience_seconds=patience_seconds,
        agents=agents,
        target_seconds=target_seconds,
        shrinkage=shrinkage,
    ).at()


def erlang_a_required(
    *,
    calls: float,
    interval_seconds: float,
    aht_seconds: float,
    patience_seconds: float,
    target_service_level: float,
    target_seconds: float = 20,
    max_abandonment: float | None = None,
    max_occupancy: float | None = None,
    shrinkage: float = 0.0,
) -> ErlangAResult:
    """The fewest agents for one interval; see ``erlang_a_required_grid``."""
    return erlang_a_required_grid(
        calls=calls,
        interval_seconds=interval_seconds,
        aht_seconds=aht_seconds,
        patience_seconds=patience_seconds,
        target_service_level=target_service_level,
        target_seconds=target_seconds,
        max_abandonment=max_abandonment,
        max_occupancy=max_occupancy,
        shrinkage=shrinkage,
    ).at()

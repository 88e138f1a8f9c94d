"""Numerics shared by the Erlang C and Erlang A models. Pure NumPy/SciPy, no Django.

Everything works on arrays and in log space, so that hundreds of agents and intervals where the
offered load is above the number of agents neither overflow nor underflow:

- ``log_poisson(s, x)``: ``log(x**s * exp(-x) / Γ(s + 1))``, the Poisson probability extended to
  a real ``s``, without cancellation for large ``s`` (Loader's saddle-point form);
- ``log_kummer(s, x)``: ``log M(1, s + 1, x)``, Kummer's confluent hypergeometric function
  ``M(1, s + 1, x) = Σ_k x**k / ((s + 1)(s + 2)…(s + k))``: the Erlang A queue's probabilities
  above the number of agents, relative to exactly that number busy; ``dlog_kummer`` is its
  derivative in ``s``. ``P(s, x) = exp(log_poisson(s, x)) M(1, s + 1, x)`` where ``P`` is the
  regularised lower incomplete gamma function (``log_incomplete_gamma``);
- ``log_answer_ratio``: the ratio of incomplete gamma functions behind Erlang A's answered calls;
- ``log_erlang_b_odds(n, a)``: ``log(1 / B(n, a) - 1)`` with ``B`` the Erlang B loss probability.

Where the incomplete gamma function would underflow, both sums are endpoint Laplace integrals with
a nearly Gaussian correction, which Gauss-Laguerre quadrature evaluates to machine precision.
Also here: input checks shared by both models, positions after shrinkage, and the vectorised
search for the fewest agents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np
import numpy.typing as npt
from scipy import special  # type: ignore[import-untyped]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
ArrayLike = npt.ArrayLike

# Gauss-Laguerre nodes for ∫_0^∞ e^{-v} g(v) dv. With a gap D of at least 1 and a curvature
# x / D² of at most 1/100, g is smooth on the nodes' scale and 24 nodes agree with 150 to 1e-13.
# Outside that region the incomplete gamma function is far from underflow.
_NODES, _WEIGHTS = np.polynomial.laguerre.laggauss(24)
_LOG_WEIGHTS = np.log(_WEIGHTS)
_LAPLACE_CURVATURE = 1 / 100
_LOG_2PI = float(np.log(2 * np.pi))
# Slack when comparing a computed figure with a target, so that a figure equal to its target up
# to rounding counts as meeting it.
TARGET_SLACK = 1e-12


def _stirling_error(s: FloatArray) -> FloatArray:
    """``log Γ(s + 1) - (s log s - s + log(2πs) / 2)`` for ``s > 0``."""
    out = np.empty_like(s)
    big = s >= 15
    r = 1 / s[big]
    r2 = r * r
    out[big] = r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 / 1188))))
    small = s[~big]
    out[~big] = special.gammaln(small + 1) - (
        small * np.log(small) - small + 0.5 * np.log(2 * np.pi * small)
    )
    return out


def log_poisson(s: FloatArray, x: FloatArray) -> FloatArray:
    """``log(x**s e**-x / Γ(s + 1))`` for ``s > 0`` and ``x ≥ 0`` (``-inf`` at ``x = 0``)."""
    s, x = np.broadcast_arrays(np.asarray(s, dtype=np.float64), np.asarray(x, dtype=np.float64))
    d = (x - s) / s
    with np.errstate(divide="ignore"):
        log_ratio = np.where(np.abs(d) < 0.5, np.log1p(d), np.log(x) - np.log(s))
        return np.asarray(
            s * (log_ratio - d) - 0.5 * (_LOG_2PI + np.log(s)) - _stirling_error(s),
            dtype=np.float64,
        )


def _laplace_sum(exponent: FloatArray) -> FloatArray:
    """``log Σ_i w_i exp(exponent[..., i])`` over the Gauss-Laguerre nodes."""
    return np.asarray(special.logsumexp(exponent + _LOG_WEIGHTS, axis=-1), dtype=np.float64)


def _kummer_laplace(s: FloatArray, x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``log M(1, s + 1, x)`` and its derivative in ``s``, for ``x < s`` with small curvature.

    ``M(1, s + 1, x) = s ∫_0^∞ exp(-s t + x (1 - e^{-t})) dt``; with ``D = s - x`` and
    ``t = v / D`` it is ``(s / D) ∫_0^∞ e^{-v} exp(-x q(v / D)) dv``, ``q(h) = e^{-h} - 1 + h``.
    """
    gap = s - x
    h = _NODES / gap[:, None]
    exponent = -x[:, None] * (np.expm1(-h) + h)
    log_integral = _laplace_sum(exponent)
    log_m = np.log1p(x / gap) + log_integral
    # ∂/∂s log M = 1/s - E[t], with E[t] under the same weights.
    mean_t = np.exp(_laplace_sum(exponent + np.log(_NODES)) - log_integral) / gap
    return log_m, 1 / s - mean_t


def _laplace_mask(s: FloatArray, x: FloatArray) -> BoolArray:
    gap = s - x
    near = (gap >= 1) & (x <= _LAPLACE_CURVATURE * gap * gap)
    return np.asarray(near | (x == 0), dtype=np.bool_)


def log_kummer(s: FloatArray, x: FloatArray) -> FloatArray:
    """``log M(1, s + 1, x) = log Σ_k x**k / ((s + 1)…(s + k))`` for ``s > 0``, ``x ≥ 0``."""
    s, x = np.broadcast_arrays(np.asarray(s, dtype=np.float64), np.asarray(x, dtype=np.float64))
    out = np.empty(s.shape, dtype=np.float64)
    laplace = _laplace_mask(s, x)
    out[laplace] = _kummer_laplace(s[laplace], x[laplace])[0]
    rest = ~laplace
    sr, xr = s[rest], x[rest]
    out[rest] = np.log(special.gammainc(sr, xr)) - log_poisson(sr, xr)
    return out


def log_incomplete_gamma(s: FloatArray, x: FloatArray) -> FloatArray:
    """``log P(s, x)``, the regularised lower incomplete gamma function, without underflow."""
    s, x = np.broadcast_arrays(np.asarray(s, dtype=np.float64), np.asarray(x, dtype=np.float64))
    out = np.empty(s.shape, dtype=np.float64)
    laplace = _laplace_mask(s, x)
    sl, xl = s[laplace], x[laplace]
    out[laplace] = log_poisson(sl, xl) + _kummer_laplace(sl, xl)[0]
    rest = ~laplace
    out[rest] = np.log(special.gammainc(s[rest], x[rest]))
    return out


def log_answer_ratio(s: FloatArray, x: FloatArray, log_z: FloatArray) -> FloatArray:
    """``log((s / x) P(s + 1, x z) / P(s, x))`` for ``s > 0``, ``x > 0``, ``0 < z ≤ 1``.

    Equal to ``log((s / (s+1)) z**(s+1) e**(x (1-z)) M(1, s+2, x z) / M(1, s+1, x))``. Where
    ``P(s, x)`` needs the Laplace quadrature so does ``P(s + 1, x z)``, and the second form keeps
    the large Poisson factors out of the subtraction; elsewhere the first has no cancellation.
    """
    s, x, log_z = np.broadcast_arrays(
        np.asarray(s, dtype=np.float64),
        np.asarray(x, dtype=np.float64),
        np.asarray(log_z, dtype=np.float64),
    )
    out = np.empty(s.shape, dtype=np.float64)
    laplace = _laplace_mask(s, x)
    sl, xl, lzl = s[laplace], x[laplace], log_z[laplace]
    out[laplace] = (
        np.log(sl / (sl + 1))
        + (sl + 1) * lzl
        - xl * np.expm1(lzl)
        + _kummer_laplace(sl + 1, xl * np.exp(lzl))[0]
        - _kummer_laplace(sl, xl)[0]
    )
    rest = ~laplace
    sr, xr, lzr = s[rest], x[rest], log_z[rest]
    out[rest] = (
        np.log(sr / xr)
        + log_incomplete_gamma(sr + 1, xr * np.exp(lzr))
        - np.log(special.gammainc(sr, xr))
    )
    return out


def dlog_kummer(s: FloatArray, x: FloatArray) -> FloatArray:
    """``∂/∂s log M(1, s + 1, x)`` for ``s ≥ 1``, ``x ≥ 0`` (it is negative).

    Outside the Laplace region it is ``∂/∂s log P(s, x) - log x + ψ(s + 1)``, the first term by a
    five-point difference of the incomplete gamma function (relative step 1e-3 of its width √s).
    """
    s, x = np.broadcast_arrays(np.asarray(s, dtype=np.float64), np.asarray(x, dtype=np.float64))
    out = np.empty(s.shape, dtype=np.float64)
    laplace = _laplace_mask(s, x)
    out[laplace] = _kummer_laplace(s[laplace], x[laplace])[1]
    rest = ~laplace
    sr, xr = s[rest], x[rest]
    step = np.minimum(1e-3 * np.sqrt(np.maximum(sr, 1.0)), sr / 4)

    def log_p(shift: float) -> FloatArray:
        return np.asarray(np.log(special.gammainc(sr + shift * step, xr)), dtype=np.float64)

    dlog_p = (-log_p(2) + 8 * log_p(1) - 8 * log_p(-1) + log_p(-2)) / (12 * step)
    out[rest] = dlog_p - np.log(xr) + special.digamma(sr + 1)
    return out


def log_erlang_b_odds(n: FloatArray, a: FloatArray) -> FloatArray:
    """``log(1 / B(n, a) - 1)``: ``B`` is Erlang B with ``n ≥ 1`` servers and load ``a > 0``.

    ``1 / B - 1 = Σ_{j<n} a**j / j! ÷ (a**n / n!) = Q(n, a) / poisson(n, a)`` with ``Q`` the
    regularised upper incomplete gamma function. When ``a`` is far above ``n``, ``Q`` underflows
    and we use ``Q / poisson = n ∫_0^∞ (1 + w)^{n-1} e^{-a w} dw`` by Laplace quadrature instead.
    """
    n, a = np.broadcast_arrays(np.asarray(n, dtype=np.float64), np.asarray(a, dtype=np.float64))
    out = np.empty(n.shape, dtype=np.float64)
    gap = a - (n - 1)
    laplace = (gap >= 1) & (n - 1 <= _LAPLACE_CURVATURE * gap * gap)
    nl, gl = n[laplace], gap[laplace]
    h = _NODES / gl[:, None]
    out[laplace] = np.log(nl / gl) + _laplace_sum(-(nl[:, None] - 1) * (h - np.log1p(h)))
    rest = ~laplace
    nr, ar = n[rest], a[rest]
    out[rest] = np.log(special.gammaincc(nr, ar)) - log_poisson(nr, ar)
    return out


def positions(agents: IntArray, shrinkage: FloatArray) -> IntArray:
    """Positions to roster so that ``agents`` are on the phones after ``shrinkage`` (0 ≤ s < 1).

    ``ceil(agents / (1 - shrinkage))``, ignoring rounding noise (14 agents at 30% is 20).
    """
    return np.ceil(agents / (1 - shrinkage) - 1e-9).astype(np.int64)


def smallest_agents(
    satisfied: Callable[[IntArray, IntArray], BoolArray], lower: IntArray, guess: IntArray
) -> IntArray:
    """The smallest ``n ≥ lower`` with ``satisfied(index, n)``, per element, by bisection.

    ``satisfied(index, n)`` answers for the flat elements ``index`` at agents ``n`` and must be
    monotone in ``n`` (false, …, false, true, …). ``guess`` is a first upper bracket, doubled
    where it fails.
    """
    lo = lower.astype(np.int64).ravel().copy()
    hi = np.maximum(guess.astype(np.int64).ravel(), lo)
    index = np.arange(lo.size)
    for _ in range(64):
        ok = satisfied(index, hi[index])
        failed = index[~ok]
        if failed.size == 0:
            break
        lo[failed] = hi[failed] + 1
        hi[failed] = 2 * hi[failed] + 1
        index = failed
    else:  # pragma: no cover - the targets are validated to be reachable
        raise ArithmeticError("no number of agents meets the targets")
    index = np.flatnonzero(lo < hi)
    while index.size:
        mid = (lo[index] + hi[index]) // 2
        ok = satisfied(index, mid)
        hi[index[ok]] = mid[ok]
        lo[index[~ok]] = mid[~ok] + 1
        index = index[lo[index] < hi[index]]
    return hi.reshape(lower.shape)


@dataclass(frozen=True)
class Intervals:
    """Validated inputs of many intervals, broadcast to one shape; rates are per second."""

    arrival: FloatArray  # λ: calls per second
    service: FloatArray  # μ = 1 / AHT
    load: FloatArray  # a = λ / μ = calls * AHT / interval, in Erlangs
    target: FloatArray  # T of the service level, seconds
    shrinkage: FloatArray
    abandonment: FloatArray  # θ = 1 / mean patience (Erlang A; zero for Erlang C)
    agents: FloatArray  # whole numbers; zero where the caller gives none

    def take(self, index: IntArray) -> Intervals:
        """The flat elements ``index`` of every array."""
        return Intervals(*(getattr(self, f.name).ravel()[index] for f in fields(self)))

    def with_agents(self, agents: IntArray) -> Intervals:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["agents"] = agents.astype(np.float64).reshape(self.arrival.shape)
        return Intervals(**values)


def intervals(
    *,
    calls: ArrayLike,
    interval_seconds: ArrayLike,
    aht_seconds: ArrayLike,
    target_seconds: ArrayLike,
    shrinkage: ArrayLike,
    patience_seconds: ArrayLike | None = None,
    agents: ArrayLike | None = None,
) -> Intervals:
    """Check the inputs (ValueError naming the bad one) and broadcast them together."""
    calls_ = checked("calls", calls, low=0)
    interval = checked("interval_seconds", interval_seconds, low=0, low_open=True)
    aht = checked("aht_seconds", aht_seconds, low=0, low_open=True)
    target = checked("target_seconds", target_seconds, low=0)
    shrink = checked("shrinkage", shrinkage, low=0)
    if np.any(shrink >= 1):
        raise ValueError("shrinkage must be below 1")
    theta = (
        np.zeros(())
        if patience_seconds is None
        else 1 / checked("patience_seconds", patience_seconds, low=0, low_open=True)
    )
    staff = np.zeros(()) if agents is None else checked_agents(agents)
    arrays = np.broadcast_arrays(
        calls_ / interval, 1 / aht, calls_ * aht / interval, target, shrink, theta, staff
    )
    return Intervals(*(np.array(x, dtype=np.float64) for x in arrays))


def checked(name: str, value: ArrayLike, *, low: float, low_open: bool = False) -> FloatArray:
    """``value`` as a float array, finite and at least (or above) ``low``; else ValueError."""
    array = np.asarray(value, dtype=np.float64)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite numbers")
    if np.any(array <= low) if low_open else np.any(array < low):
        raise ValueError(f"{name} must be {'above' if low_open else 'at least'} {low:g}")
    return array


def checked_agents(value: ArrayLike) -> FloatArray:
    """Agents as whole non-negative numbers (kept as floats for the arithmetic)."""
    array = checked("agents", value, low=0)
    if np.any(array != np.floor(array)):
        raise ValueError("agents must be whole numbers")
    return array


def checked_fraction(name: str, value: float, *, allow_zero: bool, allow_one: bool) -> float:
    """A proportion such as a target service level, validated against its allowed range."""
    number = float(value)
    above_low = number >= 0 if allow_zero else number > 0
    below_high = number <= 1 if allow_one else number < 1
    if not (np.isfinite(number) and above_low and below_high):
        low, high = ("[0" if allow_zero else "(0"), ("1]" if allow_one else "1)")
        raise ValueError(f"{name} must be in {low}, {high}")
    return number

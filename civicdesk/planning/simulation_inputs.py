"""What the simulation draws from: handle times, residents' patience and arrivals. Pure NumPy.

Handle times (talk plus wrap, in seconds) are exponential or lognormal, and `fit_handle_times`
fits either to the handle times of real calls. Patience (how long a resident waits in the queue
before hanging up) is exponential with a mean, or unlimited. Arrivals come from a forecast of
calls per interval (a Poisson process whose rate is constant within each interval) or replay the
times of real calls.

Every draw takes its own `numpy.random.Generator` and draws a whole array at once; the first `m`
values of a draw of `M > m` are the values of a draw of `m`, which is what lets a second model
(benchmarks/peers/simpy_model.py) consume exactly the same numbers call by call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

HandleKind = Literal["exponential", "lognormal"]
FitMethod = Literal["mle", "moments"]


@dataclass(frozen=True)
class HandleTimes:
    """Handle times in seconds: exponential with `mean_seconds`, or lognormal with that mean and
    `sigma`, the standard deviation of the logarithm of the handle time."""

    kind: HandleKind
    mean_seconds: float
    sigma: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in ("exponential", "lognormal"):
            raise ValueError(f"unknown handle time distribution {self.kind!r}")
        if not (np.isfinite(self.mean_seconds) and self.mean_seconds > 0):
            raise ValueError("the mean handle time must be a positive number of seconds")
        if not (np.isfinite(self.sigma) and self.sigma >= 0):
            raise ValueError("sigma must be a non-negative number")

    @property
    def mu(self) -> float:
        """The mean of the logarithm (lognormal only): `mean = exp(mu + sigma² / 2)`."""
        return float(np.log(self.mean_seconds) - self.sigma**2 / 2)

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        if self.kind == "exponential":
            return rng.exponential(self.mean_seconds, size)
        return rng.lognormal(self.mu, self.sigma, size)


def fit_handle_times(
    observed: npt.ArrayLike, *, kind: HandleKind = "lognormal", method: FitMethod = "mle"
) -> HandleTimes:
    """Fit handle times (seconds) of real calls.

    Exponential: the mean (both methods give it). Lognormal by `"mle"`: `mu` and `sigma` are the
    mean and the standard deviation (divided by n) of the logarithms, over the positive handle
    times only; by `"moments"`: the mean and variance of the distribution equal the sample's
    (`sigma² = log(1 + variance / mean²)`).
    """
    seconds = np.asarray(observed, dtype=np.float64).ravel()
    if seconds.size == 0 or not np.all(np.isfinite(seconds)) or np.any(seconds < 0):
        raise ValueError("handle times must be a non-empty list of non-negative seconds")
    if method not in ("mle", "moments"):
        raise ValueError(f"unknown fitting method {method!r}")
    if kind == "exponential":
        return HandleTimes("exponential", float(seconds.mean()))
    if kind != "lognormal":
        raise ValueError(f"unknown handle time distribution {kind!r}")
    if method == "moments":
        mean = float(seconds.mean())
        sigma2 = float(np.log1p(seconds.var() / mean**2)) if mean > 0 else 0.0
        return HandleTimes("lognormal", mean, float(np.sqrt(sigma2)))
    logs = np.log(seconds[seconds > 0])
    if logs.size < 2:
        raise ValueError("a lognormal fit needs at least two positive handle times")
    mu, sigma = float(logs.mean()), float(logs.std())
    return HandleTimes("lognormal", float(np.exp(mu + sigma**2 / 2)), sigma)


def draw_patience(rng: np.random.Generator, mean_seconds: float | None, size: int) -> FloatArray:
    """Each resident's patience in seconds: exponential with the mean, or unlimited (`inf`)."""
    if mean_seconds is None:
        return np.full(size, np.inf)
    return rng.exponential(mean_seconds, size)


def forecast_arrivals(
    rng: np.random.Generator, calls_per_interval: npt.ArrayLike, interval_seconds: float
) -> FloatArray:
    """Arrival times (seconds from the start of the period, sorted) for one line.

    `calls_per_interval[k]` is the expected number of calls in interval `k`: the count is
    Poisson with that mean and the times are uniform within the interval, which is a Poisson
    process whose rate is constant within each interval.
    """
    expected = np.asarray(calls_per_interval, dtype=np.float64)
    if expected.ndim != 1 or not np.all(np.isfinite(expected)) or np.any(expected < 0):
        raise ValueError("the forecast must be a non-negative number of calls per interval")
    counts = rng.poisson(expected)
    starts = np.repeat(np.arange(expected.size, dtype=np.float64) * interval_seconds, counts)
    times = starts + rng.random(starts.size) * interval_seconds
    times.sort()
    return times


def arrival_offsets(presented_at: Sequence[datetime], start: datetime) -> FloatArray:
    """Seconds from `start` to each call's `presented_at` (aware datetimes), sorted."""
    offsets = np.array([(when - start).total_seconds() for when in presented_at], dtype=float)
    offsets.sort()
    return offsets


def close_times(open_intervals: BoolArray, interval_seconds: float) -> FloatArray:
    """For each interval, when the run of open intervals it belongs to ends (seconds).

    The period's end closes every line. For a closed interval it is the interval's own start.
    """
    count = open_intervals.size
    closed = np.append(np.flatnonzero(~open_intervals), count)
    next_closed = closed[np.searchsorted(closed, np.arange(count))]
    return next_closed.astype(np.float64) * interval_seconds

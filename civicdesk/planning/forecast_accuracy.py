"""How good the forecasts are: hold back the last N weeks, fit on the rest, forecast the N weeks.

MAPE is the mean, over the points (intervals or days) whose actual is above 0, of
|actual - forecast| / actual. WAPE is Σ|actual - forecast| / Σ actual over every point: with the
small counts of one half-hour MAPE is dominated by the quietest intervals, WAPE is not.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from civicdesk.planning.forecast import (
    MAX_WEEKS_BY_INTERVAL,
    PROFILE_WEEKS,
    TREND_WEEKS,
    BoolArray,
    History,
    _by_day,
    _check_count,
    fit,
    forecast_by_interval,
)


def mape(actual: npt.ArrayLike, forecast: npt.ArrayLike) -> float | None:
    """Mean of |actual - forecast| / actual over the points whose actual is above 0."""
    a, f = np.asarray(actual, dtype=np.float64), np.asarray(forecast, dtype=np.float64)
    some = a > 0
    return float(np.mean(np.abs(a[some] - f[some]) / a[some])) if some.any() else None


def wape(actual: npt.ArrayLike, forecast: npt.ArrayLike) -> float | None:
    """Σ|actual - forecast| / Σ actual over every point (None when no calls were presented)."""
    a, f = np.asarray(actual, dtype=np.float64), np.asarray(forecast, dtype=np.float64)
    total = float(a.sum())
    return float(np.abs(a - f).sum()) / total if total > 0 else None


@dataclass(frozen=True)
class Accuracy:
    mape: float | None
    wape: float | None
    points: int  # intervals or days compared
    actual: float  # calls presented in them
    forecast: float  # calls forecast for them


def accuracy(actual: npt.ArrayLike, forecast: npt.ArrayLike) -> Accuracy:
    a, f = np.asarray(actual, dtype=np.float64), np.asarray(forecast, dtype=np.float64)
    return Accuracy(mape(a, f), wape(a, f), int(a.size), float(a.sum()), float(f.sum()))


@dataclass(frozen=True)
class Backtest:
    """Accuracy of a forecast of the held-back weeks, per line (in order) and over all lines."""

    lines: tuple[str, ...]
    weeks: int
    start: date
    end: date
    by_interval: tuple[Accuracy, ...]
    by_interval_overall: Accuracy
    by_day: tuple[Accuracy, ...]
    by_day_overall: Accuracy


def backtest(
    history: History,
    *,
    weeks: int,
    holidays: Container[date],
    opening: Sequence[BoolArray | None] | None = None,
    trend_weeks: int = TREND_WEEKS,
    profile_weeks: int = PROFILE_WEEKS,
) -> Backtest:
    """Hold back the last `weeks` weeks, forecast them from the rest, and compare.

    By interval, only the held-back days the intraday history covers are compared.
    """
    _check_count("weeks", weeks, MAX_WEEKS_BY_INTERVAL, "a backtest")
    days = weeks * 7
    cutoff = history.end - timedelta(days=days)
    if (cutoff - history.start).days + 1 < 7:
        raise ValueError(
            f"weeks: holding back {weeks} week(s) leaves less than one week of the "
            f"{history.daily.shape[1]} days of history to fit"
        )
    model = fit(
        history.until(cutoff),
        holidays=holidays,
        opening=opening,
        trend_weeks=trend_weeks,
        profile_weeks=profile_weeks,
    )
    predicted = forecast_by_interval(model, weeks=weeks, holidays=holidays).calls
    start = cutoff + timedelta(days=1)
    low = max((start - history.intraday_start).days, 0)
    high = max((history.end - history.intraday_start).days + 1, low)
    actual = history.intraday[:, low:high]
    skip = low - (start - history.intraday_start).days
    predicted = predicted[:, skip : skip + actual.shape[1]]
    actual_days = history.daily[:, -days:]
    predicted_days = _by_day(model, days, holidays)
    return Backtest(
        lines=history.lines,
        weeks=weeks,
        start=start,
        end=history.end,
        by_interval=tuple(accuracy(a, f) for a, f in zip(actual, predicted, strict=True)),
        by_interval_overall=accuracy(actual, predicted),
        by_day=tuple(accuracy(a, f) for a, f in zip(actual_days, predicted_days, strict=True)),
        by_day_overall=accuracy(actual_days, predicted_days),
    )

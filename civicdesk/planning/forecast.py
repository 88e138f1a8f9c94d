"""Forecasts of the calls presented to each line, per interval and per day. Pure NumPy, no Django.

The caller (`civicdesk.planning.history`) reads the history and the lines' opening hours and
passes the council's bank holidays. For line l on day d (weekday w) in interval s of the day::

    forecast[l, d, s] = level_l(d) * weekday_l[w] * share_l[w, s]

- ``level_l(d)``: the line's calls per day, averaged over the week, as a straight line in time,
  fitted by least squares to the weekly totals of the last ``trend_weeks`` weeks (26 by default)
  and clipped at zero. A week's total is adjusted for the days it lacks (bank holidays, days
  before the line's first call): the week's level is the calls on its ordinary days divided by
  the sum of those days' weekday factors — a ratio of sums, so a quiet Sunday does not magnify
  noise. Weeks are weighted by that sum.
- ``weekday_l[w]``: how busy weekday w is against the average day (mean 1 over the weekdays
  seen), over the same weeks, as calls divided by the fitted level rather than by a flat mean so
  that a trend does not make the start of the week look quieter. Level and factors are fitted
  alternately; three rounds settle them (a round removes the bias of the round before).
- ``share_l[w, s]``: the share of weekday w's calls presented in interval s, over the last
  ``profile_weeks`` weeks (8 by default) of the intraday history; the pooled shape of all
  weekdays when a weekday has no calls, and a flat shape over the opening hours when the line
  has none. It is zero outside the opening hours. Calls the history shows outside the hours
  (they met the closed message) are dropped, not moved into the hours, so a day's intervals add
  up to at most its figure in a forecast by day.

Why a linear trend on weekly totals, not the ratio of recent weeks to the same weeks a year
before: the ratio needs more than a year of call records, which a council has only long after
it starts importing them, and it divides one small weekly count by another; the regression uses
every recent week, works from one week of history, and changes with the calls in proportion
(scaling the history scales the forecast). What it gives up is the yearly cycle (council tax
bills in March, the quiet Christmas week): a forecast six months out repeats the recent trend,
not last year's seasons.

Bank holidays: lines are closed on them (CONTEXT.md), so the forecast is zero on them and they
are left out of the fit. The busier day after a holiday is not modelled.

Horizon: from the day after the history ends, up to 6 weeks by interval and up to 6 calendar
months by day; longer raises ValueError naming the argument.

Accuracy on held-back weeks (MAPE, WAPE): `forecast_accuracy.backtest`.
"""

from __future__ import annotations

import calendar
from collections.abc import Container, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from civicdesk.core.hours import WeeklyHours

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

INTERVAL_MINUTES = (15, 30)
MINUTES_PER_DAY = 24 * 60
MAX_WEEKS_BY_INTERVAL = 6
MAX_MONTHS_BY_DAY = 6
TREND_WEEKS = 26
PROFILE_WEEKS = 8
_ROUNDS = 3


def slots_per_day(interval_minutes: int) -> int:
    if interval_minutes not in INTERVAL_MINUTES:
        raise ValueError(f"interval_minutes must be 15 or 30; got {interval_minutes!r}")
    return MINUTES_PER_DAY // interval_minutes


def _check_count(name: str, value: int, most: int, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= most:
        raise ValueError(
            f"{name} must be a whole number from 1 to {most} for {what}; got {value!r}"
        )


def opening_mask(hours: WeeklyHours, interval_minutes: int) -> BoolArray:
    """(7, intervals): whether interval s of weekday w (Monday 0) overlaps the opening hours."""
    starts = np.arange(slots_per_day(interval_minutes)) * interval_minutes
    mask = np.zeros((7, starts.size), dtype=bool)
    for weekday, spans in enumerate(hours.days):
        for span in spans:
            opens = span.opens.hour * 60 + span.opens.minute
            closes = span.closes.hour * 60 + span.closes.minute + (span.closes.second > 0)
            mask[weekday] |= (starts < closes) & (starts + interval_minutes > opens)
    return mask


def counts_per_interval(
    local_times: npt.ArrayLike, *, start: date, days: int, interval_minutes: int
) -> FloatArray:
    """(days, intervals): how many of the local wall-clock times fall in each interval."""
    slots = slots_per_day(interval_minutes)
    times = np.asarray(local_times, dtype="datetime64[m]")
    minutes = (times - np.datetime64(start, "m")).astype(np.int64)
    inside = (minutes >= 0) & (minutes < days * MINUTES_PER_DAY)
    index = minutes[inside] // interval_minutes
    counts = np.bincount(index, minlength=days * slots)
    return counts.astype(np.float64).reshape(days, slots)


def _weekdays(start: date, days: int) -> IntArray:
    return (start.weekday() + np.arange(days, dtype=np.int64)) % 7


def _holidays(start: date, days: int, holidays: Container[date]) -> BoolArray:
    return np.fromiter(
        (start + timedelta(days=d) in holidays for d in range(days)), dtype=bool, count=days
    )


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@dataclass(frozen=True, eq=False)
class History:
    """Calls presented per line: per day from `start`, per interval from `intraday_start`.

    ``daily`` is (lines, days); ``intraday`` is (lines, days, intervals of the day) and usually
    covers only the last weeks: it gives the shape of the day.
    """

    lines: tuple[str, ...]
    start: date
    daily: FloatArray
    interval_minutes: int
    intraday_start: date
    intraday: FloatArray

    def __post_init__(self) -> None:
        slots = slots_per_day(self.interval_minutes)
        daily = np.asarray(self.daily, dtype=np.float64)
        intraday = np.asarray(self.intraday, dtype=np.float64)
        object.__setattr__(self, "daily", daily)
        object.__setattr__(self, "intraday", intraday)
        lines = len(self.lines)
        if daily.ndim != 2 or daily.shape[0] != lines:
            raise ValueError(f"daily must have the shape (lines, days) with {lines} lines")
        if intraday.ndim != 3 or intraday.shape[0] != lines or intraday.shape[2] != slots:
            raise ValueError(f"intraday must have the shape (lines, days, {slots})")
        for name, counts in (("daily", daily), ("intraday", intraday)):
            if not np.all(np.isfinite(counts)) or np.any(counts < 0):
                raise ValueError(f"{name} must hold finite counts of at least 0")
        if daily.shape[1] < 7:
            raise ValueError(f"the history must cover at least 7 days; got {daily.shape[1]}")

    @classmethod
    def from_intraday(
        cls, lines: Sequence[str], start: date, intraday: npt.ArrayLike, interval_minutes: int
    ) -> History:
        """A history whose day totals are the sums of its intervals."""
        counts = np.asarray(intraday, dtype=np.float64)
        return cls(tuple(lines), start, counts.sum(axis=-1), interval_minutes, start, counts)

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.daily.shape[1] - 1)

    def until(self, last: date) -> History:
        """The history up to and including `last`."""
        keep = max((last - self.start).days + 1, 0)
        keep_intraday = max((last - self.intraday_start).days + 1, 0)
        return History(
            self.lines,
            self.start,
            self.daily[:, :keep],
            self.interval_minutes,
            self.intraday_start,
            self.intraday[:, :keep_intraday],
        )


@dataclass(frozen=True, eq=False)
class Model:
    """A fitted forecast: the level at the history's last day, its slope, and the profiles."""

    lines: tuple[str, ...]
    history_end: date
    interval_minutes: int
    intercept: FloatArray  # (lines,): calls per average day, on history_end
    slope: FloatArray  # (lines,): change of that per day
    weekday: FloatArray  # (lines, 7): weekday factors, mean 1 over the weekdays seen
    share: FloatArray  # (lines, 7, intervals): share of the day's calls; 0 outside the hours
    open_weekdays: BoolArray  # (lines, 7): weekdays with any opening hours


@dataclass(frozen=True, eq=False)
class Forecast:
    """Calls per line from `start`: (lines, days) by day, (lines, days, intervals) by interval."""

    lines: tuple[str, ...]
    start: date
    calls: FloatArray
    interval_minutes: int | None  # None for a forecast by day

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(self.start + timedelta(days=d) for d in range(self.calls.shape[1]))


def _masks(opening: Sequence[BoolArray | None] | None, lines: int, slots: int) -> BoolArray:
    masks = np.ones((lines, 7, slots), dtype=bool)
    if opening is None:
        return masks
    if len(opening) != lines:
        raise ValueError(f"opening must give one mask (or None) per line: {lines}")
    for index, mask in enumerate(opening):
        if mask is not None:
            if np.shape(mask) != (7, slots):
                raise ValueError(f"opening masks must have the shape (7, {slots})")
            masks[index] = np.asarray(mask, dtype=bool)
    return masks


def _fit_level(
    counts: FloatArray, usable: BoolArray, weekday: IntArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Intercept (at the last day), slope per day and weekday factors of each line."""
    lines, days = counts.shape
    weeks = days // 7
    offsets = np.arange(days, dtype=np.float64) - (days - 1)
    one_hot = (weekday[:, None] == np.arange(7)).astype(np.float64)  # (days, 7)
    seen = (usable.astype(np.float64) @ one_hot) > 0  # (lines, 7)
    calls = np.where(usable, counts, 0.0)
    weekly_calls = calls.reshape(lines, weeks, 7).sum(axis=2)

    def regress(factors: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        weight_by_day = np.where(usable, factors[:, weekday], 0.0)
        weight = weight_by_day.reshape(lines, weeks, 7).sum(axis=2)
        moment = (weight_by_day * offsets).reshape(lines, weeks, 7).sum(axis=2)
        has = weight > 0
        y = np.divide(weekly_calls, weight, out=np.zeros_like(weight), where=has)
        t = np.divide(moment, weight, out=np.zeros_like(weight), where=has)
        s0, s1, s2 = weight.sum(axis=1), (weight * t).sum(axis=1), (weight * t * t).sum(axis=1)
        sy, sty = (weight * y).sum(axis=1), (weight * t * y).sum(axis=1)
        spread = s0 * s2 - s1 * s1
        enough = spread > 1e-9 * s0 * s2
        slope = np.divide(s0 * sty - s1 * sy, spread, out=np.zeros(lines), where=enough)
        intercept = np.divide(sy - slope * s1, s0, out=np.zeros(lines), where=s0 > 0)
        return intercept, slope, np.repeat(y, 7, axis=1)

    factors = seen.astype(np.float64)
    for _ in range(_ROUNDS):
        intercept, slope, week_level = regress(factors)
        line = intercept[:, None] + slope[:, None] * offsets
        # The fitted line, unless it reaches zero within the weeks fitted (a steep fall): then
        # each week's own level.
        positive = np.all((line > 0) | ~usable, axis=1, keepdims=True)
        expected = np.where(usable, np.where(positive, line, week_level), 0.0) @ one_hot
        raw = np.divide(calls @ one_hot, expected, out=np.zeros((lines, 7)), where=expected > 0)
        mean = raw.sum(axis=1, keepdims=True) / np.maximum(seen.sum(axis=1, keepdims=True), 1)
        factors = np.divide(raw, mean, out=np.zeros_like(raw), where=mean > 0)
    intercept, slope, _ = regress(factors)
    return intercept, slope, factors


def _shares(
    history: History, holidays: Container[date], weeks: int, masks: BoolArray
) -> FloatArray:
    first = max(history.intraday_start, history.end - timedelta(days=weeks * 7 - 1))
    low = (first - history.intraday_start).days
    high = (history.end - history.intraday_start).days + 1
    data = history.intraday[:, low : max(high, low)]
    days = data.shape[1]
    ordinary = ~_holidays(first, days, holidays)
    one_hot = ((_weekdays(first, days)[:, None] == np.arange(7)) & ordinary[:, None]).astype(
        np.float64
    )
    by_weekday = np.einsum("lds,dw->lws", data, one_hot)
    pooled = np.broadcast_to(by_weekday.sum(axis=1, keepdims=True), by_weekday.shape)
    flat = masks.astype(np.float64)

    def normalised(counts: FloatArray) -> tuple[FloatArray, BoolArray]:
        total = counts.sum(axis=2, keepdims=True)
        return np.divide(counts, total, out=np.zeros_like(counts), where=total > 0), total > 0

    own, has_own = normalised(by_weekday)
    pool, has_pool = normalised(pooled)
    even, _ = normalised(flat)
    return np.where(has_own, own, np.where(has_pool, pool, even)) * masks


def fit(
    history: History,
    *,
    holidays: Container[date],
    opening: Sequence[BoolArray | None] | None = None,
    trend_weeks: int = TREND_WEEKS,
    profile_weeks: int = PROFILE_WEEKS,
) -> Model:
    """Fit the model to the history; `opening` gives each line's `opening_mask` (None: any time).

    Uses the last `trend_weeks` whole weeks for the level and weekday factors and the last
    `profile_weeks` weeks of the intraday history for the shape of the day. A line's history
    starts on its first day with a call: the days before it are left out, not read as zeros.
    """
    _check_count("trend_weeks", trend_weeks, 520, "the trend")
    _check_count("profile_weeks", profile_weeks, 520, "the shape of the day")
    lines, total_days = history.daily.shape
    slots = slots_per_day(history.interval_minutes)
    masks = _masks(opening, lines, slots)
    days = min(trend_weeks, total_days // 7) * 7
    first = history.end - timedelta(days=days - 1)
    counts = history.daily[:, total_days - days :]
    any_call = history.daily > 0
    started = np.where(any_call.any(axis=1), any_call.argmax(axis=1), total_days)
    day_index = np.arange(total_days - days, total_days)
    usable = (day_index[None, :] >= started[:, None]) & ~_holidays(first, days, holidays)
    intercept, slope, factors = _fit_level(counts, usable, _weekdays(first, days))
    open_weekdays: BoolArray = np.asarray(masks.any(axis=2), dtype=bool)
    return Model(
        lines=history.lines,
        history_end=history.end,
        interval_minutes=history.interval_minutes,
        intercept=intercept,
        slope=slope,
        weekday=factors,
        share=_shares(history, holidays, profile_weeks, masks),
        open_weekdays=open_weekdays,
    )


def _by_day(model: Model, days: int, holidays: Container[date]) -> FloatArray:
    start = model.history_end + timedelta(days=1)
    offsets = np.arange(1, days + 1, dtype=np.float64)
    weekday = _weekdays(start, days)
    level = np.maximum(model.intercept[:, None] + model.slope[:, None] * offsets, 0.0)
    working = model.open_weekdays[:, weekday] & ~_holidays(start, days, holidays)[None, :]
    return np.where(working, level * model.weekday[:, weekday], 0.0)


def forecast_by_day(model: Model, *, months: int, holidays: Container[date]) -> Forecast:
    """Calls per line per day for `months` calendar months from the day after the history."""
    _check_count("months", months, MAX_MONTHS_BY_DAY, "a forecast by day")
    start = model.history_end + timedelta(days=1)
    days = (_add_months(start, months) - start).days
    return Forecast(model.lines, start, _by_day(model, days, holidays), None)


def forecast_by_interval(model: Model, *, weeks: int, holidays: Container[date]) -> Forecast:
    """Calls per line per interval for `weeks` weeks from the day after the history."""
    _check_count("weeks", weeks, MAX_WEEKS_BY_INTERVAL, "a forecast by interval")
    start = model.history_end + timedelta(days=1)
    days = weeks * 7
    calls = _by_day(model, days, holidays)[:, :, None] * model.share[:, _weekdays(start, days), :]
    return Forecast(model.lines, start, calls, model.interval_minutes)

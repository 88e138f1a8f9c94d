"""Forecasting calls per line: profile, trend, bank holidays, opening hours, horizon, accuracy."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civicdesk.core.hours import WeeklyHours
from civicdesk.planning.forecast import (
    History,
    counts_per_interval,
    fit,
    forecast_by_day,
    forecast_by_interval,
    opening_mask,
)
from civicdesk.planning.forecast_accuracy import backtest, mape, wape

MONDAY = date(2023, 1, 2)
SLOTS = 48  # half-hours
WEEKDAY = np.array([1.3, 1.1, 1.0, 0.95, 0.85, 0.0, 0.0])  # closed at the weekend
HOLIDAYS = frozenset({date(2023, 4, 7), date(2023, 4, 10), date(2023, 5, 1), date(2023, 5, 29)})
NINE_TO_FIVE = WeeklyHours.parse(dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), "09:00-17:00"))


def _shape() -> np.ndarray:
    """The share of a day's calls per half-hour: 09:00 to 17:00, busiest late morning."""
    shape = np.zeros(SLOTS)
    shape[18:34] = np.array([6, 9, 10, 9, 8, 7, 6, 6, 7, 7, 6, 5, 4, 4, 3, 2], dtype=float)
    return shape / shape.sum()


def _expected(days: int, *, level: float = 400.0, slope: float = 1.5) -> np.ndarray:
    """Expected calls per day and half-hour from MONDAY: a linear trend in calls per open day."""
    calls = np.zeros((days, SLOTS))
    for d in range(days):
        day = MONDAY + timedelta(days=d)
        if day not in HOLIDAYS:
            calls[d] = (level + slope * d) * WEEKDAY[day.weekday()] * _shape()
    return calls


def _synthetic(weeks: int, seed: int = 7) -> tuple[History, np.ndarray]:
    """A Poisson history of `weeks` weeks, and the expected calls of the 6 weeks after it."""
    days = weeks * 7
    expected = _expected(days + 42)
    counts = np.random.default_rng(seed).poisson(expected[:days]).astype(float)
    return History.from_intraday(["tax"], MONDAY, counts[None], 30), expected[days:]


def _mask() -> np.ndarray:
    return opening_mask(NINE_TO_FIVE, 30)


def test_a_known_profile_and_trend_are_forecast_within_a_few_percent() -> None:
    history, truth = _synthetic(26)
    model = fit(history, holidays=HOLIDAYS, opening=[_mask()])
    forecast = forecast_by_interval(model, weeks=6, holidays=HOLIDAYS)

    assert forecast.start == history.end + timedelta(days=1)
    assert forecast.calls.shape == (1, 42, SLOTS)
    weekly = forecast.calls[0].reshape(6, 7, SLOTS).sum(axis=(1, 2))
    np.testing.assert_allclose(weekly, truth.reshape(6, 7, SLOTS).sum(axis=(1, 2)), rtol=0.03)
    # The trend carries on: the sixth week is busier than the first, as in the truth.
    assert weekly[5] > weekly[0] * 1.05
    # Each open day lands within 5%; each half-hour, over the six weeks, within 10% (its
    # share is read from 8 weeks of Poisson counts, a few hundred calls for the quietest).
    open_days = truth.sum(axis=1) > 0
    np.testing.assert_allclose(
        forecast.calls[0].sum(axis=1)[open_days], truth.sum(axis=1)[open_days], rtol=0.05
    )
    np.testing.assert_allclose(
        forecast.calls[0].sum(axis=0)[18:34], truth.sum(axis=0)[18:34], rtol=0.10
    )


def test_bank_holidays_are_zero_and_do_not_drag_the_level_down() -> None:
    history, _ = _synthetic(16)  # from 2 January: Good Friday and Easter Monday are in it
    later_holidays = HOLIDAYS | {history.end + timedelta(days=3)}
    with_holidays = fit(history, holidays=later_holidays, opening=[_mask()])
    forecast = forecast_by_day(with_holidays, months=1, holidays=later_holidays)

    holiday = forecast.days.index(history.end + timedelta(days=3))
    assert forecast.calls[0, holiday] == 0
    by_interval = forecast_by_interval(with_holidays, weeks=1, holidays=later_holidays)
    assert not by_interval.calls[0, holiday].any()
    # Left out of the fit, the empty holidays do not lower the forecast; read as ordinary days
    # they would.
    ignoring = fit(history, holidays=frozenset(), opening=[_mask()])
    week = slice(holiday + 1, holiday + 8)
    ignored = forecast_by_day(ignoring, months=1, holidays=later_holidays).calls[0, week].sum()
    assert forecast.calls[0, week].sum() > ignored


def test_intervals_outside_the_opening_hours_are_zero() -> None:
    history, _ = _synthetic(8)
    # Some calls in the history arrive before opening, at 08:00 on weekdays.
    history.intraday[0, :, 16] += 5 * (history.intraday[0].sum(axis=1) > 0)
    model = fit(history, holidays=HOLIDAYS, opening=[_mask()])
    forecast = forecast_by_interval(model, weeks=2, holidays=HOLIDAYS)

    calls = forecast.calls[0]
    assert not calls[:, :18].any()  # before 09:00, 08:00 included
    assert not calls[:, 34:].any()  # from 17:00
    weekends = [i for i, day in enumerate(forecast.days) if day.weekday() >= 5]
    assert not calls[weekends].any()
    assert calls[:, 18:34].sum() > 0
    # Without hours, the 08:00 calls are forecast too.
    unrestricted = forecast_by_interval(
        fit(history, holidays=HOLIDAYS), weeks=2, holidays=HOLIDAYS
    ).calls[0]
    assert unrestricted[:, 16].sum() > 0


def test_opening_mask_counts_an_interval_the_hours_overlap() -> None:
    mask = opening_mask(WeeklyHours.parse({"mon": "08:45-12:00, 13:00-17:10"}), 30)
    open_monday = [f"{s // 2:02}:{s % 2 * 30:02}" for s in np.flatnonzero(mask[0])]
    assert open_monday[0] == "08:30"
    assert "12:00" not in open_monday
    assert "12:30" not in open_monday
    assert open_monday[-1] == "17:00"
    assert not mask[1:].any()


def test_counts_per_interval_bins_local_times_from_the_first_day() -> None:
    times = np.array(
        [
            "2023-06-05T09:00",
            "2023-06-05T09:29",
            "2023-06-05T09:30",
            "2023-06-06T23:59",
            "2023-06-07T00:00",  # the day after the two days counted
            "2023-06-04T23:59",  # the day before
        ],
        dtype="datetime64[m]",
    )
    counts = counts_per_interval(times, start=date(2023, 6, 5), days=2, interval_minutes=30)
    assert counts.shape == (2, 48)
    assert counts[0, 18] == 2
    assert counts[0, 19] == 1
    assert counts[1, 47] == 1
    assert counts.sum() == 4


def test_the_horizon_is_six_weeks_by_interval_and_six_months_by_day() -> None:
    history, _ = _synthetic(4)
    model = fit(history, holidays=HOLIDAYS)
    assert forecast_by_interval(model, weeks=6, holidays=HOLIDAYS).calls.shape[1] == 42
    by_day = forecast_by_day(model, months=6, holidays=HOLIDAYS)
    assert by_day.days[0] == date(2023, 1, 30)
    assert by_day.days[-1] == date(2023, 7, 29)  # six calendar months
    with pytest.raises(ValueError, match=r"^weeks must be a whole number from 1 to 6"):
        forecast_by_interval(model, weeks=7, holidays=HOLIDAYS)
    with pytest.raises(ValueError, match=r"^months must be a whole number from 1 to 6"):
        forecast_by_day(model, months=7, holidays=HOLIDAYS)
    with pytest.raises(ValueError, match=r"^weeks must"):
        forecast_by_interval(model, weeks=0, holidays=HOLIDAYS)
    with pytest.raises(ValueError, match=r"^interval_minutes must be 15 or 30"):
        History.from_intraday(["tax"], MONDAY, np.zeros((1, 7, 96)), 20)
    with pytest.raises(ValueError, match="at least 7 days"):
        History.from_intraday(["tax"], MONDAY, np.zeros((1, 6, 48)), 30)
    with pytest.raises(ValueError, match=r"^weeks:"):
        backtest(history, weeks=4, holidays=HOLIDAYS)  # nothing left to fit


def test_mape_and_wape_by_hand() -> None:
    actual = [10, 0, 5, 20]
    forecast = [8, 2, 5, 25]
    # MAPE over the points with calls: (2/10 + 0/5 + 5/20) / 3; the empty interval is left out.
    assert mape(actual, forecast) == pytest.approx(0.15)
    # WAPE over every point: (2 + 2 + 0 + 5) / 35.
    assert wape(actual, forecast) == pytest.approx(9 / 35)
    assert mape([0, 0], [1, 2]) is None
    assert wape([0, 0], [1, 2]) is None


def test_backtest_reports_the_held_back_weeks_per_line_and_overall() -> None:
    history, _ = _synthetic(30)
    two = History.from_intraday(
        ["tax", "waste"], MONDAY, np.stack([history.intraday[0], history.intraday[0] / 2]), 30
    )
    result = backtest(two, weeks=4, holidays=HOLIDAYS, opening=[_mask(), _mask()])

    assert result.start == two.end - timedelta(days=27)
    assert result.end == two.end
    assert len(result.by_day) == len(result.by_interval) == 2
    assert result.by_day_overall.points == 2 * 28
    assert result.by_interval_overall.points == 2 * 28 * SLOTS
    assert result.by_day_overall.actual == two.daily[:, -28:].sum()
    # Poisson noise of a few hundred calls a day: within 5% by day, looser by half-hour.
    assert result.by_day_overall.wape is not None
    assert result.by_day_overall.wape < 0.05
    assert result.by_interval_overall.wape is not None
    assert result.by_interval_overall.wape < 0.2
    assert result.by_interval_overall.mape is not None
    assert result.by_interval_overall.mape > result.by_day_overall.wape  # small counts


def test_a_steep_fall_is_clipped_at_zero_not_negative() -> None:
    days = 28
    daily = np.maximum(300 - 12.0 * np.arange(days), 0)
    intraday = np.zeros((1, days, SLOTS))
    intraday[0, :, 20] = daily
    history = History.from_intraday(["tax"], MONDAY, intraday, 30)
    forecast = forecast_by_day(fit(history, holidays=frozenset()), months=2, holidays=frozenset())
    assert forecast.calls.min() == 0
    assert forecast.calls[0, -1] == 0


@st.composite
def histories(draw: st.DrawFn) -> History:
    lines = draw(st.integers(1, 2))
    days = draw(st.integers(7, 42))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    rates = rng.uniform(0, draw(st.sampled_from([0.0, 0.5, 5.0, 50.0])), size=(lines, 1, SLOTS))
    trend = np.linspace(1, draw(st.floats(0.0, 3.0)), days)[None, :, None]
    counts = rng.poisson(rates * trend * rng.uniform(0, 2, size=(lines, days, 1)))
    return History.from_intraday([f"l{i}" for i in range(lines)], MONDAY, counts, 30)


@settings(max_examples=60, deadline=None)
@given(
    histories(),
    st.floats(0.01, 100.0),
    st.integers(1, 6),
    st.booleans(),
)
def test_forecasts_are_never_negative_and_scale_with_the_history(
    history: History, factor: float, weeks: int, closed_sunday: bool
) -> None:
    mask = np.ones((7, SLOTS), dtype=bool)
    mask[6] = not closed_sunday
    opening = [mask] * len(history.lines)
    scaled = History(
        history.lines,
        history.start,
        history.daily * factor,
        30,
        history.intraday_start,
        history.intraday * factor,
    )
    for months in (1, 6):
        plain = forecast_by_day(
            fit(history, holidays=HOLIDAYS, opening=opening), months=months, holidays=HOLIDAYS
        ).calls
        bigger = forecast_by_day(
            fit(scaled, holidays=HOLIDAYS, opening=opening), months=months, holidays=HOLIDAYS
        ).calls
        assert plain.min() >= 0
        np.testing.assert_allclose(bigger, plain * factor, rtol=1e-6, atol=1e-9 * factor)
    plain = forecast_by_interval(
        fit(history, holidays=HOLIDAYS, opening=opening), weeks=weeks, holidays=HOLIDAYS
    ).calls
    bigger = forecast_by_interval(
        fit(scaled, holidays=HOLIDAYS, opening=opening), weeks=weeks, holidays=HOLIDAYS
    ).calls
    assert plain.min() >= 0
    np.testing.assert_allclose(bigger, plain * factor, rtol=1e-6, atol=1e-9 * factor)

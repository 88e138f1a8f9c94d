from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicdesk.core.hours import HoursError, WeeklyHours, parse_day
from civicdesk.councils.bank_holidays import BankHolidays

LONDON = ZoneInfo("Europe/London")
NO_HOLIDAYS: frozenset[date] = frozenset()


def test_a_day_reads_one_or_several_ranges_and_empty_means_closed() -> None:
    assert [str(s) for s in parse_day("09:00-12:00, 13:00-17:00")] == [
        "09:00-12:00",
        "13:00-17:00",
    ]
    assert parse_day("") == ()
    assert parse_day("closed") == ()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("9 to 5", "not a range like 09:00-17:00"),
        ("17:00-09:00", "closes before it opens"),
        ("09:00-13:00, 12:00-17:00", "overlap"),
        ("25:00-26:00", "not a time of day"),
    ],
)
def test_bad_hours_say_what_is_wrong(text: str, says: str) -> None:
    with pytest.raises(HoursError, match=says):
        parse_day(text)


WEEKDAY_ONLY = WeeklyHours.parse(dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), "09:30-15:30"))


def test_a_line_is_open_inside_its_hours_and_closed_outside() -> None:
    monday = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
    assert WEEKDAY_ONLY.is_open(monday, LONDON, NO_HOLIDAYS)
    assert not WEEKDAY_ONLY.is_open(monday.replace(hour=15, minute=30), LONDON, NO_HOLIDAYS)
    assert not WEEKDAY_ONLY.is_open(monday.replace(hour=9, minute=29), LONDON, NO_HOLIDAYS)


def test_after_christmas_eve_the_next_opening_skips_three_bank_holidays_and_the_weekend() -> None:
    christmas_eve_evening = datetime(2026, 12, 24, 17, 0, tzinfo=LONDON)
    england = BankHolidays("england-and-wales")
    assert WEEKDAY_ONLY.next_opening(christmas_eve_evening, LONDON, england) == datetime(
        2026, 12, 29, 9, 30, tzinfo=LONDON
    )


def test_easter_monday_closes_an_english_line_but_not_a_scottish_one() -> None:
    easter_monday = datetime(2026, 4, 6, 11, 0, tzinfo=LONDON)
    assert not WEEKDAY_ONLY.is_open(easter_monday, LONDON, BankHolidays("england-and-wales"))
    assert WEEKDAY_ONLY.is_open(easter_monday, LONDON, BankHolidays("scotland"))


def test_hours_are_read_in_uk_time_across_the_clock_change() -> None:
    # 08:45 UTC in summer is 09:45 in London: the line is open.
    summer = datetime(2026, 7, 1, 8, 45, tzinfo=UTC)
    assert WEEKDAY_ONLY.is_open(summer, LONDON, NO_HOLIDAYS)
    winter = datetime(2026, 12, 1, 8, 45, tzinfo=UTC)
    assert not WEEKDAY_ONLY.is_open(winter, LONDON, NO_HOLIDAYS)


def _day_text(draw: st.DrawFn) -> str:
    start = draw(st.integers(0, 22 * 4))
    length = draw(st.integers(1, 8 * 4))
    end = min(start + length, 24 * 4 - 1)
    if draw(st.booleans()):
        return ""
    return f"{start // 4:02d}:{start % 4 * 15:02d}-{end // 4:02d}:{end % 4 * 15:02d}"


@st.composite
def weekly_hours(draw: st.DrawFn) -> WeeklyHours:
    return WeeklyHours.parse(
        {day: _day_text(draw) for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    )


moments = st.datetimes(
    min_value=datetime(2025, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
    max_value=datetime(2028, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@given(hours=weekly_hours(), moment=moments)
def test_the_next_opening_is_later_open_and_nothing_opens_before_it(
    hours: WeeklyHours, moment: datetime
) -> None:
    holidays = BankHolidays("england-and-wales")
    opening = hours.next_opening(moment, LONDON, holidays)
    if opening is None:
        assert all(not day for day in hours.days)
        return
    assert opening > moment
    assert hours.is_open(opening, LONDON, holidays)
    if not hours.is_open(moment, LONDON, holidays):
        step = (opening - moment) / 16
        probes = [moment + step * i for i in range(16)]
        assert not any(hours.is_open(p, LONDON, holidays) for p in probes)


@given(hours=weekly_hours(), moment=moments)
def test_while_open_the_line_closes_later_the_same_day(
    hours: WeeklyHours, moment: datetime
) -> None:
    holidays = BankHolidays("england-and-wales")
    closes = hours.closes_at(moment, LONDON, holidays)
    if hours.is_open(moment, LONDON, holidays):
        assert closes is not None
        assert moment < closes <= moment + timedelta(days=1)
        assert closes.date() == moment.astimezone(LONDON).date()
    else:
        assert closes is None

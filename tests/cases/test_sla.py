"""The SLA clock on its own: working time, due times, pause and resume."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from civicdesk.cases import sla
from civicdesk.core.hours import WeeklyHours
from civicdesk.councils.bank_holidays import BankHolidays

LONDON = ZoneInfo("Europe/London")
OFFICE = sla.WorkingCalendar(
    hours=WeeklyHours.parse(dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), "09:00-17:00")),
    zone=LONDON,
    closed=BankHolidays("england-and-wales"),
)
HOUR = 3600


def at(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=LONDON)


def test_five_working_days_from_a_monday_is_the_next_monday_at_close() -> None:
    assert sla.due_at(at(2026, 11, 23, 10), 5, OFFICE) == at(2026, 11, 30, 17)


def test_a_case_opened_before_christmas_skips_the_bank_holidays() -> None:
    # Wed 23 Dec 2026 + 2 working days: Thu 24, then Fri 25 (Christmas), Mon 28 (Boxing Day
    # observed) are skipped, so Tue 29 December.
    assert sla.due_at(at(2026, 12, 23, 12), 2, OFFICE) == at(2026, 12, 29, 17)


def test_scotland_works_easter_monday_but_england_does_not() -> None:
    scotland = sla.WorkingCalendar(OFFICE.hours, LONDON, BankHolidays("scotland"))
    thursday_before_easter = at(2026, 4, 2, 10)
    # England: Good Friday 3 and Easter Monday 6 April are holidays.
    assert sla.due_at(thursday_before_easter, 1, OFFICE) == at(2026, 4, 7, 17)
    # Scotland: Good Friday only.
    assert sla.due_at(thursday_before_easter, 1, scotland) == at(2026, 4, 6, 17)


def test_working_time_counts_only_office_hours() -> None:
    friday_4pm, monday_10am = at(2026, 11, 27, 16), at(2026, 11, 30, 10)
    assert sla.working_seconds_between(friday_4pm, monday_10am, OFFICE) == 2 * HOUR


def test_pausing_over_a_weekend_moves_the_due_time_by_the_working_time_paused() -> None:
    opened = at(2026, 11, 23, 9)
    due = sla.due_at(opened, 5, OFFICE)  # Mon 30 Nov 17:00
    paused = at(2026, 11, 26, 12)  # Thursday noon
    left = sla.remaining_when_paused(paused, due, OFFICE)
    resumed = at(2026, 12, 1, 12)  # the next Tuesday noon: 3 working days later
    assert sla.due_when_resumed(resumed, left, due, OFFICE) == at(2026, 12, 3, 17)


def test_a_case_already_overdue_when_paused_stays_overdue() -> None:
    due = at(2026, 11, 23, 17)
    paused = at(2026, 11, 24, 10)
    left = sla.remaining_when_paused(paused, due, OFFICE)
    assert left == 0
    assert sla.due_when_resumed(at(2026, 11, 30, 10), left, due, OFFICE) == due


moments = st.datetimes(
    min_value=datetime(2025, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
    max_value=datetime(2027, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@given(start=moments, seconds=st.integers(0, 40 * 8 * HOUR))
def test_adding_working_time_then_measuring_it_gives_it_back(start: datetime, seconds: int) -> None:
    end = sla.add_working_seconds(start, seconds, OFFICE)
    assert end >= start
    assert sla.working_seconds_between(start, end, OFFICE) == seconds


@given(a=moments, b=moments, c=moments)
def test_working_time_adds_up_over_consecutive_intervals(
    a: datetime, b: datetime, c: datetime
) -> None:
    a, b, c = sorted((a, b, c))
    total = sla.working_seconds_between(a, c, OFFICE)
    parts = sla.working_seconds_between(a, b, OFFICE) + sla.working_seconds_between(b, c, OFFICE)
    assert total == parts
    assert total <= (c - a).total_seconds()


@given(opened=moments, days=st.integers(1, 30))
def test_the_due_time_is_a_close_of_business_after_the_opening_day(
    opened: datetime, days: int
) -> None:
    due = sla.due_at(opened, days, OFFICE)
    local = due.astimezone(LONDON)
    assert local.time().hour == 17
    assert local.date() > opened.astimezone(LONDON).date()
    assert local.weekday() < 5
    assert local.date() not in BankHolidays("england-and-wales")
    assert local.date() - opened.astimezone(LONDON).date() >= timedelta(days=days)


@given(
    opened=moments,
    days=st.integers(1, 20),
    pause=st.integers(0, 10**6),
    length=st.integers(0, 10**7),
)
def test_pausing_never_brings_the_due_time_forward(
    opened: datetime, days: int, pause: int, length: int
) -> None:
    due = sla.due_at(opened, days, OFFICE)
    paused = opened + timedelta(seconds=pause)
    resumed = paused + timedelta(seconds=length)
    left = sla.remaining_when_paused(paused, due, OFFICE)
    new_due = sla.due_when_resumed(resumed, left, due, OFFICE)
    assert new_due >= due or left == 0
    if left:
        assert sla.working_seconds_between(resumed, new_due, OFFICE) == left


def test_breach_is_strictly_after_the_due_time() -> None:
    due = at(2026, 11, 23, 17)
    assert not sla.is_breached(due, due)
    assert sla.is_breached(due + timedelta(seconds=1), due)
    assert not sla.is_breached(due, None)
    assert date(2026, 11, 23) not in BankHolidays("england-and-wales")

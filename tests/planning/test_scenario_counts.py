"""A recorded period's calls per line and interval, counted by the database, are the counts of
each call's UK time binned one by one: across both clock changes, to the second, on 15- and
30-minute intervals; and a scenario may cover a year, not more."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from civicdesk.catalogue.models import ServiceLine
from civicdesk.councils.models import Council
from civicdesk.performance.models import CallRecord
from civicdesk.planning.forecast import counts_per_interval
from civicdesk.planning.history import arrival_history
from civicdesk.planning.scenario_counts import calls_per_interval, recorded_history
from civicdesk.planning.scenarios import MAX_PERIOD_DAYS, ScenarioError, check_dates
from tests.factories import CouncilFactory, ServiceLineFactory

pytestmark = pytest.mark.django_db

UK = ZoneInfo("Europe/London")
FIRST, LAST = date(2023, 3, 20), date(2023, 11, 5)  # both clock changes of 2023
CLOCK_CHANGES = (datetime(2023, 3, 26, 0, 0, tzinfo=UTC), datetime(2023, 10, 29, 0, 0, tzinfo=UTC))


@pytest.fixture
def council(db: None) -> Council:
    return CouncilFactory.create(slug="counts", name="Counts Council")


@pytest.fixture
def lines(council: Council) -> list[ServiceLine]:
    return [
        ServiceLineFactory.create(council=council, code=code, name=name)
        for code, name in (("tax", "Council Tax"), ("waste", "Waste"), ("quiet", "Quiet"))
    ]


def _calls(council: Council, lines: list[ServiceLine]) -> list[CallRecord]:
    """Calls on the first two lines: many in the nights of the clock changes, the rest spread
    over the period and a day either side of it (which must not count)."""
    rng = random.Random(3)
    outside = datetime(2023, 3, 18, tzinfo=UTC)
    span = int((datetime(2023, 11, 8, tzinfo=UTC) - outside).total_seconds())
    records = []
    for number in range(3000):
        if number % 3:
            moment = outside + timedelta(seconds=rng.randrange(span))
        else:
            moment = rng.choice(CLOCK_CHANGES) + timedelta(seconds=rng.randrange(-7200, 14400))
        records.append(
            CallRecord(
                council=council,
                call_id=f"C{number}",
                line=rng.choice(lines[:2]),
                presented_at=moment + timedelta(microseconds=rng.randrange(10**6)),
                outcome="answered",
                imported_at=outside,
            )
        )
    return CallRecord.objects.bulk_create(records)


def _one_by_one(records: list[CallRecord], lines: list[ServiceLine], minutes: int) -> np.ndarray:
    days = (LAST - FIRST).days + 1
    return np.stack(
        [
            counts_per_interval(
                np.array(
                    [
                        r.presented_at.astimezone(UK).replace(tzinfo=None)
                        for r in records
                        if r.line_id == line.pk
                    ],
                    dtype="datetime64[m]",
                ),
                start=FIRST,
                days=days,
                interval_minutes=minutes,
            )
            for line in lines
        ]
    )


@pytest.mark.parametrize("minutes", [15, 30])
def test_calls_per_interval_are_each_calls_uk_time_binned_in_turn(
    council: Council, lines: list[ServiceLine], minutes: int
) -> None:
    records = _calls(council, lines)

    counted = calls_per_interval(
        council=council, lines=lines, first=FIRST, last=LAST, interval_minutes=minutes
    )

    expected = _one_by_one(records, lines, minutes)
    assert counted.shape == expected.shape
    assert np.array_equal(counted, expected)
    assert 0 < counted.sum() < len(records)  # the days either side are left out


def test_the_scenarios_history_has_the_intervals_the_call_by_call_history_had(
    council: Council, lines: list[ServiceLine]
) -> None:
    _calls(council, lines)
    weeks = 33

    counted = recorded_history(council=council, through=LAST, weeks=weeks, interval_minutes=30)
    read = arrival_history(
        council=council, through=LAST, weeks=weeks, profile_weeks=weeks, interval_minutes=30
    )

    assert [line.pk for line in counted.lines] == [line.pk for line in read.lines]
    assert counted.history.intraday_start == read.history.intraday_start
    assert np.array_equal(counted.history.intraday, read.history.intraday)
    assert len(counted.opening) == len(read.opening)
    for ours, theirs in zip(counted.opening, read.opening, strict=True):
        if ours is None or theirs is None:
            assert ours is theirs
        else:
            assert np.array_equal(ours, theirs)


def test_a_scenario_covers_up_to_a_year_and_a_longer_period_names_the_field() -> None:
    assert MAX_PERIOD_DAYS == 366
    check_dates(date(2024, 1, 1), date(2024, 12, 31))  # a leap year: 366 days

    with pytest.raises(ScenarioError) as raised:
        check_dates(date(2023, 1, 1), date(2024, 1, 2))  # 367 days
    assert raised.value.field == "period.to"
    assert "at most 366 days" in raised.value.message

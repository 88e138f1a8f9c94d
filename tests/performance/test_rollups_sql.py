"""The rollups the database counts (`rollups_rebuild`) are the sums `Tally.add` makes, call by
call: at the thresholds to the microsecond, across UK midnight and the clock changes, with
missing times and an outcome no sum counts."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from civicdesk.catalogue.models import ServiceLine
from civicdesk.councils.models import Council
from civicdesk.performance.metrics import SUMS, Tally
from civicdesk.performance.models import CallRecord, CallRollup, LineStandard, Period
from civicdesk.performance.rollups import DayTallies, call_of, period_start, rollups_rebuild

pytestmark = pytest.mark.django_db

OUTCOMES = ["answered", "transferred", "abandoned_ivr", "abandoned_queue", "callback", "other"]
# Around the clock changes of 2023 (26 March, 29 October) and a year's end.
MOMENTS = [
    datetime(2023, 3, 25, 23, 30, tzinfo=UTC),
    datetime(2023, 10, 28, 22, 30, tzinfo=UTC),
    datetime(2023, 12, 31, 23, 0, tzinfo=UTC),
]


def _maybe(rng: random.Random, moment: datetime) -> datetime | None:
    return None if rng.random() < 0.1 else moment


def _records(council: Council, lines: list[ServiceLine], count: int) -> list[CallRecord]:
    """Calls with times to the microsecond, some a whole number of seconds from a threshold."""
    rng = random.Random(12)
    imported = datetime(2024, 1, 5, tzinfo=UTC)
    records = []
    for number in range(count):
        presented = rng.choice(MOMENTS) + timedelta(
            seconds=rng.randrange(-3 * 3600, 3 * 3600), microseconds=rng.randrange(1_000_000)
        )
        whole = rng.random() < 0.5  # exactly 5 or 20 seconds, the thresholds, or thereabouts
        step = timedelta(seconds=rng.choice([4, 5, 19, 20, 21, 30]))
        nudge = timedelta(microseconds=rng.choice([-1, 0, 1]) if whole else rng.randrange(10**6))
        queued = _maybe(rng, presented + step + nudge)
        answered = _maybe(rng, (queued or presented) + step + nudge)
        left = _maybe(rng, (queued or presented) + step + nudge)
        ended = _maybe(rng, (answered or left or presented) + timedelta(seconds=rng.randrange(300)))
        records.append(
            CallRecord(
                council=council,
                call_id=f"E{number}",
                line=rng.choice(lines),
                presented_at=presented,
                ivr_exit_at=_maybe(rng, presented + step + nudge),
                queue_entered_at=queued,
                queue_exited_at=left,
                answered_at=answered,
                ended_at=ended,
                outcome=rng.choice(OUTCOMES),
                wrap_seconds=rng.choice([None, 0, 7, 45]),
                imported_at=imported,
            )
        )
    return CallRecord.objects.bulk_create(records)


def _one_by_one(council: Council, records: list[CallRecord]) -> dict[tuple, tuple]:
    days = DayTallies(council)
    for record in records:
        days.add(record.line_id, call_of(record))
    buckets: dict[tuple, Tally] = {}
    for (line_id, day), tally in days.tallies.items():
        for period in Period.values:
            buckets.setdefault((period, period_start(day, period), line_id), Tally()).merge(tally)
    return {key: tuple(round(getattr(t, n), 6) for n in SUMS) for key, t in buckets.items()}


def _stored(council: Council) -> dict[tuple, tuple]:
    return {
        (row.period, row.starts_on, row.line_id): tuple(round(getattr(row, n), 6) for n in SUMS)
        for row in CallRollup.objects.filter(council=council)
    }


def test_rebuilt_rollups_are_the_sums_of_each_call_counted_in_turn(
    council: Council, tax_line: ServiceLine, waste_line: ServiceLine
) -> None:
    LineStandard.objects.create(
        council=council, line=tax_line, answer_within_seconds=30, short_abandon_seconds=4
    )
    records = _records(council, [tax_line, waste_line], 1500)

    assert rollups_rebuild(council=council) == 1500
    assert _stored(council) == _one_by_one(council, records)


def test_a_rebuild_of_one_line_leaves_the_other_lines_alone(
    council: Council, tax_line: ServiceLine, waste_line: ServiceLine
) -> None:
    records = _records(council, [tax_line, waste_line], 300)
    rollups_rebuild(council=council)
    waste_before = {k: v for k, v in _stored(council).items() if k[2] == waste_line.pk}
    LineStandard.objects.create(council=council, line=tax_line, answer_within_seconds=5)

    read = rollups_rebuild(council=council, line_ids=[tax_line.pk])

    assert read == sum(1 for record in records if record.line_id == tax_line.pk)
    assert _stored(council) == _one_by_one(council, records)
    assert {k: v for k, v in _stored(council).items() if k[2] == waste_line.pk} == waste_before


def test_a_council_without_calls_rebuilds_to_no_rollups(council: Council) -> None:
    assert rollups_rebuild(council=council) == 0
    assert not CallRollup.objects.filter(council=council).exists()

"""Rollups: written as calls are imported, they give the same figures as the call records."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command

from civicdesk.catalogue.models import ServiceLine
from civicdesk.councils.models import Council
from civicdesk.performance.calls_import import calls_import
from civicdesk.performance.metrics import SUMS, Tally
from civicdesk.performance.models import CallRollup, LineStandard
from civicdesk.performance.rollups import rollups_rebuild, tallies_between
from civicdesk.performance.selectors import council_line_metrics
from civicdesk.performance.services import line_standard_save

pytestmark = pytest.mark.django_db

HEADER = ["call_id", "line", "presented_at", "queue_entered_at", "answered_at", "ended_at"]
HEADER += ["outcome", "wrap_seconds"]


def _calls_csv(seed: int, count: int, first: date, days: int, lines: list[str]) -> str:
    """Calls spread over `days` days from `first`, on the given lines, with mixed outcomes."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for number in range(count):
        presented = datetime.combine(first, datetime.min.time(), UTC) + timedelta(
            days=rng.randrange(days), seconds=rng.randrange(8 * 3600, 17 * 3600)
        )
        queued = presented + timedelta(seconds=rng.randrange(5, 40))
        outcome = rng.choice(["answered", "answered", "transferred", "abandoned_queue"])
        answered = queued + timedelta(seconds=rng.randrange(0, 300))
        ended = answered + timedelta(seconds=rng.randrange(60, 600))
        was_answered = outcome != "abandoned_queue"
        writer.writerow(
            [
                f"R{number}",
                rng.choice(lines),
                presented.isoformat(),
                queued.isoformat(),
                answered.isoformat() if was_answered else "",
                ended.isoformat(),
                outcome,
                rng.randrange(0, 90) if was_answered else "",
            ]
        )
    return out.getvalue()


def _stored_sums(council: Council) -> dict[tuple[str, date, int], tuple[float, ...]]:
    return {
        (row.period, row.starts_on, row.line_id): tuple(
            round(float(getattr(row, name)), 6) for name in SUMS
        )
        for row in CallRollup.objects.filter(council=council)
    }


def _as_figures(council: Council, start: date, end: date, raw: bool) -> list[dict[str, object]]:
    figures = council_line_metrics(
        council=council, start=start, end=end, service_level_seconds=20 if raw else None
    )
    return [
        {k: round(v, 6) if isinstance(v, float) else v for k, v in asdict(f).items()}
        for f in figures
    ]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2022, 12, 20), date(2024, 1, 10)),  # days, a whole year, a month, days
        (date(2023, 1, 1), date(2023, 12, 31)),  # exactly one year
        (date(2023, 2, 1), date(2023, 2, 28)),  # exactly one month
        (date(2023, 3, 15), date(2023, 5, 3)),  # days, a month, days
        (date(2023, 6, 6), date(2023, 6, 6)),  # one day
    ],
)
def test_figures_from_rollups_equal_figures_from_the_call_records(
    council: Council, tax_line: ServiceLine, waste_line: ServiceLine, start: date, end: date
) -> None:
    text = _calls_csv(1, 1500, date(2022, 12, 1), 430, ["Council Tax", "Waste"])
    calls_import(council=council, text=text)

    assert _as_figures(council, start, end, raw=False) == _as_figures(council, start, end, True)


def test_reimporting_changed_calls_keeps_the_rollups_true(
    council: Council, tax_line: ServiceLine, waste_line: ServiceLine
) -> None:
    text = _calls_csv(2, 400, date(2023, 1, 25), 20, ["Council Tax", "Waste"])
    calls_import(council=council, text=text)
    # The telephony system re-exports: some calls moved to the other line, outcomes corrected.
    changed = text.replace(",Waste,", ",Council Tax,", 30).replace("abandoned_queue", "callback")
    summary = calls_import(council=council, text=changed)
    assert summary.updated > 0

    incremental = _stored_sums(council)
    rollups_rebuild(council=council)
    assert incremental == _stored_sums(council)


def test_importing_the_same_file_twice_leaves_the_rollups_as_they_were(
    council: Council, tax_line: ServiceLine
) -> None:
    text = _calls_csv(3, 200, date(2023, 4, 1), 10, ["Council Tax"])
    calls_import(council=council, text=text)
    before = _stored_sums(council)
    calls_import(council=council, text=text)
    assert _stored_sums(council) == before


def test_a_line_standard_sets_the_service_level_threshold(
    council: Council, tax_line: ServiceLine
) -> None:
    calls_import(council=council, text=_calls_csv(4, 300, date(2023, 4, 1), 10, ["Council Tax"]))
    strict = tallies_between(council=council, start=date(2023, 4, 1), end=date(2023, 4, 30))
    line_standard_save(
        standard=LineStandard(council=council, line=tax_line, answer_within_seconds=120),
        actor=None,
    )
    lenient = tallies_between(council=council, start=date(2023, 4, 1), end=date(2023, 4, 30))

    assert lenient[tax_line.pk].within_target > strict[tax_line.pk].within_target
    assert lenient[tax_line.pk].presented == strict[tax_line.pk].presented == 300


def test_tallies_of_disjoint_calls_merge_to_the_tally_of_all() -> None:
    left, right = Tally(presented=2, answer_seconds=1.5), Tally(presented=3, answer_seconds=2.0)
    left.merge(right)
    assert (left.presented, left.answer_seconds) == (5, 3.5)


def test_rebuild_rollups_command_recounts_what_was_lost(
    council: Council, tax_line: ServiceLine
) -> None:
    calls_import(council=council, text=_calls_csv(5, 100, date(2023, 5, 1), 5, ["Council Tax"]))
    before = _stored_sums(council)
    CallRollup.objects.filter(council=council, period="month").delete()

    call_command("rebuild_rollups", council=council.slug, stdout=io.StringIO())

    assert _stored_sums(council) == before

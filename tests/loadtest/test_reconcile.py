"""The load test's reconciliation, against a real database: it finds a lost, a duplicated and a
half-written write, and nothing when every write is whole."""

from __future__ import annotations

from typing import Any

from civicdesk.cases.services import case_open
from civicdesk.catalogue.models import QueryType
from civicdesk.contacts.models import Contact
from civicdesk.contacts.services import CaseDraft, contact_record
from civicdesk.councils.models import Council
from loadtest.driver import NO_ANSWER, Outcome
from loadtest.reconcile import half_written, reconcile

PREFIX = "lt-test-intake-"


def _contact(council: Council, advisor: Any, missed_bin: QueryType, marker: str) -> Contact:
    return contact_record(
        council=council, actor=advisor, channel="phone", query_type=missed_bin, notes=marker
    )


def _answered(marker: str, status: int = 201, table: str = "contact") -> Outcome:
    return Outcome(marker=marker, table=table, status=status, attempts=1, seconds=0.01)


def test_every_answer_with_its_one_row_is_clean(
    demo: Council, advisor: Any, missed_bin: QueryType
) -> None:
    for n in range(3):
        _contact(demo, advisor, missed_bin, f"{PREFIX}{n}")
    found = reconcile([_answered(f"{PREFIX}{n}") for n in range(3)], PREFIX)
    assert (found.answered, found.rows, found.lost, found.duplicated, found.unanswered) == (
        3,
        3,
        0,
        0,
        0,
    )
    assert found.clean
    assert half_written(demo.pk).total == 0


def test_a_2xx_without_its_row_is_lost_and_a_marker_twice_is_duplicated(
    demo: Council, advisor: Any, missed_bin: QueryType
) -> None:
    _contact(demo, advisor, missed_bin, f"{PREFIX}1")
    _contact(demo, advisor, missed_bin, f"{PREFIX}1")  # a retry that wrote again
    _contact(demo, advisor, missed_bin, f"{PREFIX}10")  # written, its answer never arrived
    outcomes = [
        _answered(f"{PREFIX}1"),
        _answered(f"{PREFIX}2"),  # answered 201, yet nothing was written
        _answered(f"{PREFIX}10", status=NO_ANSWER),
        _answered(f"{PREFIX}3", status=503),  # refused, and nothing written: fine
    ]
    found = reconcile(outcomes, PREFIX)
    assert (found.lost, found.duplicated, found.unanswered) == (1, 1, 1)
    assert not found.clean


def test_a_contact_not_counted_in_its_day_is_half_written(
    demo: Council, advisor: Any, missed_bin: QueryType
) -> None:
    counted = _contact(demo, advisor, missed_bin, f"{PREFIX}1")
    assert half_written(demo.pk).day_counts_wrong == 0
    # A second contact of the same kind and day written without its count, as a crash between
    # the two writes would leave it if they were not in one transaction.
    Contact.objects.create(
        council=demo,
        channel=counted.channel,
        direction=counted.direction,
        query_type=missed_bin,
        line=counted.line,
        presented_at=counted.presented_at,
        demand_type=counted.demand_type,
        purpose=counted.purpose,
        notes=f"{PREFIX}2",
    )
    assert half_written(demo.pk).day_counts_wrong == 1


def test_a_case_the_load_test_raised_without_its_contact_is_half_written(
    demo: Council, advisor: Any, missed_bin: QueryType
) -> None:
    contact_record(
        council=demo,
        actor=advisor,
        channel="api",
        query_type=missed_bin,
        raise_case=CaseDraft(description="Bin (lt-test-open311-1)", uprn="100030001234"),
    )
    assert half_written(demo.pk).total == 0
    found = reconcile([_answered("lt-test-open311-1", 200, "case")], "lt-test-open311-")
    assert (found.rows, found.lost) == (1, 0)
    case_open(
        query_type=missed_bin,
        actor=advisor,
        description="Bin (lt-test-open311-2)",
        uprn="100030009999",
    )
    broken = half_written(demo.pk)
    assert (broken.cases_without_contact, broken.cases_without_events) == (1, 0)

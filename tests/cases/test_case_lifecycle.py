from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from civicdesk.cases.models import AppendOnly, Case, CaseEvent
from civicdesk.cases.references import ALPHABET, new_reference, normalise_reference
from civicdesk.cases.services import (
    case_flag_breaches,
    case_note_add,
    case_open,
    case_transfer,
    case_transition,
)
from civicdesk.cases.tasks import flag_breaches
from civicdesk.cases.vocabulary import EventKind, Status
from civicdesk.catalogue.models import QueryType
from civicdesk.core.errors import DomainError, ErrorKind
from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident
from civicdesk.residents.services import resident_create

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def resident(demo: Council, advisor: object) -> Resident:
    return resident_create(
        council=demo, actor=advisor, first_name="Ada", last_name="Lovelace", phones=["07700 900123"]
    )


def test_references_avoid_characters_confused_aloud() -> None:
    for _ in range(200):
        reference = new_reference()
        assert not set(reference.replace("-", "")) & set("B8G6I1L0OQDS5Z2")
        assert set(reference.replace("-", "")) <= set(ALPHABET)
    assert normalise_reference("ac3e f4hj") == "AC3E-F4HJ"
    assert normalise_reference("AB3E-F4HJ") is None  # B is never issued


def test_a_new_case_is_due_by_its_query_types_standard(
    missed_bin: QueryType, resident: Resident, advisor: object
) -> None:
    case = case_open(
        query_type=missed_bin, actor=advisor, description="Bin missed", resident=resident
    )
    assert missed_bin.standard_days == 2
    assert case.due_at is not None
    assert case.due_at > case.opened_at
    assert [e.kind for e in case.events.all()] == [EventKind.OPENED]
    assert case.events.get().actor == advisor


def test_a_closed_case_must_be_reopened_before_work_resumes(
    missed_bin: QueryType, resident: Resident, advisor: object
) -> None:
    case = case_open(
        query_type=missed_bin, actor=advisor, description="Bin missed", resident=resident
    )
    case = case_transition(case=case, actor=advisor, to="closed", outcome="done")
    with pytest.raises(DomainError) as refused:
        case_transition(case=case, actor=advisor, to="in_progress")
    assert refused.value.kind is ErrorKind.CONFLICT
    assert refused.value.extra["allowed"] == ["open"]
    assert "without reopening" in refused.value.message
    case = case_transition(case=case, actor=advisor, to="open", reason="Bin still not emptied")
    assert case.status == Status.OPEN
    assert case.outcome == ""
    assert case.events.filter(kind=EventKind.REOPENED).count() == 1


def test_resolving_needs_an_honest_outcome(
    missed_bin: QueryType, resident: Resident, advisor: object
) -> None:
    case = case_open(query_type=missed_bin, actor=advisor, description="x", resident=resident)
    with pytest.raises(DomainError, match="Choose an outcome") as refused:
        case_transition(case=case, actor=advisor, to="resolved")
    assert refused.value.field == "outcome"
    resolved = case_transition(
        case=case, actor=advisor, to="resolved", outcome="not_council_responsibility"
    )
    assert resolved.get_outcome_display() == "Not the council's responsibility"


def test_two_advisors_at_once_never_overwrite_each_other(
    missed_bin: QueryType, resident: Resident, advisor: object
) -> None:
    case = case_open(query_type=missed_bin, actor=advisor, description="x", resident=resident)
    seen_by_both = case.version
    case_transition(case=case, actor=advisor, to="in_progress", expected_version=seen_by_both)
    with pytest.raises(DomainError) as stale:
        case_transition(
            case=case, actor=advisor, to="closed", outcome="done", expected_version=seen_by_both
        )
    assert stale.value.code == "changed_by_someone_else"
    assert Case.objects.get(pk=case.pk).status == Status.IN_PROGRESS


def test_waiting_on_the_resident_stops_the_clock_and_resuming_moves_the_due_time(
    missed_bin: QueryType, resident: Resident, advisor: object
) -> None:
    case = case_open(query_type=missed_bin, actor=advisor, description="x", resident=resident)
    waiting = case_transition(case=case, actor=advisor, to="awaiting_resident")
    assert waiting.sla_paused_at is not None
    assert waiting.sla_remaining_seconds is not None
    resumed = case_transition(case=waiting, actor=advisor, to="in_progress")
    assert resumed.sla_paused_at is None
    assert resumed.due_at is not None
    assert case.due_at is not None
    assert resumed.due_at >= case.due_at
    kinds = list(resumed.events.values_list("kind", flat=True))
    assert EventKind.SLA_PAUSED in kinds
    assert EventKind.SLA_RESUMED in kinds


def test_the_breach_task_flags_overdue_cases_once(
    missed_bin: QueryType, resident: Resident, advisor: object
) -> None:
    case = case_open(query_type=missed_bin, actor=advisor, description="x", resident=resident)
    waiting = case_open(
        query_type=missed_bin,
        actor=advisor,
        description="y",
        resident=resident,
        allow_duplicate=True,
    )
    case_transition(case=waiting, actor=advisor, to="awaiting_third_party")
    assert case.due_at is not None
    later = case.due_at + timedelta(minutes=1)
    assert case_flag_breaches(moment=later) == 1
    assert case_flag_breaches(moment=later) == 0
    case.refresh_from_db()
    assert case.breached_at == later
    assert case.events.filter(kind=EventKind.BREACHED).count() == 1
    assert Case.objects.get(pk=waiting.pk).breached_at is None
    assert flag_breaches.call_local() == 0  # the huey task, run again: nothing new


def test_tier_one_transfers_to_tier_two_with_a_reason(
    missed_bin: QueryType, resident: Resident, advisor: object
) -> None:
    case = case_open(query_type=missed_bin, actor=advisor, description="x", resident=resident)
    with pytest.raises(DomainError, match="Say why"):
        case_transfer(case=case, actor=advisor, reason=" ")
    moved = case_transfer(case=case, actor=advisor, reason="Needs the crew supervisor")
    assert moved.tier == 2
    event = moved.events.get(kind=EventKind.TRANSFERRED)
    assert event.data["reason"] == "Needs the crew supervisor"


def test_the_timeline_is_append_only(
    missed_bin: QueryType, resident: Resident, advisor: object
) -> None:
    case = case_open(query_type=missed_bin, actor=advisor, description="x", resident=resident)
    note = case_note_add(case=case, actor=advisor, text="Rang the crew")
    note.data = {"text": "rewritten"}
    with pytest.raises(AppendOnly):
        note.save()
    with pytest.raises(AppendOnly):
        note.delete()
    assert CaseEvent.objects.get(pk=note.pk).data == {"text": "Rang the crew"}


def test_a_second_report_at_the_same_place_is_offered_the_open_case(
    missed_bin: QueryType, advisor: object
) -> None:
    first = case_open(
        query_type=missed_bin,
        actor=advisor,
        description="Bins left",
        uprn="100030512345",
        latitude=Decimal("52.636000"),
        longitude=Decimal("-1.132000"),
    )
    with pytest.raises(DomainError) as same_uprn:
        case_open(query_type=missed_bin, actor=advisor, description="Again", uprn="100030512345")
    assert same_uprn.value.extra["existing"] == [first.reference]
    with pytest.raises(DomainError) as nearby:  # about 22 metres away
        case_open(
            query_type=missed_bin,
            actor=advisor,
            description="Next door",
            latitude=Decimal("52.636200"),
            longitude=Decimal("-1.132000"),
        )
    assert nearby.value.extra["existing"] == [first.reference]
    far = case_open(
        query_type=missed_bin,
        actor=advisor,
        description="Other street",
        latitude=Decimal("52.640000"),
        longitude=Decimal("-1.132000"),
    )
    assert far.reference != first.reference
    insisted = case_open(
        query_type=missed_bin,
        actor=advisor,
        description="Again",
        uprn="100030512345",
        allow_duplicate=True,
    )
    assert insisted.pk != first.pk


def test_a_case_cannot_be_opened_for_another_councils_resident(
    missed_bin: QueryType, neighbour: Council, advisor: object
) -> None:
    theirs = resident_create(council=neighbour, actor=advisor, first_name="N", last_name="Body")
    with pytest.raises(DomainError) as refused:
        case_open(query_type=missed_bin, actor=advisor, description="x", resident=theirs)
    assert refused.value.kind is ErrorKind.NOT_FOUND
    assert not Case.objects.exists()


def test_the_due_time_follows_the_owning_teams_hours(
    missed_bin: QueryType, resident: Resident, advisor: object, demo: Council
) -> None:
    from civicdesk.councils.models import Team

    missed_bin.team = Team.objects.create(
        council=demo, code="crews", name="Crews", hours={"sat": "08:00-12:00"}
    )
    missed_bin.save()
    case = case_open(query_type=missed_bin, actor=advisor, description="x", resident=resident)
    assert case.due_at is not None
    due = case.due_at.astimezone(LONDON)
    assert due.weekday() == 5  # a Saturday: the only day the crews work
    assert due.hour == 12
    assert due - case.opened_at > timedelta(days=7)
    assert isinstance(case.opened_at, datetime)

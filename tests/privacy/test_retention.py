"""Retention: closed cases past their query type's period go, with their contacts and timeline."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from itertools import count
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from civicdesk.cases.models import AppendOnly, Case, CaseEvent
from civicdesk.cases.services import case_transition
from civicdesk.catalogue.models import QueryType
from civicdesk.contacts.models import Contact
from civicdesk.contacts.services import CaseDraft, contact_record
from civicdesk.councils.models import Council
from civicdesk.privacy.retention import purge_apply, purge_candidates
from civicdesk.residents.models import ContactPoint, Resident
from civicdesk.residents.services import resident_create, resident_merge

SIX_YEARS = 6 * 365
_phones = count(100)


def make_case(
    council: Council,
    actor: Any,
    code: str,
    *,
    closed_days_ago: int | None,
    resident: Resident | None = None,
    name: str = "Grace Hopper",
) -> Case:
    """A case raised by a phone call and chased once by email; closed that many days ago."""
    first, last = name.split()
    resident = resident or resident_create(
        council=council,
        actor=actor,
        first_name=first,
        last_name=last,
        phones=[f"0113 496 0{next(_phones)}"],
    )
    query_type = QueryType.objects.get(council=council, code=code)
    raised = contact_record(
        council=council,
        actor=actor,
        channel="phone",
        resident=resident,
        query_type=query_type,
        raise_case=CaseDraft(description=f"{name} needs help", allow_duplicate=True),
    )
    case = raised.case
    assert case is not None
    contact_record(
        council=council, actor=actor, channel="email", resident=resident, query_type=query_type
    )
    if closed_days_ago is not None:
        case = case_transition(case=case, actor=actor, to="closed", outcome="done")
        when = timezone.now() - timedelta(days=closed_days_ago)
        Case.objects.filter(pk=case.pk).update(closed_at=when)
        Resident.objects.filter(pk=resident.pk).update(updated_at=when)
    return case


def run(*args: str) -> str:
    out = StringIO()
    call_command("purge_expired", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def cases(demo: Council, advisor: Any) -> dict[str, Case]:
    return {
        "expired": make_case(demo, advisor, "hb-payment-enquiry", closed_days_ago=SIX_YEARS + 2),
        "yesterday": make_case(
            demo, advisor, "hb-payment-enquiry", closed_days_ago=1, name="Alan Turing"
        ),
        "open": make_case(
            demo, advisor, "hb-payment-enquiry", closed_days_ago=None, name="Joan Clarke"
        ),
    }


def counts() -> tuple[int, int, int, int]:
    return (
        Case.objects.count(),
        Contact.objects.count(),
        CaseEvent.objects.count(),
        Resident.objects.count(),
    )


def test_without_apply_it_reports_and_deletes_nothing(cases: dict[str, Case]) -> None:
    before = counts()
    out = run()
    assert counts() == before
    assert "demo  hb-payment-enquiry (Payment enquiry), kept 2190 days: 1 case, 2 contacts" in out
    assert "Would delete 1 case (with " in out
    assert "2 contacts, 1 resident left with nothing else." in out
    assert "Nothing was deleted: run again with --apply" in out


def test_with_apply_it_deletes_exactly_the_expired_cases_contacts_and_timeline(
    cases: dict[str, Case],
) -> None:
    expired = cases["expired"]
    resident_id = expired.resident_id
    assert resident_id is not None
    contact_ids = list(expired.contacts.values_list("pk", flat=True))
    assert len(contact_ids) == 2
    assert CaseEvent.objects.filter(case=expired).count() >= 3
    kept_events = CaseEvent.objects.exclude(case=expired).count()

    out = run("--apply")

    assert "Deleted 1 case (with " in out
    assert not Case.objects.filter(pk=expired.pk).exists()
    assert not Contact.objects.filter(pk__in=contact_ids).exists()
    assert not CaseEvent.objects.filter(case_id=expired.pk).exists()
    assert not Resident.objects.filter(pk=resident_id).exists()
    assert not ContactPoint.objects.filter(resident_id=resident_id).exists()
    # The case closed yesterday and the open case stay, with their contacts and timelines.
    for name in ("yesterday", "open"):
        assert Case.objects.filter(pk=cases[name].pk).exists()
        assert Contact.objects.filter(case=cases[name]).count() == 2
    assert CaseEvent.objects.count() == kept_events
    assert "nothing: no case, contact or resident has passed it." in run("--apply")


def test_timeline_rows_still_refuse_to_be_deleted_one_by_one(cases: dict[str, Case]) -> None:
    event = CaseEvent.objects.filter(case=cases["open"]).first()
    assert event is not None
    with pytest.raises(AppendOnly):
        event.delete()


def test_each_query_type_keeps_its_own_period(demo: Council, advisor: Any) -> None:
    QueryType.objects.filter(council=demo, code="waste-missed-collection").update(retention_days=30)
    short = make_case(demo, advisor, "waste-missed-collection", closed_days_ago=40)
    long = make_case(demo, advisor, "hb-payment-enquiry", closed_days_ago=40, name="Ada King")
    plan = purge_candidates(today=timezone.localdate())
    assert plan.case_ids == [short.pk]
    assert [
        (line.query_type.code, line.retention_days) for line in plan.expired if line.query_type
    ] == [("waste-missed-collection", 30)]
    # The resident changed 40 days ago: well within the longest period, so the record stays.
    assert plan.resident_ids == []
    purge_apply(today=timezone.localdate())
    assert list(Case.objects.values_list("pk", flat=True)) == [long.pk]
    assert short.resident is not None
    assert Resident.objects.filter(pk=short.resident.pk).exists()


def test_a_resident_with_anything_else_or_in_a_merge_stays(demo: Council, advisor: Any) -> None:
    expired = make_case(demo, advisor, "hb-payment-enquiry", closed_days_ago=SIX_YEARS + 2)
    assert expired.resident is not None
    make_case(
        demo, advisor, "waste-missed-collection", closed_days_ago=None, resident=expired.resident
    )
    other = make_case(
        demo, advisor, "hb-payment-enquiry", closed_days_ago=SIX_YEARS + 2, name="Mary Somerville"
    )
    assert other.resident is not None
    duplicate = resident_create(council=demo, actor=advisor, first_name="M.", last_name="Fairfax")
    resident_merge(kept=other.resident, merged=duplicate, actor=advisor)
    Resident.objects.filter(pk=other.resident.pk).update(
        updated_at=timezone.now() - timedelta(days=SIX_YEARS + 2)
    )
    plan = purge_apply(today=timezone.localdate())
    assert sorted(plan.case_ids) == sorted([expired.pk, other.pk])
    assert plan.resident_ids == []
    assert Resident.objects.filter(pk__in=[expired.resident.pk, other.resident.pk]).count() == 2


def test_one_council_at_a_time(demo: Council, neighbour: Council, advisor: Any) -> None:
    ours = make_case(demo, advisor, "hb-payment-enquiry", closed_days_ago=SIX_YEARS + 2)
    neighbour_type = QueryType.objects.filter(council=neighbour).order_by("code").first()
    assert neighbour_type is not None
    theirs = make_case(neighbour, None, neighbour_type.code, closed_days_ago=SIX_YEARS + 2)
    out = run("--council", "neighbour", "--apply")
    assert "(neighbour)" in out
    assert Case.objects.filter(pk=ours.pk).exists()
    assert not Case.objects.filter(pk=theirs.pk).exists()
    with pytest.raises(CommandError, match="No council with slug 'nowhere'"):
        run("--council", "nowhere")

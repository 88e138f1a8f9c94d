from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from civicdesk.cases.models import Case
from civicdesk.cases.services import case_open
from civicdesk.catalogue.models import QueryType
from civicdesk.contacts.services import contact_record
from civicdesk.core.errors import DomainError
from civicdesk.councils.models import Council
from civicdesk.residents.models import ContactPoint, Resident, VulnerabilityView
from civicdesk.residents.selectors import residents_matching
from civicdesk.residents.services import (
    AddressInput,
    contact_point_add,
    resident_create,
    resident_merge,
    resident_merge_undo,
    vulnerabilities_seen,
    vulnerability_record,
)


def make(demo: Council, advisor: object, first: str, **kwargs: Any) -> Resident:
    return resident_create(
        council=demo, actor=advisor, first_name=first, last_name="Smith", **kwargs
    )


def test_phones_are_stored_as_e164_and_found_however_typed(demo: Council, advisor: object) -> None:
    ada = make(
        demo,
        advisor,
        "Ada",
        phones=["07700 900123"],
        emails=["Ada@Example.org"],
        addresses=[AddressInput("1 Engine Row", "dm11aa", uprn="100030512345")],
    )
    values = set(ada.contact_points.values_list("value", flat=True))
    assert "+447700900123" in values
    assert "ada@example.org" in values
    assert ada.contact_points.get(kind="address").postcode == "DM1 1AA"
    for typed in ("+44 7700 900123", "07700900123", "ada@example.org", "DM1 1AA", "ada smith"):
        assert list(residents_matching(demo, typed)) == [ada], typed


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"phones": ["07700 900123", "not a phone"]}, "phones[1]"),
        ({"emails": ["nobody@"]}, "emails[0]"),
        ({"addresses": [AddressInput("1 Row", "NOT A POSTCODE")]}, "addresses[0].postcode"),
    ],
)
def test_bad_contact_points_are_field_errors_and_nothing_is_written(
    demo: Council, advisor: object, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        make(demo, advisor, "Bad", **kwargs)
    assert refused.value.field == field
    assert not Resident.objects.exists()
    assert not ContactPoint.objects.exists()


def test_reading_a_vulnerability_is_recorded(demo: Council, advisor: object) -> None:
    ada = make(demo, advisor, "Ada")
    vulnerability_record(
        resident=ada,
        actor=advisor,
        reason="Recently bereaved",
        consent_given=True,
        review_date=date(2027, 5, 1),
    )
    assert not VulnerabilityView.objects.exists()
    flags = vulnerabilities_seen(resident=ada, actor=advisor, where="single view")
    assert [f.reason for f in flags] == ["Recently bereaved"]
    view = VulnerabilityView.objects.get()
    assert (view.viewed_by, view.where, view.resident) == (advisor, "single view", ada)


def test_a_merge_moves_everything_and_can_be_undone(demo: Council, advisor: object) -> None:
    kept = make(demo, advisor, "Ada", phones=["07700 900123"])
    duplicate = make(demo, advisor, "A.", emails=["ada@example.org"])
    missed_bin = QueryType.objects.get(council=demo, code="waste-missed-collection")
    case = case_open(query_type=missed_bin, actor=advisor, description="x", resident=duplicate)
    contact = contact_record(council=demo, actor=advisor, channel="email", resident=duplicate)
    merge = resident_merge(kept=kept, merged=duplicate, actor=advisor)
    assert Case.objects.get(pk=case.pk).resident == kept
    assert kept.contact_points.filter(value="ada@example.org").exists()
    assert list(residents_matching(demo, "ada@example.org")) == [kept]
    contact.refresh_from_db()
    assert contact.resident == kept
    resident_merge_undo(merge=merge, actor=advisor)
    assert Case.objects.get(pk=case.pk).resident == duplicate
    assert not kept.contact_points.filter(value="ada@example.org").exists()
    contact.refresh_from_db()
    assert contact.resident == duplicate
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    with pytest.raises(DomainError, match="already undone"):
        resident_merge_undo(merge=merge, actor=advisor)


def test_differing_verified_identifiers_need_confirmation(demo: Council, advisor: object) -> None:
    one = make(demo, advisor, "Ada")
    other = make(demo, advisor, "Ada")
    contact_point_add(resident=one, actor=advisor, phone="07700 900111", verified=True)
    contact_point_add(resident=other, actor=advisor, phone="07700 900222", verified=True)
    with pytest.raises(DomainError, match="verified phone differ"):
        resident_merge(kept=one, merged=other, actor=advisor)
    other.refresh_from_db()
    assert other.merged_into is None
    resident_merge(kept=one, merged=other, actor=advisor, verified_differ_confirmed=True)


def test_a_merge_across_councils_is_refused(
    demo: Council, neighbour: Council, advisor: object
) -> None:
    ours = make(demo, advisor, "Ada")
    theirs = resident_create(council=neighbour, actor=advisor, first_name="Ada", last_name="S")
    with pytest.raises(DomainError, match="different councils"):
        resident_merge(kept=ours, merged=theirs, actor=advisor)


def test_one_councils_search_never_finds_anothers_residents(
    demo: Council, neighbour: Council, advisor: object
) -> None:
    resident_create(
        council=neighbour,
        actor=advisor,
        first_name="Nell",
        last_name="Gwyn",
        phones=["07700 900777"],
    )
    assert not residents_matching(demo, "Gwyn").exists()
    assert not residents_matching(demo, "07700 900777").exists()
    assert residents_matching(neighbour, "Gwyn").count() == 1

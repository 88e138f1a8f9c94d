"""Reports join one case only when they are about a place; what the council does is not demand."""

from __future__ import annotations

from typing import Any

import pytest

from civicdesk.cases.models import Case
from civicdesk.cases.services import case_open
from civicdesk.catalogue.models import QueryType
from civicdesk.contacts.services import CaseDraft, contact_link_to_case, contact_record
from civicdesk.core.errors import DomainError
from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident
from civicdesk.residents.services import AddressInput, resident_create

BLOCK = "100030512345"  # one UPRN for the whole block of flats


def _resident(council: Council, actor: Any, first: str, phone: str) -> Resident:
    return resident_create(
        council=council,
        actor=actor,
        first_name=first,
        last_name="Resident",
        phones=[phone],
        addresses=[AddressInput("Tower House", "DM1 1AA", uprn=BLOCK)],
    )


def _report(council: Council, actor: Any, resident: Resident, query_type: QueryType) -> Any:
    return contact_record(
        council=council,
        actor=actor,
        channel="phone",
        resident=resident,
        query_type=query_type,
        uprn=BLOCK,
        raise_case=CaseDraft(description=f"{resident.first_name}'s report", uprn=BLOCK),
    )


def test_two_residents_council_tax_moves_at_one_address_make_two_cases(
    demo: Council, advisor: Any
) -> None:
    move = QueryType.objects.get(council=demo, code="ct-move-in-out")
    assert not move.about_a_place
    first = _report(demo, advisor, _resident(demo, advisor, "Ada", "07700 900123"), move)
    second = _report(demo, advisor, _resident(demo, advisor, "Grace", "07700 900456"), move)
    assert first.case != second.case
    assert Case.objects.filter(query_type=move).count() == 2
    assert second.demand_type == "value"


def test_two_missed_bin_reports_at_one_address_make_one_case(
    demo: Council, advisor: Any, missed_bin: QueryType
) -> None:
    assert missed_bin.about_a_place
    first = _report(demo, advisor, _resident(demo, advisor, "Ada", "07700 900123"), missed_bin)
    second = _report(demo, advisor, _resident(demo, advisor, "Grace", "07700 900456"), missed_bin)
    assert second.case == first.case
    assert Case.objects.filter(query_type=missed_bin).count() == 1
    assert second.demand_type == "failure"


def test_a_personal_query_type_is_never_refused_as_a_duplicate_at_the_place(
    demo: Council, advisor: Any
) -> None:
    move = QueryType.objects.get(council=demo, code="ct-move-in-out")
    case_open(query_type=move, actor=advisor, description="Moving out", uprn=BLOCK)
    case_open(query_type=move, actor=advisor, description="Moving in", uprn=BLOCK)
    assert Case.objects.filter(query_type=move).count() == 2


def test_an_outbound_contact_is_value_demand(
    demo: Council, advisor: Any, missed_bin: QueryType
) -> None:
    ada = _resident(demo, advisor, "Ada", "07700 900123")
    case = case_open(query_type=missed_bin, actor=advisor, description="Bin missed", uprn=BLOCK)
    visit = contact_record(
        council=demo,
        actor=advisor,
        channel="home_visit",
        direction="outbound",
        resident=ada,
        query_type=missed_bin,
        uprn=BLOCK,
        outcome="advised_online",
    )
    assert visit.demand_type == "value"
    linked = contact_link_to_case(contact=visit, case=case, actor=advisor)
    linked.refresh_from_db()
    assert (linked.case, linked.demand_type, linked.failure_reason) == (case, "value", "")


def test_an_outbound_contact_cannot_be_classed_failure_by_hand(
    demo: Council, advisor: Any, missed_bin: QueryType
) -> None:
    with pytest.raises(DomainError) as refused:
        contact_record(
            council=demo,
            actor=advisor,
            channel="phone",
            direction="outbound",
            query_type=missed_bin,
            demand_type="failure",
            failure_reason="chasing",
        )
    assert refused.value.field == "demand_type"

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from civicdesk.cases.models import Case
from civicdesk.cases.services import case_transition
from civicdesk.catalogue.models import QueryType
from civicdesk.contacts.services import CaseDraft, contact_record
from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident
from civicdesk.residents.services import AddressInput, resident_create, vulnerability_record


@pytest.fixture
def ada(demo: Council, advisor: Any) -> Resident:
    """A resident with a vulnerability, a case raised by phone and chased by email."""
    resident = resident_create(
        council=demo,
        actor=advisor,
        first_name="Ada",
        last_name="Lovelace",
        phones=["020 7946 0123"],
        emails=["ada.lovelace@example.org"],
        addresses=[AddressInput("1 Engine Way, Demo City", "DM1 1AA", uprn="100090009999")],
        needs=["large_print"],
    )
    vulnerability_record(
        resident=resident,
        actor=advisor,
        reason="Recently bereaved",
        consent_given=True,
        review_date=date(2027, 1, 31),
    )
    payment = QueryType.objects.get(council=demo, code="hb-payment-enquiry")
    contact_record(
        council=demo,
        actor=advisor,
        channel="phone",
        resident=resident,
        query_type=payment,
        notes="Payment has not arrived",
        raise_case=CaseDraft(description="Housing benefit payment missing for May"),
    )
    contact_record(
        council=demo, actor=advisor, channel="email", resident=resident, query_type=payment
    )
    case_transition(case=Case.objects.get(resident=resident), actor=advisor, to="in_progress")
    return resident

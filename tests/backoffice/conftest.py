"""A resident of the demo council with an open case, made through the services as staff would."""

from __future__ import annotations

from typing import Any

import pytest

from civicdesk.cases.models import Case
from civicdesk.cases.services import case_open
from civicdesk.catalogue.models import QueryType
from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident
from civicdesk.residents.services import AddressInput, resident_create

PHONE = "0116 496 0123"


@pytest.fixture
def resident(demo: Council, advisor: Any) -> Resident:
    return resident_create(
        council=demo,
        actor=advisor,
        first_name="Ada",
        last_name="Okafor",
        phones=[PHONE],
        emails=["ada.okafor@example.org"],
        addresses=[AddressInput(lines="12 Mill Lane", postcode="LE1 6ZG", uprn="100030001234")],
        needs=["hearing_loss"],
    )


@pytest.fixture
def missed_collection(demo: Council) -> QueryType:
    return QueryType.objects.get(council=demo, code="waste-missed-collection")


@pytest.fixture
def open_case(resident: Resident, missed_collection: QueryType, advisor: Any) -> Case:
    return case_open(
        query_type=missed_collection,
        actor=advisor,
        description="Green bin not emptied on Tuesday",
        resident=resident,
        address="12 Mill Lane, LE1 6ZG",
        uprn="100030001234",
    )

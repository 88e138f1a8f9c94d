from __future__ import annotations

from pathlib import Path

import pytest

from civicdesk.catalogue.models import ServiceLine
from civicdesk.councils.models import Council
from tests.factories import CouncilFactory, ServiceLineFactory

DATA = Path(__file__).parent / "data"


@pytest.fixture
def council(db: None) -> Council:
    return CouncilFactory.create(slug="calls-test", name="Calls Test Council")


@pytest.fixture
def tax_line(council: Council) -> ServiceLine:
    return ServiceLineFactory.create(
        council=council, code="council-tax", name="Council Tax", aliases=["CTAX"]
    )


@pytest.fixture
def waste_line(council: Council) -> ServiceLine:
    return ServiceLineFactory.create(
        council=council, code="waste", name="Waste", aliases=["Bins & Recycling"]
    )

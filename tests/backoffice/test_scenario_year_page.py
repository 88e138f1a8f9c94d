"""The what-if scenario page works out a whole year of recorded calls, and refuses a longer
period with a 400 whose error names the field."""

from __future__ import annotations

import pytest
from django.test import Client

from civicdesk.councils.models import Council
from civicdesk.demo.calls_write import calls_generate

PAGE = "/staff/demo/planning/scenarios/?query_type=hb-payment-enquiry&share=100&compare=1"

pytestmark = pytest.mark.django_db


def test_a_year_of_recorded_calls_is_compared_with_its_baseline(
    demo: Council, manager_client: Client
) -> None:
    calls_generate(council=demo, year=2023, lines=["housing-benefit"])

    page = manager_client.get(f"{PAGE}&from=2023-01-01&to=2023-12-31")

    assert page.status_code == 200
    assert "Recorded calls from 1 January 2023 to 31 December 2023 (365 days)" in page.text
    assert 'id="results"' in page.text


def test_a_period_over_a_year_is_a_400_naming_the_to_date(manager_client: Client) -> None:
    page = manager_client.get(f"{PAGE}&from=2023-01-01&to=2024-01-02")

    assert page.status_code == 400
    summary = page.text.split('govuk-error-summary__list"')[1].split("</ul>")[0]
    assert "Choose at most 366 days" in summary
    assert 'href="#id_to"' in summary

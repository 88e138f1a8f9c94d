"""The what-if scenario page: who may use it, the demo's acceptance scenario "Housing Benefits
payment enquiries online only" on the Housing Benefit line's generated 2023 calls, its
downloads, and its errors."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from civicdesk.catalogue.models import ServiceLine
from civicdesk.councils.models import Council, Membership, Role
from civicdesk.demo.calls_write import calls_generate
from civicdesk.performance.rollups import tallies_between
from tests.backoffice.test_performance_pages import tables_of

PAGE = "/staff/demo/planning/scenarios/"
ONLINE_ONLY = PAGE + "?query_type=hb-payment-enquiry&share=100&assisted=10&compare=1"

pytestmark = pytest.mark.django_db


@pytest.fixture
def hb_calls(demo: Council) -> int:
    """The Housing Benefit line's calls in the page's default period (4 to 31 August 2023)."""
    calls_generate(council=demo, year=2023, lines=["housing-benefit"])
    line = ServiceLine.objects.get(council=demo, code="housing-benefit")
    tallies = tallies_between(
        council=demo, start=date(2023, 8, 4), end=date(2023, 8, 31), line_ids=[line.pk]
    )
    return tallies[line.pk].presented


@pytest.fixture
def team_leader_client(demo: Council) -> Client:
    user = get_user_model().objects.create_user(username="lead", password="a long test password")
    Membership.objects.create(user=user, council=demo, role=Role.TEAM_LEADER)
    client = Client()
    client.force_login(user)
    return client


def test_team_leaders_and_up_use_it_advisors_do_not_other_councils_get_404(
    demo: Council, team_leader_client: Client, advisor_client: Client, neighbour_client: Client
) -> None:
    assert Client().get(PAGE).status_code == 302
    page = team_leader_client.get(PAGE)
    assert page.status_code == 200
    assert "Compare with the baseline" in page.text
    assert 'id="results"' not in page.text  # nothing worked out before the form is sent
    assert advisor_client.get(ONLINE_ONLY).status_code == 403
    assert neighbour_client.get(ONLINE_ONLY).status_code == 404
    index = team_leader_client.get("/staff/demo/performance/")
    assert f'href="{PAGE}"' in index.text


def test_payment_enquiries_online_only_show_calls_waiting_abandonment_and_cost_before_and_after(
    manager_client: Client, hb_calls: int
) -> None:
    page = manager_client.get(ONLINE_ONLY)
    assert page.status_code == 200
    assert "Recorded calls from 4 August 2023 to 31 August 2023 (28 days)" in page.text
    assert "Move 100% of Housing Benefits: Payment enquiry online" in page.text
    headlines = {row[0]: row[1:] for row in tables_of(page.text)["scenario-headlines"][1:]}
    assert set(headlines) == {
        "Calls",
        "Average time to answer",
        "Abandoned",
        "Service level",
        "Staff hours",
        "Cost",
    }
    # A ninth of the line's calls are payment enquiries (no contacts recorded to say otherwise)
    # and 90% of those go online.
    moved = hb_calls / 9 * 0.9
    after = hb_calls - moved
    assert headlines["Calls"] == [f"{hb_calls:,}", f"{round(after):,}", f"{round(moved)} fewer"]
    assert headlines["Cost"][:2] == [
        f"£{hb_calls * 1.5:,.2f}",
        f"£{after * 1.5 + moved * 0.15:,.2f}",
    ]
    assert headlines["Cost"][2] == f"£{moved * 1.35:,.2f} less"
    assert headlines["Average time to answer"][2].endswith("shorter")
    assert headlines["Abandoned"][2].endswith("lower")
    assert headlines["Staff hours"][2] == "no change"
    changed = tables_of(page.text)["scenario-changed-lines"]
    assert [row[0] for row in changed[1:]] == ["Housing Benefit line"]
    assert 'aria-labelledby="chart-calls-title' in page.text
    assert "equal share of its calls" in page.text

    download = manager_client.get(ONLINE_ONLY + "&table=scenario-lines&format=csv")
    assert download.status_code == 200
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Line", "Calls before", "Calls after"]
    assert rows[1][:4] == [
        "Housing Benefit line",
        str(hb_calls),
        str(round(after)),
        str(round(moved)),
    ]
    assert rows[-1][0] == "All lines"


def test_hours_and_staffing_changes_and_the_as_recorded_baseline(
    manager_client: Client, hb_calls: int
) -> None:
    shorter = manager_client.get(
        PAGE + "?hours_line=housing-benefit&hours_days=mon&hours_days=tue&opens=09:30"
        "&closes=12:00&closed_calls=move&baseline=recorded&compare=1"
    )
    assert shorter.status_code == 200
    assert "Open Housing Benefit line Mon 09:30-12:00, Tue 09:30-12:00" in shorter.text
    headlines = {row[0]: row[1:] for row in tables_of(shorter.text)["scenario-headlines"][1:]}
    assert headlines["Calls"][2] == "no change"  # they ring again later the same morning
    assert headlines["Staff hours"][2].endswith("fewer")
    assert headlines["Average time to answer"][2].endswith("longer")
    assert "the agents that give the abandonment its calls recorded" in shorter.text

    more = manager_client.get(
        PAGE + "?staff_line=housing-benefit&staff_add=3&staff_from=09:30&staff_to=12:00&compare=1"
    )
    headlines = {row[0]: row[1:] for row in tables_of(more.text)["scenario-headlines"][1:]}
    assert headlines["Staff hours"][2] == f"{3 * 2.5 * 20:.1f} more"  # 20 weekdays in the period


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("share=150&query_type=hb-payment-enquiry", "Share to move online must be a whole"),
        ("query_type=hb-discuss-overpayment", "Choose a query type from the list"),
        ("", "Choose a change: a query type to move online"),
        ("opens=09:00&closes=12:00", "Choose the line whose hours change"),
        ("hours_line=housing-benefit&hours_days=mon&opens=9am", "Opens at must be a time"),
        ("staff_line=housing-benefit", "Give the agents to add"),
        ("query_type=hb-payment-enquiry&from=2023-08-31&to=2023-08-01", "To must be the same"),
        ("query_type=hb-payment-enquiry&from=2021-01-01&to=2021-01-31", "No calls were recorded"),
    ],
)
def test_bad_input_is_a_400_whose_error_summary_names_the_field(
    manager_client: Client, query: str, message: str
) -> None:
    page = manager_client.get(f"{PAGE}?{query}&compare=1")
    assert page.status_code == 400
    assert "There is a problem" in page.text
    summary = page.text.split('govuk-error-summary__list"')[1].split("</ul>")[0]
    assert message in summary
    assert 'href="#id_' in summary
    assert 'id="results"' not in page.text

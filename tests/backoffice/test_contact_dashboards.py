"""The managers' contact dashboards show, chart and export the figures worked out by hand.

January 2023 (the baseline): 4 calls. March 2023: 2 calls (one advised online about something
that can be done online, so avoidable failure demand) and 2 web forms, and a walk-in at York
House for a payment kiosk. Cost in March: 2 x 150p + 2 x 15p + 500p = 830p for 5 contacts; at
January's 150p a contact they would have cost 750p, so the "saving" is -80p.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from civicdesk.catalogue.models import QueryType, Venue
from civicdesk.contacts.services import contact_record
from civicdesk.councils.models import Council
from civicdesk.performance.calls_import import calls_import

CHANNELS = "/staff/demo/performance/channels/"
DEMAND = "/staff/demo/performance/demand/"
VISITS = "/staff/demo/performance/visits/"
MARCH = {"from": "2023-03-01", "to": "2023-03-31"}
BASELINE = {"baseline_from": "2023-01-01", "baseline_to": "2023-01-31"}


@pytest.fixture
def recorded(demo: Council, advisor: Any) -> None:
    make_payment = QueryType.objects.get(council=demo, code="ct-make-payment")
    york_house = Venue.objects.get(council=demo, code="york-house")

    def record(channel: str, day: int, month: int = 3, **details: Any) -> None:
        at = datetime(2023, month, day, 10, tzinfo=UTC)
        contact_record(council=demo, actor=advisor, channel=channel, presented_at=at, **details)

    for day in range(2, 6):
        record("phone", day, month=1)
    record("phone", 6, query_type=make_payment, outcome="advised_online")
    record("phone", 7, query_type=make_payment, outcome="resolved_first_contact")
    record("web_form", 8, query_type=make_payment, outcome="resolved_first_contact")
    record("web_form", 9, query_type=make_payment)
    record("face_to_face", 9, venue=york_house, purpose="payment_kiosk")


def _csv(response: Any) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_channels_page_shows_cost_and_saving_against_the_baseline(
    manager_client: Client, recorded: None
) -> None:
    response = manager_client.get(CHANNELS, {**MARCH, **BASELINE, "period": "week"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page
    assert 'role="img"' in page
    assert "£8.30" in page  # cost
    assert "£1.50" in page  # January's cost per contact
    # No saving: contact moved to costlier channels.
    assert "None: they cost £0.80 more than at the baseline&#39;s channel mix" in page

    saving = _csv(
        manager_client.get(
            CHANNELS, {**MARCH, **BASELINE, "period": "week", "table": "saving", "format": "csv"}
        )
    )
    assert saving == [
        [
            "Period",
            "Contacts",
            "Cost per contact in the baseline (£)",
            "Cost at the baseline's mix (£)",
            "Cost (£)",
            "Saving (£)",
        ],
        ["1 Mar 2023 to 31 Mar 2023", "5", "1.50", "7.50", "8.30", "-0.80"],
    ]
    groups = _csv(
        manager_client.get(
            CHANNELS, {**MARCH, **BASELINE, "table": "channel-groups", "format": "csv"}
        )
    )
    assert groups[1:] == [
        ["Face to face", "1", "20.0%", "0", "0.0%", "5.00"],
        ["Phone and video call", "2", "40.0%", "4", "100.0%", "3.00"],
        ["Online", "2", "40.0%", "0", "0.0%", "0.30"],
        ["Letters and referrals", "0", "0.0%", "0", "0.0%", "0.00"],
    ]


def test_contacts_by_week_count_only_the_days_chosen(
    manager_client: Client, recorded: None
) -> None:
    mix = _csv(
        manager_client.get(
            CHANNELS, {**MARCH, "period": "week", "table": "channel-mix", "format": "csv"}
        )
    )
    assert mix[0] == [
        "Period",
        "First day",
        "Last day",
        "Face to face",
        "Phone and video call",
        "Online",
        "Letters and referrals",
        "All contacts",
    ]
    assert mix[1:3] == [
        ["Week from 27 Feb 2023", "2023-03-01", "2023-03-05", "0", "0", "0", "0", "0"],
        ["Week from 6 Mar 2023", "2023-03-06", "2023-03-12", "1", "2", "2", "0", "5"],
    ]
    assert mix[-1][:3] == ["Week from 27 Mar 2023", "2023-03-27", "2023-03-31"]
    page = manager_client.get(CHANNELS, {**MARCH, "period": "week"}).content.decode()
    assert "The first and last periods count only the days within the dates chosen." in page


def test_every_channels_table_downloads_as_xlsx(manager_client: Client, recorded: None) -> None:
    slugs = (
        "channel-mix",
        "contacts-by-channel",
        "channel-groups",
        "cost-by-channel",
        "saving",
        "advised-online",
        "first-contact-resolution",
    )
    for slug in slugs:
        response = manager_client.get(
            CHANNELS, {**MARCH, **BASELINE, "table": slug, "format": "xlsx"}
        )
        assert response.status_code == 200, slug
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        assert sheet.max_row >= 2, slug
    cost = load_workbook(
        io.BytesIO(
            manager_client.get(
                CHANNELS, {**MARCH, **BASELINE, "table": "cost-by-channel", "format": "xlsx"}
            ).content
        )
    ).active
    assert cost is not None
    assert [list(row) for row in cost.iter_rows(values_only=True)][1:] == [
        ["Phone", 2, 4, 1.5, 3.0],
        ["Face to face (walk-in)", 1, 0, 5.0, 5.0],
        ["Web form", 2, 0, 0.15, 0.3],
        ["All channels", 5, 4, 1.66, 8.3],
    ]


def test_advised_online_and_first_contact_resolution_tables(
    manager_client: Client, recorded: None
) -> None:
    advised = _csv(
        manager_client.get(CHANNELS, {**MARCH, "table": "advised-online", "format": "csv"})
    )
    assert advised[-1] == ["All channels", "5", "1", "20.0%", "0", "0.0%"]
    resolution = _csv(
        manager_client.get(
            CHANNELS, {**MARCH, "table": "first-contact-resolution", "format": "csv"}
        )
    )
    # Phone: 2 with an outcome, 1 resolved; web forms: 1 with an outcome, resolved.
    assert resolution[1:] == [
        ["Phone", "2", "2", "1", "50.0%"],
        ["Face to face (walk-in)", "1", "0", "0", ""],
        ["Web form", "2", "1", "1", "100.0%"],
        ["All channels", "5", "3", "2", "66.67%"],
    ]


def test_demand_page_and_its_tables(manager_client: Client, recorded: None) -> None:
    response = manager_client.get(DEMAND, MARCH)
    assert response.status_code == 200
    assert "Failure demand by query type" in response.content.decode()
    by_service = _csv(
        manager_client.get(DEMAND, {**MARCH, "table": "failure-by-service", "format": "csv"})
    )
    assert by_service[1] == ["Council Tax", "4", "1", "25.0%", "0", "0", "1"]
    compliance = _csv(
        manager_client.get(DEMAND, {**MARCH, "table": "sla-compliance", "format": "csv"})
    )
    assert compliance == [
        [
            "Service",
            "Cases resolved",
            "With a service standard",
            "Resolved within the standard",
            "SLA compliance",
        ]
    ]


def test_visits_page_filters_by_venue(
    manager_client: Client, recorded: None, demo: Council
) -> None:
    Venue.objects.create(council=demo, code="test-hub", name="Test Hub")
    by_day = _csv(manager_client.get(VISITS, {**MARCH, "table": "visits-by-day", "format": "csv"}))
    assert by_day[1][:2] == ["York House", "2023-03-09"]
    assert by_day[1][by_day[0].index("Payment kiosk")] == "1"
    assert by_day[1][-1] == "1"
    page = manager_client.get(VISITS, {**MARCH, "venue": "test-hub"}).content.decode()
    assert "No visits in this selection." in page


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        (CHANNELS, {"from": "2023-03-31", "to": "2023-03-01"}, "to"),
        (CHANNELS, {"baseline_from": "yesterday"}, "baseline_from"),
        (CHANNELS, {"period": "day", "from": "2022-01-01", "to": "2023-06-30"}, "from"),
        (CHANNELS, {"period": "week", "from": "1900-01-01", "to": "2099-12-31"}, "from"),
        (DEMAND, {"service": "no-such-service"}, "service"),
        (VISITS, {"venue": "no-such-venue"}, "venue"),
    ],
)
def test_a_wrong_filter_is_named_on_the_page(
    manager_client: Client, path: str, query: dict[str, str], field: str
) -> None:
    response = manager_client.get(path, query)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'href="#id_{field}"' in page


@pytest.mark.parametrize("path", [CHANNELS, DEMAND, VISITS])
def test_who_may_see_the_dashboards(
    path: str, advisor_client: Client, neighbour_client: Client, demo: Council
) -> None:
    assert advisor_client.get(path).status_code == 403
    assert neighbour_client.get(path).status_code == 404
    signed_out = Client().get(path)
    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith("/accounts/login/")


def test_the_performance_index_links_to_the_contact_dashboards(manager_client: Client) -> None:
    page = manager_client.get("/staff/demo/performance/").content.decode()
    for path in (CHANNELS, DEMAND, VISITS):
        assert f'href="{path}"' in page


CALL = (
    "call_id,line,presented_at,ivr_exit_at,queue_entered_at,queue_exited_at,answered_at,"
    "ended_at,outcome,agent,transferred_to,wrap_seconds\n"
    "{id},local-taxation,2023-05-02T10:00:00Z,,,,2023-05-02T10:00:20Z,2023-05-02T10:04:00Z,"
    "answered,,,\n"
)


def test_by_default_the_channels_page_ends_on_the_last_day_with_data(
    manager_client: Client, recorded: None, demo: Council
) -> None:
    page = manager_client.get(CHANNELS).content.decode()
    # The last inbound contacts were recorded on 9 March 2023; no call records.
    assert "from 1 April 2022 to 9 March 2023" in page
    assert "in the baseline, 1 April 2021 to 9 March 2022" in page
    assert "Phone: the phone contacts advisors recorded (no call records for these dates)." in page

    calls_import(council=demo, text=CALL.format(id="C1"))
    page = manager_client.get(CHANNELS).content.decode()
    assert "from 1 June 2022 to 2 May 2023" in page
    assert "on the 1 day with call records" in page
    by_channel = _csv(manager_client.get(CHANNELS, {"table": "cost-by-channel", "format": "csv"}))
    # Phone: January's 4 and March's 2 recorded calls, and the call answered on 2 May.
    assert by_channel[1][:2] == ["Phone", "7"]


def test_the_channels_page_says_which_lines_count_for_a_service(
    manager_client: Client, recorded: None, demo: Council
) -> None:
    calls_import(council=demo, text=CALL.format(id="C1"))
    page = manager_client.get(CHANNELS, {"service": "council-tax"}).content.decode()
    assert "the calls answered on Local Taxation line, whose query types all belong to" in page
    page = manager_client.get(CHANNELS, {"service": "rents"}).content.decode()
    assert "no line handles only query types of Rents" in page


def test_by_default_the_visits_page_ends_on_the_last_day_with_visits(
    manager_client: Client, recorded: None
) -> None:
    by_day = _csv(manager_client.get(VISITS, {"table": "visits-by-day", "format": "csv"}))
    assert [row[:2] for row in by_day[1:]] == [["York House", "2023-03-09"]]
    page = manager_client.get(VISITS).content.decode()
    assert "10 February 2023" in page

"""Contact reports against figures worked out by hand from a small, known set of contacts.

January 2023 (the baseline): 6 phone calls, 2 walk-ins, 2 web forms, nothing else recorded.
March 2023 (inbound; outbound calls are not demand and never count):
- 3 Mar, phone from 0116 496 0123, "Make a payment" (Council Tax), advised online. The query
  can be done online in full, so it is avoidable failure demand;
- 6 Mar, the same phone, same query, no outcome: a repeat, and the resident came back;
- 7 Mar, two calls about a missed bin (Waste), resolved at first contact; the advisor classes
  the second as chasing;
- 8 Mar, a walk-in at York House about a missed bin, for forms, resolved at first contact;
- 14 Mar, three web forms to make a payment, resolved at first contact;
- 20 Mar, two web forms with no query type, signposted;
- 21 Mar, two outbound calls about a missed bin (left out).
May 2023 adds call records to recorded phone contacts (see "The phone channel" below).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from civicdesk.cases.models import Case
from civicdesk.cases.services import case_open, case_transition
from civicdesk.catalogue.models import QueryType, Service, ServiceLine, Venue
from civicdesk.contacts.models import Contact
from civicdesk.contacts.services import contact_record
from civicdesk.contacts.tally import visit_tally
from civicdesk.councils.models import Council
from civicdesk.performance.calls_import import calls_import
from civicdesk.performance.contact_reports import (
    advised_online,
    channel_totals,
    contact_costs,
    contacts_by_channel,
    failure_demand,
    first_contact_resolution,
)
from civicdesk.performance.models import ChannelCost
from civicdesk.performance.phone_channel import (
    PhoneSource,
    last_day_with_data,
    phone_source,
    service_lines,
)
from civicdesk.performance.sla_reports import sla_compliance
from civicdesk.performance.visit_reports import visits_by_purpose, visits_on

JAN = (date(2023, 1, 1), date(2023, 1, 31))
MAR = (date(2023, 3, 1), date(2023, 3, 31))
PHONE = "0116 496 0123"


def _at(day: int, month: int = 3, hour: int = 10) -> datetime:
    return datetime(2023, month, day, hour, tzinfo=UTC)


@pytest.fixture
def make_payment(demo: Council) -> QueryType:
    return QueryType.objects.get(council=demo, code="ct-make-payment")


@pytest.fixture
def york_house(demo: Council) -> Venue:
    return Venue.objects.get(council=demo, code="york-house")


@pytest.fixture
def recorded(
    demo: Council, advisor: Any, missed_bin: QueryType, make_payment: QueryType, york_house: Venue
) -> None:
    def record(channel: str, at: datetime, **details: Any) -> Contact:
        return contact_record(
            council=demo, actor=advisor, channel=channel, presented_at=at, **details
        )

    for channel, count in (("phone", 6), ("face_to_face", 2), ("web_form", 2)):
        for n in range(count):
            record(channel, _at(2 + n, month=1))

    record("phone", _at(3), query_type=make_payment, outcome="advised_online", from_phone=PHONE)
    record("phone", _at(6), query_type=make_payment, from_phone=PHONE)
    record("phone", _at(7), query_type=missed_bin, outcome="resolved_first_contact")
    record(
        "phone",
        _at(7, hour=11),
        query_type=missed_bin,
        outcome="resolved_first_contact",
        demand_type="failure",
        failure_reason="chasing",
    )
    record(
        "face_to_face",
        _at(8),
        query_type=missed_bin,
        venue=york_house,
        purpose="forms",
        outcome="resolved_first_contact",
    )
    for _ in range(3):
        record("web_form", _at(14), query_type=make_payment, outcome="resolved_first_contact")
    for _ in range(2):
        record("web_form", _at(20), outcome="signposted")
    for _ in range(2):
        record(
            "phone",
            _at(21),
            direction="outbound",
            query_type=missed_bin,
            outcome="resolved_first_contact",
        )


def test_contacts_by_channel_per_month_and_per_week(recorded: None, demo: Council) -> None:
    months = contacts_by_channel(
        council=demo, start=JAN[0], end=MAR[1], period="month", service_id=None
    )
    assert months.starts == (date(2023, 1, 1), date(2023, 2, 1), date(2023, 3, 1))
    assert months.channels == ("phone", "face_to_face", "web_form")
    assert [
        [months.count(start, channel) for channel in months.channels] for start in months.starts
    ] == [[6, 2, 2], [0, 0, 0], [4, 1, 5]]
    assert [months.total(start) for start in months.starts] == [10, 0, 10]

    weeks = contacts_by_channel(council=demo, start=MAR[0], end=MAR[1], period="week")
    # Weeks start on Monday: 1 March 2023 was a Wednesday.
    assert weeks.starts == tuple(date(2023, 2, 27) + timedelta(weeks=n) for n in range(5))
    assert [weeks.total(start) for start in weeks.starts] == [1, 4, 3, 2, 0]


def test_contacts_by_channel_for_one_service(
    recorded: None, demo: Council, make_payment: QueryType
) -> None:
    council_tax = make_payment.service_id
    assert channel_totals(council=demo, start=MAR[0], end=MAR[1], service_id=council_tax) == {
        "phone": 2,
        "web_form": 3,
    }
    days = contacts_by_channel(
        council=demo, start=MAR[0], end=MAR[1], period="day", service_id=council_tax
    )
    assert len(days.starts) == 31
    assert {s: days.total(s) for s in days.starts if days.total(s)} == {
        date(2023, 3, 3): 1,
        date(2023, 3, 6): 1,
        date(2023, 3, 14): 3,
    }


def test_cost_and_saving_against_the_baseline(recorded: None, demo: Council) -> None:
    report = contact_costs(
        council=demo, start=MAR[0], end=MAR[1], baseline_start=JAN[0], baseline_end=JAN[1]
    )
    assert [
        (x.channel, x.contacts, x.baseline_contacts, x.pence_each, x.pence) for x in report.lines
    ] == [
        ("phone", 4, 6, 150, 600),
        ("face_to_face", 1, 2, 500, 500),
        ("web_form", 5, 2, 15, 75),
    ]
    assert (report.contacts, report.pence) == (10, 1175)
    assert report.per_contact_pence == Decimal("117.5")
    # January: 6 * 150 + 2 * 500 + 2 * 15 = 1,930p for 10 contacts, 193p each.
    assert (report.baseline_contacts, report.baseline_pence) == (10, 1930)
    assert report.baseline_per_contact_pence == Decimal(193)
    # March's 10 contacts at 193p would have cost 1,930p; they cost 1,175p.
    assert report.saving_pence == 755


def test_a_councils_own_cost_replaces_the_default(recorded: None, demo: Council) -> None:
    ChannelCost.objects.create(council=demo, channel="phone", pence=200)
    report = contact_costs(
        council=demo, start=MAR[0], end=MAR[1], baseline_start=JAN[0], baseline_end=JAN[1]
    )
    # March: 4 * 200 + 500 + 75 = 1,375p. January: 6 * 200 + 1,000 + 30 = 2,230p, 223p each.
    assert (report.pence, report.baseline_pence, report.saving_pence) == (1375, 2230, 855)


def test_no_saving_without_contacts_in_the_baseline(recorded: None, demo: Council) -> None:
    report = contact_costs(
        council=demo,
        start=MAR[0],
        end=MAR[1],
        baseline_start=date(2023, 2, 1),
        baseline_end=date(2023, 2, 28),
    )
    assert (report.baseline_contacts, report.saving_pence) == (0, None)
    assert report.baseline_per_contact_pence is None


def test_advised_online_and_came_back(recorded: None, demo: Council) -> None:
    *channels, total = advised_online(council=demo, start=MAR[0], end=MAR[1])
    assert (total.inbound, total.advised_online, total.came_back) == (10, 1, 1)
    assert (total.advised_share, total.came_back_share) == (0.1, 1.0)
    phone = next(row for row in channels if row.channel == "phone")
    assert (phone.inbound, phone.advised_online, phone.came_back) == (4, 1, 1)
    web = next(row for row in channels if row.channel == "web_form")
    assert (web.advised_online, web.came_back_share) == (0, None)


def test_failure_demand_by_service_and_by_query_type(recorded: None, demo: Council) -> None:
    by_service = failure_demand(council=demo, start=MAR[0], end=MAR[1], by="service")
    assert [(r.service, r.inbound, r.failure, dict(r.reasons)) for r in by_service] == [
        ("Council Tax", 5, 2, {"chasing": 0, "repeat": 1, "avoidable": 1}),
        ("Waste", 3, 1, {"chasing": 1, "repeat": 0, "avoidable": 0}),
        ("No query type recorded", 2, 0, {"chasing": 0, "repeat": 0, "avoidable": 0}),
    ]
    assert [r.failure_share for r in by_service] == [0.4, 1 / 3, 0.0]

    by_query = failure_demand(council=demo, start=MAR[0], end=MAR[1], by="query_type")
    assert [(r.service, r.query_type, r.inbound, r.failure) for r in by_query] == [
        ("Council Tax", "Make a payment", 5, 2),
        ("Waste", "Reporting missed collection", 3, 1),
        ("No query type recorded", "No query type recorded", 2, 0),
    ]


def test_first_contact_resolution(recorded: None, demo: Council) -> None:
    rows = first_contact_resolution(council=demo, start=MAR[0], end=MAR[1])
    assert [(r.channel, r.inbound, r.with_outcome, r.resolved_first_contact) for r in rows] == [
        ("phone", 4, 3, 2),
        ("face_to_face", 1, 1, 1),
        ("web_form", 5, 5, 3),
        ("", 10, 9, 6),
    ]
    assert rows[-1].rate == pytest.approx(6 / 9)


def test_reports_read_the_daily_counts_not_the_contacts(recorded: None, demo: Council) -> None:
    before = (
        advised_online(council=demo, start=MAR[0], end=MAR[1]),
        failure_demand(council=demo, start=MAR[0], end=MAR[1]),
        first_contact_resolution(council=demo, start=MAR[0], end=MAR[1]),
    )
    Contact.objects.filter(council=demo).delete()
    after = (
        advised_online(council=demo, start=MAR[0], end=MAR[1]),
        failure_demand(council=demo, start=MAR[0], end=MAR[1]),
        first_contact_resolution(council=demo, start=MAR[0], end=MAR[1]),
    )
    assert after == before


def _resolved_case(
    query_type: QueryType, actor: Any, resolved: datetime, due: datetime | None, **extra: Any
) -> Case:
    case = case_open(query_type=query_type, actor=actor, description="Test case")
    case_transition(case=case, actor=actor, to="resolved", outcome="done")
    # Test data: the clock's times set as if the case had been worked on in 2023.
    Case.objects.filter(pk=case.pk).update(resolved_at=resolved, due_at=due, **extra)
    return case


def test_sla_compliance_by_service(
    demo: Council, advisor: Any, missed_bin: QueryType, make_payment: QueryType
) -> None:
    due = _at(12)
    _resolved_case(missed_bin, advisor, _at(10), due)  # within
    _resolved_case(missed_bin, advisor, _at(15), due)  # late
    _resolved_case(missed_bin, advisor, _at(11), due, breached_at=_at(9))  # flagged breached
    _resolved_case(missed_bin, advisor, _at(5), None)  # no standard
    _resolved_case(missed_bin, advisor, _at(2, month=4), due)  # resolved after March
    _resolved_case(make_payment, advisor, _at(20), _at(25))  # within
    case_open(query_type=missed_bin, actor=advisor, description="Still open")

    rows = sla_compliance(council=demo, start=MAR[0], end=MAR[1])
    assert [(r.service, r.resolved, r.with_standard, r.within) for r in rows] == [
        ("Council Tax", 1, 1, 1),
        ("Waste", 4, 3, 1),
    ]
    assert [r.compliance for r in rows] == [1.0, 1 / 3]
    waste = Service.objects.get(council=demo, code="waste")
    only = sla_compliance(council=demo, start=MAR[0], end=MAR[1], service_id=waste.pk)
    assert [r.service for r in only] == ["Waste"]


def test_visits_per_venue_per_day_by_purpose_with_tallies(
    recorded: None, demo: Council, advisor: Any, york_house: Venue
) -> None:
    hub = Venue.objects.create(council=demo, code="test-hub", name="Test Hub")
    for purpose in ("advice", "advice", "payment_kiosk"):
        visit_tally(council=demo, actor=advisor, venue=york_house, purpose=purpose)
    visit_tally(council=demo, actor=advisor, venue=hub, purpose="support")
    # An appointment recorded at the venue counts too, as an appointment by default.
    contact_record(council=demo, actor=advisor, channel="appointment", venue=york_house)
    contact_record(council=demo, actor=advisor, channel="phone")  # not a visit

    today = timezone.localdate()
    at_york = visits_on(council=demo, venue=york_house, day=today)
    assert {p: n for p, n in at_york.items() if n} == {
        "advice": 2,
        "payment_kiosk": 1,
        "appointments": 1,
    }
    assert len(at_york) == 8

    march = visits_by_purpose(council=demo, start=MAR[0], end=MAR[1])
    assert [(r.venue, r.day, r.total, r.by_purpose["forms"]) for r in march.rows] == [
        ("York House", date(2023, 3, 8), 1, 1)
    ]
    everything = visits_by_purpose(council=demo, start=MAR[0], end=today)
    assert [(r.venue, r.day, r.total) for r in everything.rows] == [
        ("Test Hub", today, 1),
        ("York House", date(2023, 3, 8), 1),
        ("York House", today, 4),
    ]
    assert everything.purpose_total("advice") == 2
    only_hub = visits_by_purpose(council=demo, start=MAR[0], end=today, venue_id=hub.pk)
    assert only_hub.total == 1


# The phone channel from call records ---------------------------------------------------------
#
# Calls imported for 2 and 3 May 2023 (answered and transferred calls count as answered):
# - 2 May: Local Taxation line (Council Tax's own): answered, transferred, abandoned in the
#   queue; Payments and Rent Enquiries (shared by Rents and Housing): answered; Corporate
#   General Enquiries (no query type): answered; Waste Management line: a callback;
# - 3 May: Local Taxation line: answered.
# Recorded contacts: on 2 May, two phone calls about a Council Tax payment and one about a
# missed bin (calls of a day with call records: the answered calls count instead), and a web
# form about a Council Tax payment; on 4 May (no call records), a phone call about a Council
# Tax payment and one about a rent payment, and an outbound call (never counted).
# So May 2 to 4: phone 4 + 1 + 2 = 7, web form 1. Council Tax: phone 2 + 1 + 1 = 4, web form 1.
# Rents has no line of its own: phone only from 4 May's recorded call, 1. Waste: no answered
# call, and its recorded call of 2 May does not count: no phone.

MAY = (date(2023, 5, 1), date(2023, 5, 31))
CALLS_HEADER = (
    "call_id,line,presented_at,ivr_exit_at,queue_entered_at,queue_exited_at,answered_at,"
    "ended_at,outcome,agent,transferred_to,wrap_seconds\n"
)


def _call(call_id: str, line: str, day: int, outcome: str) -> str:
    at = f"2023-05-{day:02}T10:00:00Z"
    queued = f"2023-05-{day:02}T10:00:10Z"
    answered = f"2023-05-{day:02}T10:00:30Z" if outcome in ("answered", "transferred") else ""
    ended = f"2023-05-{day:02}T10:05:00Z"
    left = "" if answered else f"2023-05-{day:02}T10:01:00Z"
    return f"{call_id},{line},{at},{at},{queued},{left},{answered},{ended},{outcome},,,\n"


@pytest.fixture
def calls_and_contacts(
    demo: Council, advisor: Any, missed_bin: QueryType, make_payment: QueryType
) -> None:
    calls_import(
        council=demo,
        text=CALLS_HEADER
        + _call("C1", "local-taxation", 2, "answered")
        + _call("C2", "local-taxation", 2, "transferred")
        + _call("C3", "local-taxation", 2, "abandoned_queue")
        + _call("C4", "payments-rents", 2, "answered")
        + _call("C5", "corporate-general-enquiries", 2, "answered")
        + _call("C6", "waste-management", 2, "callback")
        + _call("C7", "local-taxation", 3, "answered"),
    )
    rent = QueryType.objects.get(council=demo, code="rents-make-payment")

    def record(channel: str, day: int, query_type: QueryType, **details: Any) -> None:
        at = datetime(2023, 5, day, 11, tzinfo=UTC)
        contact_record(
            council=demo,
            actor=advisor,
            channel=channel,
            presented_at=at,
            query_type=query_type,
            **details,
        )

    record("phone", 2, make_payment)
    record("phone", 2, make_payment)
    record("phone", 2, missed_bin)
    record("web_form", 2, make_payment)
    record("phone", 4, make_payment)
    record("phone", 4, rent)
    record("phone", 4, make_payment, direction="outbound")


def test_a_line_counts_for_a_service_when_all_its_query_types_are_the_services(
    demo: Council,
) -> None:
    by_code = dict(ServiceLine.objects.filter(council=demo).values_list("code", "pk"))
    services = dict(Service.objects.filter(council=demo).values_list("code", "pk"))
    lines = service_lines(demo)
    assert lines[by_code["local-taxation"]] == services["council-tax"]
    assert lines[by_code["waste-management"]] == services["waste"]
    assert by_code["payments-rents"] not in lines  # Rents and Housing
    assert by_code["corporate-general-enquiries"] not in lines  # no query type


def test_phone_is_the_calls_answered_on_days_with_call_records(
    calls_and_contacts: None, demo: Council
) -> None:
    assert channel_totals(council=demo, start=MAY[0], end=MAY[1]) == {"phone": 7, "web_form": 1}
    days = contacts_by_channel(
        council=demo, start=date(2023, 5, 1), end=date(2023, 5, 5), period="day"
    )
    assert [
        (day.day, days.count(day, "phone"), days.count(day, "web_form")) for day in days.starts
    ] == [(1, 0, 0), (2, 4, 1), (3, 1, 0), (4, 2, 0), (5, 0, 0)]
    months = contacts_by_channel(council=demo, start=MAY[0], end=MAY[1], period="month")
    assert months.count(date(2023, 5, 1), "phone") == 7
    # A range cut inside the days: 3 and 4 May.
    assert channel_totals(council=demo, start=date(2023, 5, 3), end=date(2023, 5, 4)) == {
        "phone": 3
    }
    report = contact_costs(
        council=demo, start=MAY[0], end=MAY[1], baseline_start=MAR[0], baseline_end=MAR[1]
    )
    assert (report.contacts, report.pence) == (8, 7 * 150 + 15)


def test_a_services_phone_is_the_calls_of_its_own_lines(
    calls_and_contacts: None, demo: Council, make_payment: QueryType
) -> None:
    services = dict(Service.objects.filter(council=demo).values_list("code", "pk"))
    council_tax = make_payment.service_id
    assert channel_totals(council=demo, start=MAY[0], end=MAY[1], service_id=council_tax) == {
        "phone": 4,
        "web_form": 1,
    }
    days = contacts_by_channel(
        council=demo, start=MAY[0], end=MAY[1], period="week", service_id=council_tax
    )
    assert days.count(date(2023, 5, 1), "phone") == 4  # the week from Monday 1 May
    rents = services["rents"]
    assert channel_totals(council=demo, start=MAY[0], end=MAY[1], service_id=rents) == {"phone": 1}
    waste = services["waste"]
    assert channel_totals(council=demo, start=MAY[0], end=MAY[1], service_id=waste) == {}

    source = phone_source(council=demo, start=MAY[0], end=MAY[1], service_id=council_tax)
    assert source == PhoneSource(
        council_tax,
        2,
        ("Local Taxation line",),
        ("Corporate General Enquiries", "Payments and Rent Enquiries"),
    )
    assert phone_source(council=demo, start=MAY[0], end=MAY[1], service_id=rents).lines == ()
    assert phone_source(council=demo, start=MAR[0], end=MAR[1]).days_with_calls == 0


def test_outcomes_and_demand_count_the_recorded_contacts(
    calls_and_contacts: None, demo: Council
) -> None:
    *_, total = first_contact_resolution(council=demo, start=MAY[0], end=MAY[1])
    assert total.inbound == 6  # five recorded phone calls and a web form, not the calls
    assert sum(r.inbound for r in failure_demand(council=demo, start=MAY[0], end=MAY[1])) == 6


def test_the_last_day_with_data_is_the_last_with_call_records(
    recorded: None, demo: Council
) -> None:
    today = date(2023, 6, 30)
    assert last_day_with_data(council=demo, today=today) == date(2023, 3, 20)  # web forms
    calls_import(council=demo, text=CALLS_HEADER + _call("C1", "local-taxation", 2, "answered"))
    assert last_day_with_data(council=demo, today=today) == date(2023, 5, 2)
    assert last_day_with_data(council=demo, today=date(2023, 4, 30)) == date(2023, 3, 20)

"""The daily contact counts (`ContactDay`) follow every contact as it is recorded or changed."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from civicdesk.cases.services import case_open
from civicdesk.catalogue.models import QueryType, Venue
from civicdesk.contacts.models import Contact, ContactDay
from civicdesk.contacts.rollups import contact_days_rebuild
from civicdesk.contacts.services import contact_link_to_case, contact_record
from civicdesk.contacts.tally import visit_tally, visit_tally_undo
from civicdesk.core.errors import DomainError
from civicdesk.councils.models import Council

MORNING = datetime(2024, 3, 5, 10, 0, tzinfo=UTC)


def _counts(council: Council) -> dict[tuple[Any, ...], tuple[int, int]]:
    """Every non-empty count of the council: (day, kind) -> (contacts, came back)."""
    return {
        (
            row.day,
            row.channel,
            row.direction,
            row.service_id,
            row.query_type_id,
            row.venue_id,
            row.purpose,
            row.outcome,
            row.demand_type,
            row.failure_reason,
        ): (row.contacts, row.came_back)
        for row in ContactDay.objects.filter(council=council)
        if row.contacts or row.came_back
    }


@pytest.fixture
def york_house(demo: Council) -> Venue:
    return Venue.objects.get(council=demo, code="york-house")


def test_each_contact_adds_one_to_the_count_of_its_kind_and_day(
    demo: Council, advisor: Any, missed_bin: QueryType
) -> None:
    for _ in range(2):
        contact_record(
            council=demo,
            actor=advisor,
            channel="phone",
            query_type=missed_bin,
            outcome="resolved_first_contact",
            presented_at=MORNING,
        )
    contact_record(
        council=demo, actor=advisor, channel="email", query_type=missed_bin, presented_at=MORNING
    )
    counts = _counts(demo)
    phone = (
        date(2024, 3, 5),
        "phone",
        "inbound",
        missed_bin.service_id,
        missed_bin.pk,
        None,
        "",
        "resolved_first_contact",
        "value",
        "",
    )
    email = (*phone[:1], "email", *phone[2:7], "", *phone[8:])
    assert counts == {phone: (2, 0), email: (1, 0)}


def test_a_contact_counts_on_its_day_in_uk_time(demo: Council, advisor: Any) -> None:
    # 23:30 UTC on 1 July is 00:30 on 2 July in London (summer time).
    contact_record(
        council=demo,
        actor=advisor,
        channel="web_form",
        presented_at=datetime(2024, 7, 1, 23, 30, tzinfo=UTC),
    )
    assert list(ContactDay.objects.values_list("day", "contacts")) == [(date(2024, 7, 2), 1)]


def test_linking_a_contact_to_a_case_moves_it_to_failure_demand(
    demo: Council, advisor: Any, missed_bin: QueryType
) -> None:
    contact = contact_record(
        council=demo, actor=advisor, channel="phone", query_type=missed_bin, presented_at=MORNING
    )
    assert [(k[8], k[9]) for k in _counts(demo)] == [("value", "")]
    case = case_open(query_type=missed_bin, actor=advisor, description="Blue bin missed")

    contact_link_to_case(contact=contact, case=case, actor=advisor)
    counts = _counts(demo)
    assert [(k[8], k[9], n) for k, n in counts.items()] == [("failure", "repeat", (1, 0))]


def test_advice_to_go_online_is_counted_as_came_back_when_the_resident_phones_again(
    demo: Council, advisor: Any, missed_bin: QueryType
) -> None:
    advised = contact_record(
        council=demo,
        actor=advisor,
        channel="phone",
        query_type=missed_bin,
        outcome="advised_online",
        from_phone="0116 496 0123",
        presented_at=MORNING,
    )
    contact_record(
        council=demo,
        actor=advisor,
        channel="phone",
        query_type=missed_bin,
        from_phone="0116 496 0123",
        presented_at=MORNING + timedelta(days=2),
    )
    advised_row = ContactDay.objects.get(outcome="advised_online")
    assert (advised_row.day, advised_row.contacts, advised_row.came_back) == (
        date(2024, 3, 5),
        1,
        1,
    )
    advised.refresh_from_db()
    assert advised.came_back_at == MORNING + timedelta(days=2)


def test_a_tally_counts_a_visit_and_undo_takes_it_back(
    demo: Council, advisor: Any, york_house: Venue
) -> None:
    visit_tally(council=demo, actor=advisor, venue=york_house, purpose="payment_kiosk")
    visit_tally(council=demo, actor=advisor, venue=york_house, purpose="payment_kiosk")
    visit_tally(council=demo, actor=advisor, venue=york_house, purpose="scan_station")
    by_purpose = {k[6]: n for k, n in _counts(demo).items() if k[5] == york_house.pk}
    assert by_purpose == {"payment_kiosk": (2, 0), "scan_station": (1, 0)}

    visit_tally_undo(council=demo, actor=advisor, venue=york_house)
    by_purpose = {k[6]: n for k, n in _counts(demo).items() if k[5] == york_house.pk}
    assert by_purpose == {"payment_kiosk": (2, 0)}
    assert Contact.objects.filter(venue=york_house).count() == 2


def test_undo_with_nothing_to_take_back_changes_nothing(
    demo: Council, advisor: Any, york_house: Venue
) -> None:
    with pytest.raises(DomainError) as raised:
        visit_tally_undo(council=demo, actor=advisor, venue=york_house)
    assert raised.value.code == "nothing_to_undo"
    assert _counts(demo) == {}


def test_rebuilding_from_the_contacts_gives_the_counts_kept_as_they_were_recorded(
    demo: Council, advisor: Any, york_house: Venue
) -> None:
    rng = random.Random(5)
    query_types = list(QueryType.objects.filter(council=demo, active=True)[:6])
    phones = ["0116 496 0123", "0116 496 0456", "0113 496 0789"]
    recorded = []
    for _ in range(120):
        channel = rng.choice(["phone", "email", "web_form", "face_to_face", "letter"])
        recorded.append(
            contact_record(
                council=demo,
                actor=advisor,
                channel=channel,
                direction=rng.choice(["inbound", "inbound", "outbound"]),
                query_type=rng.choice([*query_types, None]),
                venue=york_house if channel == "face_to_face" else None,
                outcome=rng.choice(["", "resolved_first_contact", "advised_online"]),
                from_phone=rng.choice(phones),
                presented_at=MORNING + timedelta(hours=rng.randrange(0, 24 * 20)),
            )
        )
    visit_tally(council=demo, actor=advisor, venue=york_house, purpose="forms")
    visit_tally(council=demo, actor=advisor, venue=york_house, purpose="forms")
    visit_tally_undo(council=demo, actor=advisor, venue=york_house)
    case = case_open(query_type=query_types[0], actor=advisor, description="Reported")
    for contact in recorded[:5]:
        contact_link_to_case(contact=contact, case=case, actor=advisor)
    incremental = _counts(demo)
    assert sum(n for n, _ in incremental.values()) == 121
    assert any(came_back for _, came_back in incremental.values())

    assert contact_days_rebuild(council_id=demo.pk) == 121
    assert _counts(demo) == incremental

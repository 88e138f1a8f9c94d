"""The demo history of other channels: seed 001's visitors at York House, a channel shift
towards online, reproducible, added once, and counted in the daily contact counts.

Most tests make the history with few contacts online (`online_per_day`), to stay quick; the
visits are the seed's whatever that figure.
"""

from __future__ import annotations

from datetime import date, time

import pytest

from civicdesk.catalogue.models import Service, Venue
from civicdesk.contacts.models import Contact, ContactDay
from civicdesk.contacts.rollups import contact_days_rebuild
from civicdesk.councils.models import Council
from civicdesk.demo.channel_history import (
    HISTORY_CLIENT,
    UK,
    channel_history_load,
    visit_mix,
)
from civicdesk.demo.loader import load_demo
from civicdesk.performance.contact_reports import (
    advised_online,
    channel_totals,
    failure_demand,
    first_contact_resolution,
)
from civicdesk.performance.visit_reports import visits_by_purpose

FEW_ONLINE = 5.0
ONLINE = {"web_form", "api", "email", "web_chat"}
FACE_TO_FACE = {"face_to_face", "appointment"}
YEAR_2022 = (date(2022, 1, 1), date(2022, 12, 31))
YEAR_2023 = (date(2023, 1, 1), date(2023, 8, 31))  # the history ends with August 2023


def _history(council: Council) -> list[tuple[object, ...]]:
    rows = Contact.objects.filter(council=council, client=HISTORY_CLIENT).order_by("pk")
    return list(rows.values_list("presented_at", "channel", "purpose", "query_type", "outcome"))


def _day_counts(council: Council) -> set[tuple[date, str, int, int]]:
    return set(
        ContactDay.objects.filter(council=council).values_list(
            "day", "key", "contacts", "came_back"
        )
    )


def test_the_review_quarter_has_seed_001s_visitors_by_purpose(demo: Council) -> None:
    channel_history_load(council=demo, online_per_day=FEW_ONLINE)
    york_house = Venue.objects.get(council=demo, code="york-house")
    visits = visits_by_purpose(
        council=demo, start=date(2023, 4, 1), end=date(2023, 6, 30), venue_id=york_house.pk
    )
    assert {p: visits.purpose_total(p) for p in visits.purposes} == {
        "scan_station": 583,
        "telephones": 295,
        "self_service_pc": 211,
        "advice": 191,
        "payment_kiosk": 122,
        "forms": 109,
        "support": 74,
        "appointments": 17,
    }
    assert visit_mix().total == visits.total == 1602
    # Open on Tuesdays and Thursdays only: 26 days that quarter, about 60 visitors a day.
    assert {row.day.weekday() for row in visits.rows} == {1, 3}
    assert len(visits.rows) == 26
    assert 55 <= visits.total / len(visits.rows) <= 65
    # Every visit in the history falls within the opening hours, 9.30am to 4.30pm.
    moments = Contact.objects.filter(council=demo, venue=york_house).values_list(
        "presented_at", flat=True
    )
    assert all(time(9, 30) <= at.astimezone(UK).time() < time(16, 30) for at in moments)


def test_online_rises_and_face_to_face_falls_from_2022_to_2023(demo: Council) -> None:
    channel_history_load(council=demo, online_per_day=FEW_ONLINE)

    def shares(start: date, end: date) -> tuple[float, float]:
        totals = channel_totals(council=demo, start=start, end=end)
        whole = sum(totals.values())
        online = sum(n for channel, n in totals.items() if channel in ONLINE)
        face_to_face = sum(n for channel, n in totals.items() if channel in FACE_TO_FACE)
        return online / whole, face_to_face / whole

    online_2022, face_to_face_2022 = shares(*YEAR_2022)
    online_2023, face_to_face_2023 = shares(*YEAR_2023)
    assert online_2023 > online_2022 + 0.05
    assert face_to_face_2023 < face_to_face_2022 - 0.05


def test_the_history_has_outcomes_demand_and_services(demo: Council) -> None:
    channel_history_load(council=demo, online_per_day=FEW_ONLINE)
    *_, advised = advised_online(council=demo, start=YEAR_2022[0], end=YEAR_2023[1])
    assert advised.advised_online > 0
    assert 0 < advised.came_back < advised.advised_online
    *_, resolved = first_contact_resolution(council=demo, start=YEAR_2022[0], end=YEAR_2023[1])
    assert 0.4 < (resolved.rate or 0) < 0.8
    failure = failure_demand(council=demo, start=YEAR_2022[0], end=YEAR_2023[1])
    assert 0.05 < sum(r.failure for r in failure) / sum(r.inbound for r in failure) < 0.2
    for service in Service.objects.filter(council=demo, active=True):
        assert channel_totals(
            council=demo, start=YEAR_2022[0], end=YEAR_2023[1], service_id=service.pk
        ), service.name


def test_the_same_seed_makes_the_same_history(demo: Council) -> None:
    channel_history_load(council=demo, online_per_day=FEW_ONLINE)
    first = _history(demo)
    Contact.objects.filter(council=demo, client=HISTORY_CLIENT).delete()
    channel_history_load(council=demo, online_per_day=FEW_ONLINE)
    assert _history(demo) == first
    channel_history_load(council=demo, online_per_day=FEW_ONLINE, seed=4)  # has one: no change
    assert _history(demo) == first


@pytest.mark.django_db
def test_loading_the_demo_again_adds_no_second_history() -> None:
    load_demo(residents=3, history=True)
    demo = Council.objects.get(slug="demo")
    contacts = Contact.objects.filter(council=demo).count()
    history = Contact.objects.filter(council=demo, client=HISTORY_CLIENT).count()
    assert history > 40_000  # tens of thousands online, and the visits
    counts = _day_counts(demo)

    load_demo(residents=3, history=True)
    assert Contact.objects.filter(council=demo).count() == contacts
    assert _day_counts(demo) == counts
    # The daily counts of the history and of the residents' recorded contacts are what a
    # recount from the contacts gives.
    contact_days_rebuild(council_id=demo.pk)
    assert _day_counts(demo) == counts
    assert sum(n for _, _, n, _ in counts) == contacts

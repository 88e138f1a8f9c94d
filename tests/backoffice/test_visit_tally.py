"""The floorwalker's tally page: a tap counts a visit, the page says so, and a tap can be undone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from civicdesk.catalogue.models import Venue
from civicdesk.contacts.models import Contact, ContactDay
from civicdesk.councils.models import Council

TALLY = "/staff/demo/visits/tally/"
COUNT = "/staff/demo/visits/tally/count/"
UNDO = "/staff/demo/visits/tally/undo/"


@pytest.fixture
def york_house(demo: Council) -> Venue:
    return Venue.objects.get(council=demo, code="york-house")


def _today_row(page: str, label: str) -> str:
    table = page[page.index('id="today"') :]
    row = table[table.index(f">{label}</th>") :]
    return row[: row.index("</tr>")]


def test_a_tap_counts_one_visit_and_comes_back_to_the_page(
    advisor_client: Client, york_house: Venue
) -> None:
    response = advisor_client.post(COUNT, {"venue": "york-house", "purpose": "advice"})
    assert response.status_code == 302
    assert response["Location"] == f"{TALLY}?venue=york-house"

    visit = Contact.objects.select_related("advisor").get(venue=york_house)
    assert visit.advisor is not None
    assert (visit.channel, visit.purpose, visit.advisor.username) == (
        "face_to_face",
        "advice",
        "advisor",
    )
    assert ContactDay.objects.get(venue_id=york_house.pk).contacts == 1

    page = advisor_client.get(response["Location"]).content.decode()
    assert "Counted: Advice at York House" in page
    assert ">1</td>" in _today_row(page, "Advice")
    assert ">0</td>" in _today_row(page, "Payment kiosk")
    # The banner shows once only.
    assert "Counted:" not in advisor_client.get(response["Location"]).content.decode()


def test_every_purpose_has_its_own_post_form_with_a_csrf_token(
    advisor_client: Client, york_house: Venue
) -> None:
    page = advisor_client.get(TALLY).content.decode()
    # The demo council has one venue: it is chosen without asking.
    assert "Count visitors at York House" in page
    for purpose in (
        "scan_station",
        "telephones",
        "self_service_pc",
        "advice",
        "payment_kiosk",
        "forms",
        "support",
        "appointments",
    ):
        assert f'name="purpose" value="{purpose}"' in page
    assert page.count('name="csrfmiddlewaretoken"') >= 9  # 8 purposes and the undo form


def test_the_form_works_with_csrf_checks_on(demo: Council, york_house: Venue) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="advisor", password="advisor-demo-password")
    page = client.get(TALLY).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = client.post(
        COUNT, {"venue": "york-house", "purpose": "forms", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Contact.objects.filter(venue=york_house, purpose="forms").count() == 1
    assert client.post(COUNT, {"venue": "york-house", "purpose": "forms"}).status_code == 403


def test_undo_takes_back_my_last_tap(advisor_client: Client, york_house: Venue) -> None:
    advisor_client.post(COUNT, {"venue": "york-house", "purpose": "advice"})
    advisor_client.post(COUNT, {"venue": "york-house", "purpose": "telephones"})

    response = advisor_client.post(UNDO, {"venue": "york-house"})
    assert response.status_code == 302
    assert list(Contact.objects.filter(venue=york_house).values_list("purpose", flat=True)) == [
        "advice"
    ]
    page = advisor_client.get(response["Location"]).content.decode()
    assert "Taken back: Telephones at York House" in page
    assert ">0</td>" in _today_row(page, "Telephones")
    assert ">1</td>" in _today_row(page, "Advice")


def test_nothing_to_undo_is_an_error_on_the_page_not_a_server_error(
    advisor_client: Client, manager_client: Client, york_house: Venue
) -> None:
    manager_client.post(COUNT, {"venue": "york-house", "purpose": "advice"})
    # Someone else's tap is not mine to take back.
    response = advisor_client.post(UNDO, {"venue": "york-house"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "<title>Error:" in page
    assert "You have no tally in the last ten minutes to take back" in page
    assert Contact.objects.filter(venue=york_house).count() == 1


def test_a_tap_older_than_ten_minutes_cannot_be_undone(
    advisor_client: Client, york_house: Venue
) -> None:
    advisor_client.post(COUNT, {"venue": "york-house", "purpose": "advice"})
    # Test data: the tap moved back in time, as if made a quarter of an hour ago.
    visit = Contact.objects.get(venue=york_house)
    Contact.objects.filter(pk=visit.pk).update(
        presented_at=visit.presented_at - timedelta(minutes=15)
    )
    assert advisor_client.post(UNDO, {"venue": "york-house"}).status_code == 409
    assert Contact.objects.filter(venue=york_house).count() == 1


def test_a_tap_without_a_known_purpose_counts_nothing(
    advisor_client: Client, york_house: Venue
) -> None:
    for purpose in ("", "juggling"):
        response = advisor_client.post(COUNT, {"venue": "york-house", "purpose": purpose})
        assert response.status_code == 400
        assert "Choose what the visitor came for" in response.content.decode()
    assert not Contact.objects.filter(venue=york_house).exists()


def test_with_several_venues_the_page_asks_which_and_keeps_the_choice(
    advisor_client: Client, demo: Council
) -> None:
    Venue.objects.create(council=demo, code="test-hub", name="Test Hub")
    page = advisor_client.get(TALLY).content.decode()
    assert "Choose a venue" in page
    assert 'name="purpose"' not in page

    page = advisor_client.get(TALLY, {"venue": "test-hub"}).content.decode()
    assert "Count visitors at Test Hub" in page
    assert 'name="venue" value="test-hub"' in page
    response = advisor_client.post(COUNT, {"venue": "test-hub", "purpose": "support"})
    assert response["Location"] == f"{TALLY}?venue=test-hub"
    assert Contact.objects.filter(purpose="support", venue__code="test-hub").count() == 1


def test_another_councils_venue_or_page_is_not_found(
    advisor_client: Client, neighbour_client: Client, neighbour: Council, york_house: Venue
) -> None:
    assert neighbour_client.get(TALLY).status_code == 404
    assert (
        neighbour_client.post(COUNT, {"venue": "york-house", "purpose": "advice"}).status_code
        == 404
    )
    assert neighbour_client.post(UNDO, {"venue": "york-house"}).status_code == 404
    theirs = Venue.objects.create(council=neighbour, code="their-hall", name="Their Hall")
    response = advisor_client.post(COUNT, {"venue": theirs.code, "purpose": "advice"})
    assert response.status_code == 404
    assert not Contact.objects.filter(venue__isnull=False).exists()


def test_signed_out_is_sent_to_sign_in(demo: Council) -> None:
    client = Client()
    for response in (
        client.get(TALLY),
        client.post(COUNT, {"venue": "york-house", "purpose": "advice"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert not Contact.objects.exists()


def test_a_get_cannot_count(advisor_client: Client, york_house: Venue) -> None:
    assert (
        advisor_client.get(COUNT, {"venue": "york-house", "purpose": "advice"}).status_code == 405
    )
    assert not Contact.objects.filter(venue=york_house).exists()

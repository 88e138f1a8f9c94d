"""The load test's requests are ones the API accepts, so its errors are the server's own."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.test import Client

from civicdesk.api.open311.keys import open311_key_create
from civicdesk.cases.places import metres_apart
from civicdesk.catalogue.models import QueryType
from civicdesk.councils.models import Council
from civicdesk.residents import normalise
from civicdesk.residents.models import Resident
from loadtest.bodies import PHASE_PLACES, PLACES_PER_PHASE, Setup, contact, grid_place, plans


def _setup(council: Council, *, key: str = "", residents: tuple[int, ...] = ()) -> Setup:
    codes = QueryType.objects.filter(council=council, active=True).values_list("code", flat=True)
    return Setup(
        council=council.slug,
        token="unused",
        open311_key=key,
        service_code="WASTE-MISSED",
        query_types=tuple(sorted(codes)),
        residents=residents,
        run="test",
    )


def _send(client: Client, planned: Any) -> Any:
    return client.generic(
        planned.method,
        planned.path,
        planned.body,
        content_type=planned.headers.get("Content-Type", ""),
        headers={"Idempotency-Key": planned.marker} if planned.marker else {},
        secure=True,
    )


def test_contact_bodies_are_recorded_with_their_marker(
    demo: Council, advisor_client: Client
) -> None:
    resident = Resident.objects.create(council=demo, first_name="Ada", last_name="Lovelace")
    setup = _setup(demo, residents=(resident.pk,))
    # Both kinds (a known resident, a caller by phone), over every query type and channel.
    for number in range(len(setup.query_types) * 2):
        planned = contact(setup, "intake", number)
        response = _send(advisor_client, planned)
        assert response.status_code == 201, (number, response.content)
        assert response.json()["notes"] == planned.marker


def test_open311_reports_open_a_case_each(demo: Council) -> None:
    key = open311_key_create(council=demo, client="Load test", actor="test")[1]
    plan = plans(_setup(demo, key=key))["Open311 POST"]
    references = set()
    for number in range(4):
        response = _send(Client(), plan(number))
        assert response.status_code == 200, response.content
        references.add(response.json()[0]["service_request_id"])
    assert len(references) == 4  # none joined another's case


def test_no_two_places_of_any_phase_are_near_enough_to_be_one_place(demo: Council) -> None:
    apart = 3 * demo.duplicate_distance_metres  # place locks take the cells either side
    last = PLACES_PER_PHASE - 1
    corners = [grid_place(phase, n) for phase in PHASE_PLACES for n in (0, 1, 399, 400, last)]
    assert len(set(corners)) == len(corners)
    first, right, below = (grid_place("open311", n) for n in (0, 1, 400))
    for other in (right, below):
        distance = metres_apart(*(Decimal(v) for v in (*first, *other)))
        assert distance > apart


def test_callers_phone_numbers_are_valid_however_many_are_sent(demo: Council) -> None:
    setup = _setup(demo)
    for number in range(0, PLACES_PER_PHASE, 997):
        phone = json.loads(contact(setup, "intake", number).body).get("from_phone")
        if phone:
            normalise.phone_e164(phone, field="from_phone")  # raises on a number not in use

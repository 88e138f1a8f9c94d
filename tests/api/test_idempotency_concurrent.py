"""Two requests with one `Idempotency-Key` at the same time, in two real transactions (ADR 33):
the second waits for the first and gets its answer, or runs itself if the first failed.

Each request runs in a thread with its own database connection, on SQLite (whose writers queue
at BEGIN) and PostgreSQL (where the second waits on the key's unique row) alike. The first
request pauses just after writing its contact, so the second always arrives while it is open.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test import Client

from civicdesk.api.idempotency import REPLAYED_HEADER
from civicdesk.api.models import IdempotentRequest
from civicdesk.api.tokens import api_token_create
from civicdesk.contacts.models import Contact
from civicdesk.residents.models import Resident
from tests.api.test_idempotency import KEY, URL, call

PAUSE_SECONDS = 0.5


class Race:
    """The first request writes its contact, then (optionally) fails, holding its transaction
    open meanwhile; the second is sent once the first has written."""

    def __init__(self, *, first_fails: bool) -> None:
        self.first_wrote = threading.Event()
        self.first_fails = first_fails
        self.answers: dict[str, Any] = {}
        self.moments: dict[str, float] = {}

    def after_contact_saved(self, sender: Any, **kwargs: Any) -> None:
        if threading.current_thread().name != "first":
            return
        self.first_wrote.set()
        time.sleep(PAUSE_SECONDS)
        if self.first_fails:
            raise RuntimeError("the first worker died after writing its contact")

    def send(self, name: str, token: str, body: dict[str, object]) -> None:
        try:
            client = Client(HTTP_AUTHORIZATION=f"Token {token}", raise_request_exception=False)
            self.moments[f"{name} sent"] = time.monotonic()
            self.answers[name] = client.post(
                URL, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=KEY
            )
            self.moments[f"{name} answered"] = time.monotonic()
        finally:
            connection.close()

    def run(self, token: str, body: dict[str, object]) -> None:
        first = threading.Thread(target=self.send, args=("first", token, body), name="first")
        second = threading.Thread(target=self.send, args=("second", token, body), name="second")
        first.start()
        assert self.first_wrote.wait(timeout=10)
        second.start()
        first.join(timeout=30)
        second.join(timeout=30)
        assert self.moments["second sent"] < self.moments["first answered"]  # they overlapped


@pytest.fixture
def race(request: pytest.FixtureRequest) -> Iterator[Race]:
    race = Race(first_fails=request.param)
    post_save.connect(race.after_contact_saved, sender=Contact, dispatch_uid="race")
    yield race
    post_save.disconnect(sender=Contact, dispatch_uid="race")


@pytest.mark.parametrize("race", [False], indirect=True)
def test_a_duplicate_sent_while_the_first_runs_waits_and_gets_its_answer(
    transactional_db: None, resident: Resident, advisor: Any, race: Race
) -> None:
    _, token = api_token_create(user=advisor)
    race.run(token, call(resident))
    first, second = race.answers["first"], race.answers["second"]
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json() == first.json()
    assert second[REPLAYED_HEADER] == "true"
    assert Contact.objects.count() == 1
    assert IdempotentRequest.objects.count() == 1


@pytest.mark.parametrize("race", [True], indirect=True)
def test_when_the_first_fails_the_waiting_duplicate_runs_instead(
    transactional_db: None, resident: Resident, advisor: Any, race: Race
) -> None:
    _, token = api_token_create(user=advisor)
    race.run(token, call(resident))
    first, second = race.answers["first"], race.answers["second"]
    assert (first.status_code, second.status_code) == (500, 201)
    assert REPLAYED_HEADER not in second
    [contact] = Contact.objects.all()
    assert contact.pk == second.json()["id"]
    assert IdempotentRequest.objects.count() == 1

"""`Idempotency-Key` on the staff API's POSTs (ADR 33): a retry gets the first answer, not a
second contact; the key is kept with what it wrote, or not at all."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db.models.signals import post_save
from django.test import Client

from civicdesk.api.idempotency import HEADER, REPLAYED_HEADER, idempotency_purge
from civicdesk.api.models import IdempotentRequest
from civicdesk.api.tasks import idempotency_keys_purge_hourly
from civicdesk.contacts.models import Contact
from civicdesk.core.clock import now
from civicdesk.residents.models import Resident
from tests.api.conftest import post

URL = "/api/v1/contacts/"
KEY = "6f1f0f9e-3c1a-4a57-9d0a-2f4f3c1b7e11"


def call(resident: Resident, **more: object) -> dict[str, object]:
    return {
        "resident": resident.pk,
        "channel": "phone",
        "direction": "inbound",
        "query_type": "waste-missed-collection",
        "notes": "Asked where the crew is",
        **more,
    }


def _with_key(client: Client, body: dict[str, object], key: str = KEY, url: str = URL) -> Any:
    return post(client, url, body, HTTP_IDEMPOTENCY_KEY=key)


@pytest.fixture
def crash_once() -> Iterator[None]:
    """The worker fails after the contact is written, as a crash mid-request would."""
    crashed: list[bool] = []

    def crash(sender: Any, **kwargs: Any) -> None:
        if not crashed:
            crashed.append(True)
            raise RuntimeError("the worker died after writing the contact")

    post_save.connect(crash, sender=Contact, dispatch_uid="crash_once")
    yield
    post_save.disconnect(dispatch_uid="crash_once", sender=Contact)


def test_a_retry_gets_the_first_answer_and_makes_no_second_contact(
    advisor_client: Client, resident: Resident
) -> None:
    first = _with_key(advisor_client, call(resident))
    again = _with_key(advisor_client, call(resident))
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again[REPLAYED_HEADER] == "true"
    assert REPLAYED_HEADER not in first
    assert Contact.objects.count() == 1


def test_without_the_header_each_post_is_a_new_contact(
    advisor_client: Client, resident: Resident
) -> None:
    post(advisor_client, URL, call(resident))
    post(advisor_client, URL, call(resident))
    assert Contact.objects.count() == 2


def test_the_same_key_with_another_body_is_a_422_naming_the_header(
    advisor_client: Client, resident: Resident
) -> None:
    _with_key(advisor_client, call(resident))
    response = _with_key(advisor_client, call(resident, notes="Something else"))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == HEADER
    assert "different body" in error["message"]
    assert Contact.objects.count() == 1


def test_keys_are_scoped_by_user_and_path(
    advisor_client: Client, manager_client: Client, resident: Resident
) -> None:
    ours = _with_key(advisor_client, call(resident))
    theirs = _with_key(manager_client, call(resident))
    assert REPLAYED_HEADER not in theirs
    assert theirs.json()["id"] != ours.json()["id"]
    elsewhere = _with_key(
        advisor_client,
        {"council": "demo", "last_name": "Other", "phones": ["07700 900777"]},
        url="/api/v1/residents/",
    )
    assert elsewhere.status_code == 201
    assert Contact.objects.count() == 2


@pytest.mark.parametrize(
    ("key", "words"),
    [("", "is empty"), ("k" * 256, "at most 255 characters"), ("two words", "visible ASCII")],
)
def test_a_bad_header_is_a_400_naming_it(
    advisor_client: Client, resident: Resident, key: str, words: str
) -> None:
    response = _with_key(advisor_client, call(resident), key=key)
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("invalid", HEADER)
    assert words in error["message"]
    assert Contact.objects.count() == 0


def test_the_drafts_quoted_form_is_the_same_key(advisor_client: Client, resident: Resident) -> None:
    _with_key(advisor_client, call(resident))
    again = _with_key(advisor_client, call(resident), key=f'"{KEY}"')
    assert again[REPLAYED_HEADER] == "true"


def test_a_crash_writes_neither_contact_nor_key_and_the_retry_runs(
    resident: Resident, advisor_client: Client, crash_once: None
) -> None:
    advisor_client.raise_request_exception = False
    failed = _with_key(advisor_client, call(resident))
    assert failed.status_code == 500
    assert Contact.objects.count() == 0
    assert IdempotentRequest.objects.count() == 0
    retried = _with_key(advisor_client, call(resident))
    assert retried.status_code == 201
    assert REPLAYED_HEADER not in retried
    assert Contact.objects.count() == 1


def test_a_refusal_is_not_kept_so_a_corrected_retry_runs(
    advisor_client: Client, resident: Resident
) -> None:
    refused = _with_key(advisor_client, call(resident, from_phone="not a phone"))
    assert refused.status_code == 400
    corrected = _with_key(advisor_client, call(resident))
    assert corrected.status_code == 201
    assert Contact.objects.count() == 1


def test_an_answer_is_kept_for_24_hours(advisor_client: Client, resident: Resident) -> None:
    _with_key(advisor_client, call(resident))
    IdempotentRequest.objects.update(created_at=now() - timedelta(hours=25))
    again = _with_key(advisor_client, call(resident))
    assert again.status_code == 201
    assert REPLAYED_HEADER not in again
    assert Contact.objects.count() == 2


def test_the_hourly_task_forgets_answers_older_than_24_hours(
    advisor_client: Client, resident: Resident
) -> None:
    _with_key(advisor_client, call(resident), key="old")
    IdempotentRequest.objects.update(created_at=now() - timedelta(hours=25))
    _with_key(advisor_client, call(resident), key="new")
    assert idempotency_keys_purge_hourly.call_local() == 1
    assert IdempotentRequest.objects.count() == 1
    assert idempotency_purge() == 0

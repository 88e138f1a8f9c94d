"""Open311 throttles count the client's address as our trusted proxies give it, not as a client
writes it in X-Forwarded-For."""

from __future__ import annotations

from typing import Any

from django.test import Client

from civicdesk.councils.models import Council
from tests.open311.conftest import BASE
from tests.open311.test_keys_and_throttling import _rates

PROXY = "10.0.0.5"


def read(remote: str, forwarded: str) -> int:
    client = Client(REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    return client.get(BASE + "services.json", {"jurisdiction_id": "demo"}).status_code


def test_rotated_forwarded_for_is_throttled_when_no_proxy_is_trusted(demo: Council) -> None:
    with _rates("100/minute", "10/minute"):
        answers = [read("198.51.100.1", f"203.0.{n // 250}.{n % 250}") for n in range(400)]
    assert answers.count(200) == 100
    assert answers[100:] == [429] * 300


def test_behind_a_trusted_proxy_the_hop_it_added_is_the_client(
    demo: Council, settings: Any
) -> None:
    settings.CIVICDESK_TRUSTED_PROXIES = 1
    with _rates("5/minute", "10/minute"):
        # forged entries on the left; the right-hand one is what our proxy saw
        answers = [read(PROXY, f"6.6.6.{n}, 203.0.113.7") for n in range(8)]
        neighbour = read(PROXY, "6.6.6.6, 203.0.113.8")
    assert answers == [200] * 5 + [429] * 3
    assert neighbour == 200  # another client behind the same proxy counts apart

"""Checking an Open311 key (ADR 32) beside the check it replaced, both from the database.

Run with `make bench`. Ours: find the row by the key's first 8 characters and compare SHA-256
digests in constant time (`open311_client_for_key`). The peer is the check this replaced, with
the production settings' password hashers (Argon2 first): the same lookup, then
`check_password` against the Argon2 hash. The ratio of the medians is recorded in
`extra_info["ratio_to_civicdesk"]`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.test import override_settings
from pytest_benchmark.fixture import BenchmarkFixture

from civicdesk.api.models import Open311Client
from civicdesk.api.open311.keys import PREFIX_LENGTH, open311_client_for_key, open311_key_create
from civicdesk.councils.models import Council

GROUP = "Open311 key check, lookup and verify"
PRODUCTION_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
TIMES: dict[str, float] = {}


def _old_check(key: str) -> Open311Client | None:
    """open311_client_for_key before ADR 32, its last_used_at write aside."""
    row = (
        Open311Client.objects.select_related("council")
        .filter(key_prefix=key[:PREFIX_LENGTH], revoked_at__isnull=True)
        .first()
    )
    if row is None or not check_password(key, row.key_hash):
        return None
    return row


def test_civicdesk_sha256_key_check(benchmark: BenchmarkFixture, demo: Council) -> None:
    benchmark.group = GROUP
    row, key = open311_key_create(council=demo, client="FixMyStreet", actor=None)
    open311_client_for_key(key)  # notes last_used_at: later checks in the minute write nothing
    found = benchmark(open311_client_for_key, key)
    assert found == row
    if benchmark.stats:
        TIMES["civicdesk"] = benchmark.stats.stats.median


def test_argon2_check_password_peer(benchmark: BenchmarkFixture, demo: Council) -> None:
    benchmark.group = GROUP
    key = "Zq3xkM0vQ2wYc8HfT1sLrB6nJpA4eUdGiO9yV7hKbCE"
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
        row = Open311Client.objects.create(
            council=demo, name="Old", key_prefix=key[:PREFIX_LENGTH], key_hash=make_password(key)
        )
        found: Any = benchmark.pedantic(_old_check, args=(key,), rounds=5, iterations=1)
    assert found == row
    if benchmark.stats and "civicdesk" in TIMES:
        benchmark.extra_info["ratio_to_civicdesk"] = round(
            benchmark.stats.stats.median / TIMES["civicdesk"]
        )

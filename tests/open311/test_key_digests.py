"""Open311 keys (ADR 32): kept as a SHA-256 digest, checked without the password hasher; a key
from before, kept as a password hash, works and is moved to a digest on its first use."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.test import override_settings

from civicdesk.api.key_digest import key_digest
from civicdesk.api.models import Open311Client
from civicdesk.api.open311.keys import PREFIX_LENGTH, open311_client_for_key, open311_key_create
from civicdesk.core.clock import now
from civicdesk.councils.models import Council
from tests.open311.conftest import post, report
from tests.password_hasher_guard import GUARD

ARGON2 = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
OLD_KEY = "Zq3xkM0vQ2wYc8HfT1sLrB6nJpA4eUdGiO9yV7hKbCE"  # token_urlsafe(32), as issued before


def _old_client(council: Council) -> Open311Client:
    """A client whose key was issued before ADR 32: only an Argon2 hash of it is kept."""
    with override_settings(PASSWORD_HASHERS=ARGON2):
        hashed = make_password(OLD_KEY)
    return Open311Client.objects.create(
        council=council, name="FixMyStreet", key_prefix=OLD_KEY[:PREFIX_LENGTH], key_hash=hashed
    )


def test_a_new_key_is_kept_as_its_digest_only(demo: Council) -> None:
    row, key = open311_key_create(council=demo, client="FixMyStreet", actor=None)
    row.refresh_from_db()
    assert row.key_digest == key_digest(key)
    assert row.key_hash == ""


def test_checking_a_key_computes_no_password_hash(demo: Council, key: str) -> None:
    with override_settings(PASSWORD_HASHERS=GUARD):
        assert post("requests.json", report(key)).status_code == 200


def test_an_old_argon2_key_works_once_by_its_hash_and_then_by_its_digest(demo: Council) -> None:
    row = _old_client(demo)
    assert row.key_hash.startswith("argon2$")
    with override_settings(PASSWORD_HASHERS=ARGON2):
        assert post("requests.json", report(OLD_KEY)).status_code == 200
    row.refresh_from_db()
    assert (row.key_hash, row.key_digest) == ("", key_digest(OLD_KEY))
    with override_settings(PASSWORD_HASHERS=GUARD):  # the hash is never checked again
        assert post("requests.json", report(OLD_KEY, lat="52.6361")).status_code == 200


def test_a_wrong_key_leaves_an_old_hash_as_it_was(demo: Council) -> None:
    row = _old_client(demo)
    wrong = OLD_KEY[:PREFIX_LENGTH] + "x" * (len(OLD_KEY) - PREFIX_LENGTH)
    with override_settings(PASSWORD_HASHERS=ARGON2):
        assert post("requests.json", report(wrong)).status_code == 403
    row.refresh_from_db()
    assert (row.key_hash[:7], row.key_digest) == ("argon2$", "")


def test_a_key_sharing_a_prefix_is_refused(demo: Council, key: str) -> None:
    twin = key[:PREFIX_LENGTH] + "x" * (len(key) - PREFIX_LENGTH)
    assert open311_client_for_key(twin) is None
    assert post("requests.json", report(twin)).status_code == 403


def test_a_revoked_old_key_is_refused_and_stays_hashed(demo: Council) -> None:
    row = _old_client(demo)
    Open311Client.objects.filter(pk=row.pk).update(revoked_at=now())
    with override_settings(PASSWORD_HASHERS=ARGON2):
        assert post("requests.json", report(OLD_KEY)).status_code == 403
    row.refresh_from_db()
    assert row.key_digest == ""


def test_last_used_is_written_at_most_once_a_minute(demo: Council, key: str) -> None:
    row = open311_client_for_key(key)
    assert row is not None
    first = Open311Client.objects.get().last_used_at
    assert first is not None
    open311_client_for_key(key)
    assert Open311Client.objects.get().last_used_at == first
    Open311Client.objects.update(last_used_at=first - timedelta(minutes=2))
    open311_client_for_key(key)
    assert Open311Client.objects.get().last_used_at > first  # type: ignore[operator]

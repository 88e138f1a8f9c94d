"""Staff API tokens (ADR 32): `civicdesk create_api_token` prints one once; only its digest is
kept; it expires, can be revoked, and a refused token is a 401 that says why."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from civicdesk.api.key_digest import key_digest
from civicdesk.api.models import ApiToken
from civicdesk.api.tokens import PREFIX_LENGTH, api_token_create
from civicdesk.core.clock import now
from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident
from tests.password_hasher_guard import GUARD

RESIDENTS = "/api/v1/residents/"


def _token(*args: str) -> str:
    out = StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def _get(key: str, scheme: str = "Token") -> Any:
    return Client().get(RESIDENTS, HTTP_AUTHORIZATION=f"{scheme} {key}")


def test_a_token_acts_as_its_user(demo: Council, resident: Resident) -> None:
    key = _token("--user", "advisor")
    assert key.startswith("cd_")
    assert len(key) == 46
    client = Client()
    response = client.get(RESIDENTS, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [resident.pk]
    created = client.post(
        RESIDENTS,
        {"council": "demo", "last_name": "By Token", "phones": ["07700 900456"]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert created.status_code == 201
    assert created.json()["phones"] == ["+447700900456"]


def test_bearer_is_taken_as_well_as_token(demo: Council, resident: Resident) -> None:
    key = _token("--user", "advisor")
    assert _get(key, "Bearer").status_code == 200


def test_only_the_tokens_digest_is_kept(demo: Council) -> None:
    key = _token("--user", "advisor")
    row = ApiToken.objects.get()
    assert row.key_digest == key_digest(key)
    assert key not in {row.key_prefix, row.key_digest, row.name}
    assert row.key_prefix == key[:PREFIX_LENGTH]


def test_each_run_prints_a_new_token_and_rotate_revokes_the_others(demo: Council) -> None:
    first = _token("--user", "advisor")
    second = _token("--user", "advisor")
    assert first != second
    assert _get(first).status_code == 200
    rotated = _token("--user", "advisor", "--rotate")
    for old in (first, second):
        response = _get(old)
        assert response.status_code == 401
        assert "revoked" in response.json()["error"]["message"]
    assert _get(rotated).status_code == 200


def test_a_token_reaches_only_its_users_councils(demo: Council, resident: Resident) -> None:
    key = _token("--user", "neighbour-advisor")
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(f"/api/v1/residents/{resident.pk}/").status_code == 404
    assert client.get(RESIDENTS).json()["count"] == 0


def test_a_wrong_token_is_a_401_saying_so(demo: Council) -> None:
    key = _token("--user", "advisor")
    for wrong in ("not-a-token", key[:-1] + ("A" if key[-1] != "A" else "B"), key[:PREFIX_LENGTH]):
        response = _get(wrong)
        assert response.status_code == 401
        assert response.json()["error"] == {
            "code": "not_authenticated",
            "message": "Invalid token.",
        }
        assert response["WWW-Authenticate"].startswith("Token")


def test_an_expired_token_is_a_401_saying_when_it_expired(demo: Council) -> None:
    key = _token("--user", "advisor", "--days", "1")
    row = ApiToken.objects.get()
    assert timedelta(hours=23) < row.expires_at - now() <= timedelta(days=1)  # type: ignore[operator]
    ApiToken.objects.update(expires_at=now() - timedelta(minutes=1))
    response = _get(key)
    assert response.status_code == 401
    assert "This token expired on" in response.json()["error"]["message"]


def test_tokens_expire_after_90_days_unless_told(demo: Council) -> None:
    _token("--user", "advisor")
    row = ApiToken.objects.get()
    assert timedelta(days=89) < row.expires_at - now() <= timedelta(days=90)  # type: ignore[operator]


def test_the_command_revokes_by_prefix(demo: Council) -> None:
    kept, gone = _token("--user", "advisor"), _token("--user", "advisor")
    out = StringIO()
    call_command("revoke_api_token", "--prefix", gone[:PREFIX_LENGTH], stdout=out)
    assert "Revoked 1 token(s)." in out.getvalue()
    assert _get(gone).status_code == 401
    assert _get(kept).status_code == 200
    with pytest.raises(CommandError, match="No live token"):
        call_command("revoke_api_token", "--prefix", gone[:PREFIX_LENGTH])


def test_tokens_sharing_a_prefix_each_find_their_own_user(demo: Council) -> None:
    users = get_user_model().objects
    advisor, manager = users.get(username="advisor"), users.get(username="manager")
    _, key = api_token_create(user=advisor)
    twin = key[:PREFIX_LENGTH] + "x" * (len(key) - PREFIX_LENGTH)
    ApiToken.objects.create(
        user=manager,
        key_prefix=key[:PREFIX_LENGTH],
        key_digest=key_digest(twin),
        expires_at=now() + timedelta(days=1),
    )
    assert _get(key).wsgi_request.user == advisor
    assert _get(twin).wsgi_request.user == manager
    assert _get(key[:PREFIX_LENGTH] + "y" * 34).status_code == 401


def test_last_used_is_written_at_most_once_a_minute(demo: Council) -> None:
    key = _token("--user", "advisor")
    _get(key)
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    _get(key)
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=first - timedelta(minutes=2))
    _get(key)
    assert ApiToken.objects.get().last_used_at > first  # type: ignore[operator]


def test_authenticating_a_token_computes_no_password_hash(demo: Council) -> None:
    key = _token("--user", "advisor")
    with override_settings(PASSWORD_HASHERS=GUARD):
        assert _get(key).status_code == 200


def test_an_unknown_user_is_a_command_error(demo: Council) -> None:
    with pytest.raises(CommandError, match="No user 'nobody'"):
        _token("--user", "nobody")


def test_days_out_of_range_is_a_command_error(demo: Council) -> None:
    with pytest.raises(CommandError, match="--days: from 1 to 3650, not 0"):
        _token("--user", "advisor", "--days", "0")

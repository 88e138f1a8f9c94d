"""Staff API tokens in the admin: only superusers reach them; adding one shows it once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from civicdesk.api.models import ApiToken
from civicdesk.councils.models import Council

PAGE = "/admin/api/apitoken/"


def _superuser_client() -> Client:
    get_user_model().objects.create_superuser("root", "root@example.org", "a long password 1")
    client = Client()
    client.force_login(get_user_model().objects.get(username="root"))
    return client


def test_adding_a_token_shows_it_once_and_it_works(demo: Council, advisor: Any) -> None:
    client = _superuser_client()
    response = client.post(
        PAGE + "add/", {"user": advisor.pk, "name": "reporting tool", "days": "30"}, follow=True
    )
    assert response.status_code == 200
    text = response.content.decode()
    start = text.index("The token for advisor is ") + len("The token for advisor is ")
    key = text[start:].split(" ", 1)[0]
    row = ApiToken.objects.get()
    assert key.startswith(row.key_prefix)
    assert "will not be shown again" in text
    assert client.get(PAGE + f"{row.pk}/change/").content.decode().count(key) == 0
    api = Client().get("/api/v1/residents/", HTTP_AUTHORIZATION=f"Token {key}")
    assert api.status_code == 200


def test_revoking_in_the_admin_stops_the_token(demo: Council, advisor: Any) -> None:
    client = _superuser_client()
    client.post(PAGE + "add/", {"user": advisor.pk, "name": "", "days": "90"})
    row = ApiToken.objects.get()
    client.post(PAGE, {"action": "revoke", "_selected_action": [row.pk]})
    row.refresh_from_db()
    assert row.revoked_at is not None


def test_a_council_admin_cannot_reach_tokens(demo: Council, manager_client: Client) -> None:
    assert manager_client.get(PAGE).status_code in {302, 403}
    assert manager_client.get(PAGE + "add/").status_code in {302, 403}

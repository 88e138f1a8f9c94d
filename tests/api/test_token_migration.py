"""Migration api 0003 moves DRF's plain-text tokens to digests: each old token keeps working and
its plain text is gone. Run on rows in DRF's own table, as an older database has them."""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from typing import Any

from django.apps import apps
from django.db import connection
from django.test import Client

from civicdesk.api.key_digest import key_digest
from civicdesk.api.models import ApiToken
from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident

MIGRATION = importlib.import_module("civicdesk.api.migrations.0003_drf_tokens_hashed")
OLD_KEY = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"  # DRF's shape: 40 hex digits

# rest_framework.authtoken's table as its migrations made it.
_CREATED = "timestamp with time zone" if connection.vendor == "postgresql" else "datetime"
DRF_TABLE = f"""CREATE TABLE authtoken_token (
    "key" varchar(40) NOT NULL PRIMARY KEY,
    "created" {_CREATED} NOT NULL,
    "user_id" integer NOT NULL UNIQUE
)"""


def _old_token_for(user: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(DRF_TABLE)
        cursor.execute(
            "INSERT INTO authtoken_token (key, created, user_id) VALUES (%s, %s, %s)",
            [OLD_KEY, "2026-01-05 09:30:00", user.pk],
        )


def _migrate() -> None:
    MIGRATION.hash_old_tokens(apps, SimpleNamespace(connection=connection))


def test_an_old_drf_token_keeps_working_and_its_plain_text_goes(
    demo: Council, advisor: Any, resident: Resident
) -> None:
    _old_token_for(advisor)
    _migrate()
    response = Client().get("/api/v1/residents/", HTTP_AUTHORIZATION=f"Token {OLD_KEY}")
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [resident.pk]
    row = ApiToken.objects.get()
    assert (row.user, row.key_digest) == (advisor, key_digest(OLD_KEY))
    assert row.created_at.year == 2026
    assert row.expires_at is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone() == (0,)


def test_a_database_that_never_had_drf_tokens_migrates(demo: Council) -> None:
    _migrate()
    assert not ApiToken.objects.exists()

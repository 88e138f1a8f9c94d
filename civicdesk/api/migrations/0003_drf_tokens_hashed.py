"""Staff API tokens move from DRF's authtoken table, where each key was kept in plain text, to
ApiToken, which keeps only its SHA-256 digest (ADR 32).

Every existing token keeps working: its digest is copied across with its user and creation time,
and it expires 90 days after this migration runs, like a new token (ask for a new one with
`civicdesk create_api_token`). The plain-text keys are then deleted from authtoken_token.
Reversing this does not bring them back: they are not kept anywhere.

The old table is read with SQL, not DRF's model, so `rest_framework.authtoken` need not stay
installed; on a database that never had it there is nothing to move.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import migrations
from django.utils import timezone

OLD_TABLE = "authtoken_token"
DAYS_LEFT = 90


def _aware(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        return timezone.now()
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


def hash_old_tokens(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    token_model = apps.get_model("api", "ApiToken")
    expires = timezone.now() + timedelta(days=DAYS_LEFT)
    table = connection.ops.quote_name(OLD_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "key", "user_id", "created" FROM {table}')  # noqa: S608
        rows = cursor.fetchall()
    for key, user_id, created in rows:
        token = token_model.objects.create(
            user_id=user_id,
            name="moved from the old plain-text token",
            key_prefix=key[:12],
            key_digest=hashlib.sha256(key.encode("utf-8")).hexdigest(),
            expires_at=expires,
        )
        token_model.objects.filter(pk=token.pk).update(created_at=_aware(created))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [("api", "0002_keys_as_digests_and_idempotency")]

    operations = [
        migrations.RunPython(hash_old_tokens, migrations.RunPython.noop, elidable=False),
    ]

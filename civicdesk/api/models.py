"""Keys for Open311 clients and staff API tokens, stored as digests and revocable; and the
stored first answers of idempotent POSTs."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from civicdesk.councils.models import CouncilOwned


class Open311Client(CouncilOwned):
    """An Open311 client (FixMyStreet, a council app) allowed to post to one council.

    Only a SHA-256 digest of the key is kept; `key_prefix`, its first characters, finds the row.
    Keys issued before that have a password hash in `key_hash` instead, replaced by the digest on
    their first use (civicdesk/api/open311/keys.py).
    """

    name = models.CharField(
        max_length=100,
        help_text="The client, e.g. FixMyStreet: recorded on every contact it makes.",
    )
    key_prefix = models.CharField(max_length=8, unique=True, editable=False)
    key_hash = models.CharField(max_length=200, blank=True, editable=False)
    key_digest = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["council", "name", "created_at"]
        verbose_name = "Open311 client key"

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiToken(models.Model):
    """A staff API token: acts as its user. Only a SHA-256 digest of the token is kept;
    `key_prefix`, its first characters, finds the row. It expires and can be revoked."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        max_length=100, blank=True, help_text="What the token is for, e.g. the tool that uses it."
    )
    key_prefix = models.CharField(max_length=12, db_index=True, editable=False)
    key_digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["user", "-created_at"]
        verbose_name = "staff API token"

    def __str__(self) -> str:
        return f"{self.user} ({self.key_prefix}…)"


class IdempotentRequest(models.Model):
    """The first answer to a POST sent with an `Idempotency-Key`, given again to its retries.

    Written in the same transaction as what the POST wrote (civicdesk/api/idempotency.py), so
    either both are kept or neither. `scope_digest` covers the credential, method, path and key.
    """

    scope_digest = models.CharField(max_length=64, unique=True)
    body_digest = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    content_type = models.CharField(max_length=200, blank=True)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "idempotent request"

    def __str__(self) -> str:
        return f"{self.scope_digest[:12]}… ({self.status_code})"

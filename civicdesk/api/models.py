"""Keys for Open311 clients: one per client per council, stored hashed, revocable."""

from __future__ import annotations

from django.db import models

from civicdesk.councils.models import CouncilOwned


class Open311Client(CouncilOwned):
    """An Open311 client (FixMyStreet, a council app) allowed to post to one council.

    Only a hash of the key is kept; `key_prefix`, its first characters, finds the row.
    """

    name = models.CharField(
        max_length=100,
        help_text="The client, e.g. FixMyStreet: recorded on every contact it makes.",
    )
    key_prefix = models.CharField(max_length=8, unique=True, editable=False)
    key_hash = models.CharField(max_length=200, editable=False)
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

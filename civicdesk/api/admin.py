"""Open311 client keys in the Django admin: council administrators see and revoke their own."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from civicdesk.api.models import Open311Client
from civicdesk.api.open311.keys import open311_key_issue, open311_key_revoke
from civicdesk.catalogue.admin import CouncilScopedAdmin
from civicdesk.councils.permissions import Permission


@admin.register(Open311Client)
class Open311ClientAdmin(CouncilScopedAdmin):
    """Adding a client shows its new key once; afterwards only its first characters."""

    permission = Permission.MANAGE_OPEN311_KEYS
    list_display = ["name", "key_prefix", "council", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["council"]
    search_fields = ["name", "key_prefix"]
    list_select_related = ["council"]
    actions = ["revoke"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ("council", "name")
        return ("council", "name", "key_prefix", "created_at", "last_used_at", "revoked_at")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return ["council", "key_prefix", "created_at", "last_used_at", "revoked_at"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        key = "" if change else open311_key_issue(row=obj)
        super().save_model(request, obj, form, change)
        if key:
            self.message_user(
                request,
                f"The key for {obj.name} is {key} — copy it now: it is not kept and "
                "will not be shown again.",
                messages.WARNING,
            )

    @admin.action(description="Revoke the selected keys (they stop working at once)")
    def revoke(self, request: HttpRequest, queryset: QuerySet[Open311Client]) -> None:
        revoked = 0
        for client in queryset.filter(revoked_at__isnull=True):
            open311_key_revoke(client=client, actor=request.user)
            revoked += 1
        self.message_user(request, f"Revoked {revoked} key(s).", messages.SUCCESS)

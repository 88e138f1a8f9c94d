"""Performance settings in the Django admin, for council administrators of their own council:
the cost of a contact per channel, and each line's published standard.

Scoped the way the catalogue's admin is (`CouncilScopedAdmin`): only the councils the user
administers, their rows, and choices of their own lines.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from civicdesk.catalogue.admin import CouncilScopedAdmin
from civicdesk.councils.permissions import Permission
from civicdesk.performance.costs import DEFAULT_PENCE
from civicdesk.performance.models import ChannelCost, LineStandard
from civicdesk.performance.services import line_standard_save


@admin.register(ChannelCost)
class ChannelCostAdmin(CouncilScopedAdmin):
    """A council's own cost for a channel. Without a row, the channel costs the default."""

    permission = Permission.EDIT_PERFORMANCE_SETTINGS
    list_display = ["channel", "pence", "default_pence", "council"]
    list_filter = ["channel"]
    search_fields = ["channel"]

    @admin.display(description="Default (pence)")
    def default_pence(self, obj: ChannelCost) -> int:
        return DEFAULT_PENCE[obj.channel]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Taking a council's own figure away puts the default back; nothing else refers to it.
        return self._may_edit(request, obj)


class LineStandardForm(forms.ModelForm[LineStandard]):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        council, line = cleaned.get("council"), cleaned.get("line")
        if council is not None and line is not None and line.council_id != council.pk:
            self.add_error("line", "Choose a line of this council")
        return cleaned


@admin.register(LineStandard)
class LineStandardAdmin(CouncilScopedAdmin):
    permission = Permission.EDIT_PERFORMANCE_SETTINGS
    form = LineStandardForm
    list_display = [
        "line",
        "answer_within_seconds",
        "service_level_target",
        "ata_target_seconds",
        "abandon_rate_target",
        "short_abandon_seconds",
        "council",
    ]
    list_filter = ["council"]
    search_fields = ["line__name", "line__code"]
    list_select_related = ["line", "council"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not self._may_edit(request, obj):
            raise PermissionError("not an administrator of that council")
        # Through the service, so a changed threshold recounts the line's rollups.
        line_standard_save(standard=obj, actor=request.user)

"""Open311 client keys in the Django admin: council administrators see and revoke their own.
Staff API tokens: superusers issue (shown once) and revoke them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from civicdesk.api.key_digest import key_revoke
from civicdesk.api.models import ApiToken, Open311Client
from civicdesk.api.open311.keys import open311_key_issue
from civicdesk.api.tokens import DEFAULT_DAYS, MAX_DAYS, api_token_issue
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
            show_once(self, request, f"The key for {obj.name}", key)

    @admin.action(description="Revoke the selected keys (they stop working at once)")
    def revoke(self, request: HttpRequest, queryset: QuerySet[Open311Client]) -> None:
        revoke_selected(self, request, queryset, "key(s)")


class ApiTokenForm(forms.ModelForm[ApiToken]):
    days = forms.IntegerField(
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        help_text="Days until the token expires.",
    )

    class Meta:
        model = ApiToken
        fields = ["user", "name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """A token acts as its user in every council they work for: only superusers manage them.
    Adding one shows it once; afterwards only its first characters."""

    list_display = ["key_prefix", "user", "name", "created_at", "expires_at", "last_used_at"]
    list_filter = ["revoked_at"]
    search_fields = ["key_prefix", "user__username", "name"]
    list_select_related = ["user"]
    actions = ["revoke"]
    readonly_fields = ["key_prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked, never deleted: last_used_at stays for the record

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = ApiTokenForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ("user", "name", "days")
        return ("user", "name", *self.readonly_fields)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is None else ["user", *self.readonly_fields]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        key = "" if change else api_token_issue(row=obj, days=form.cleaned_data["days"])
        super().save_model(request, obj, form, change)
        if key:
            show_once(self, request, f"The token for {obj.user}", key)

    @admin.action(description="Revoke the selected tokens (they stop working at once)")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoke_selected(self, request, queryset, "token(s)")


def show_once(model_admin: Any, request: HttpRequest, whose: str, key: str) -> None:
    """A new key's one showing: it is not kept, so this message is the only place it appears."""
    model_admin.message_user(
        request,
        f"{whose} is {key} — copy it now: it is not kept and will not be shown again.",
        messages.WARNING,
    )


def revoke_selected(model_admin: Any, request: HttpRequest, queryset: Any, what: str) -> None:
    revoked = 0
    for row in queryset.filter(revoked_at__isnull=True):
        key_revoke(row)
        revoked += 1
    model_admin.message_user(request, f"Revoked {revoked} {what}.", messages.SUCCESS)

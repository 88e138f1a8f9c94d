"""Catalogue editing in the Django admin, for council administrators of their own council."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from civicdesk.catalogue.models import Portal, QueryType, Service, ServiceLine, Venue
from civicdesk.core.hours import WEEKDAYS, HoursError, format_day, parse_day
from civicdesk.councils.access import councils_for_user
from civicdesk.councils.models import Council
from civicdesk.councils.permissions import Permission


def _admin_councils(request: HttpRequest, permission: Permission) -> list[Council]:
    if request.user.is_superuser:
        return list(Council.objects.all())
    return councils_for_user(request.user, permission=permission)


class CouncilScopedAdmin(admin.ModelAdmin[Any]):
    """Shows and edits only the rows of councils where the user's role allows `permission`
    (`councils.permissions`); never deletes."""

    permission = Permission.EDIT_CATALOGUE
    list_filter = ["active"]
    search_fields = ["code", "name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .filter(council__in=_admin_councils(request, self.permission))
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(_admin_councils(request, self.permission))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(_admin_councils(request, self.permission))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # rows are deactivated, never deleted

    def _may_edit(self, request: HttpRequest, obj: Any) -> bool:
        councils = _admin_councils(request, self.permission)
        return bool(councils) and (obj is None or obj.council in councils)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        councils = _admin_councils(request, self.permission)
        if db_field.name == "council":
            kwargs["queryset"] = Council.objects.filter(pk__in=[c.pk for c in councils])
        elif db_field.related_model is not None and hasattr(db_field.related_model, "council"):
            kwargs["queryset"] = db_field.related_model.objects.filter(council__in=councils)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if obj.council not in _admin_councils(request, self.permission):
            raise PermissionError("not an administrator of that council")
        super().save_model(request, obj, form, change)


class HoursForm(forms.ModelForm[Any]):
    """One text box per weekday instead of raw JSON."""

    mon = forms.CharField(required=False, help_text="e.g. 08:30-17:00; empty means closed")
    tue = forms.CharField(required=False)
    wed = forms.CharField(required=False)
    thu = forms.CharField(required=False)
    fri = forms.CharField(required=False)
    sat = forms.CharField(required=False)
    sun = forms.CharField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day in WEEKDAYS:
            self.fields[day].initial = (self.instance.hours or {}).get(day, "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        hours = {}
        for day in WEEKDAYS:
            try:
                text = format_day(parse_day(cleaned.get(day) or ""))
            except HoursError as error:
                self.add_error(day, str(error))
                continue
            if text:
                hours[day] = text
        self.instance.hours = hours
        return cleaned


@admin.register(Service)
class ServiceAdmin(CouncilScopedAdmin):
    list_display = ["name", "code", "council", "active"]


@admin.register(QueryType)
class QueryTypeAdmin(CouncilScopedAdmin):
    list_display = ["name", "service", "available_online", "code", "council", "active"]
    list_filter = ["active", "available_online", "service"]
    list_select_related = ["service", "council"]
    fieldsets = [
        (None, {"fields": ["council", "service", "code", "name", "keywords", "active"]}),
        ("Online", {"fields": ["available_online", "portal", "online_url", "value_to"]}),
        (
            "Contact centre policy",
            {
                "fields": [
                    "contact_centre_actions",
                    "contact_centre_insist",
                    "contact_centre_guidance",
                    "available_via_contact_centre",
                    "line",
                ]
            },
        ),
        (
            "Face-to-face policy",
            {"fields": ["face_to_face_actions", "face_to_face_insist", "face_to_face_guidance"]},
        ),
        (
            "Residents who need more help",
            {"fields": ["vulnerable_action", "vulnerable_guidance", "assisted_digital_action"]},
        ),
        ("Standards and integration", {"fields": ["standard_days", "open311_code"]}),
    ]


@admin.register(ServiceLine)
class ServiceLineAdmin(CouncilScopedAdmin):
    form = HoursForm
    list_display = ["name", "tier", "code", "council", "active"]
    exclude = ["hours"]


@admin.register(Venue)
class VenueAdmin(CouncilScopedAdmin):
    form = HoursForm
    list_display = ["name", "code", "council", "active"]
    exclude = ["hours"]


@admin.register(Portal)
class PortalAdmin(CouncilScopedAdmin):
    list_display = ["name", "url", "code", "council", "active"]

from django.contrib import admin

from civicdesk.councils.models import Council, Membership


class MembershipInline(admin.TabularInline[Membership, Council]):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin[Council]):
    list_display = ["name", "slug", "bank_holiday_region", "active"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]

    def has_module_permission(self, request):  # type: ignore[no-untyped-def]
        return bool(request.user.is_superuser)

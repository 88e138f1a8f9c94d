from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, re_path

from civicdesk.councils.accounts import password_reset

# The admin signs in through allauth, so staff with two-factor authentication use it there too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", include("civicdesk.portal.urls")),
    path("staff/", include("civicdesk.privacy.urls")),
    path("staff/", include("civicdesk.backoffice.urls")),
    path("api/v1/", include("civicdesk.api.urls")),
    re_path(r"^open311/v2/+", include("civicdesk.api.open311.urls")),  # "v2//…" too
    # Before allauth's own: says so plainly when mail is not set up or cannot be sent.
    path("accounts/password/reset/", password_reset),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"

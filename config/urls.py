from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("civicdesk.portal.urls")),
    path("staff/", include("civicdesk.backoffice.urls")),
    path("api/v1/", include("civicdesk.api.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

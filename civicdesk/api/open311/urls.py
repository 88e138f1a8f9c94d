"""/open311/v2/: every method answers in JSON or XML by its extension."""

from django.urls import re_path

from civicdesk.api.open311 import request_views, views

app_name = "open311"

FORMAT = r"\.(?P<fmt>json|xml)$"
# Discovery's url ends in "/", and clients that add "/services.xml" to it ask for
# "…/v2//services.xml": config/urls.py takes every slash after v2, so each method answers with
# or without the extra one.
START = r"^"

urlpatterns = [
    re_path(START + r"discovery" + FORMAT, views.DiscoveryView.as_view(), name="discovery"),
    re_path(START + r"services" + FORMAT, views.ServiceListView.as_view(), name="services"),
    re_path(
        START + r"services/(?P<service_code>[^/]+)" + FORMAT,
        views.ServiceDefinitionView.as_view(),
        name="service",
    ),
    re_path(START + r"requests" + FORMAT, request_views.RequestsView.as_view(), name="requests"),
    re_path(
        START + r"requests/(?P<service_request_id>[^/]+)" + FORMAT,
        request_views.RequestView.as_view(),
        name="request",
    ),
    re_path(
        START + r"tokens/(?P<token>[^/]+)" + FORMAT, request_views.TokenView.as_view(), name="token"
    ),
    re_path(
        START + r"servicerequestupdates" + FORMAT,
        request_views.UpdatesView.as_view(),
        name="updates",
    ),
    re_path(START + r"openapi\.json$", views.openapi, name="openapi"),
    re_path(r"^(?P<path>[\s\S]*)$", views.unknown, name="unknown"),  # newlines too
]

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from civicdesk.api.triage import QueryTypeSearchView, TriageView

app_name = "api"
urlpatterns = [
    path("triage/", TriageView.as_view(), name="triage"),
    path("query-types/", QueryTypeSearchView.as_view(), name="query-types"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from civicdesk.api.case_actions import (
    CaseAssignView,
    CaseNoteView,
    CasePublicUpdateView,
    CaseTransitionView,
)
from civicdesk.api.cases import CaseViewSet
from civicdesk.api.contacts import ContactViewSet
from civicdesk.api.residents import ResidentViewSet
from civicdesk.api.triage import QueryTypeSearchView, TriageView

app_name = "api"

router = SimpleRouter()
router.register("residents", ResidentViewSet, basename="resident")
router.register("contacts", ContactViewSet, basename="contact")
router.register("cases", CaseViewSet, basename="case")

urlpatterns = [
    path("triage/", TriageView.as_view(), name="triage"),
    path("query-types/", QueryTypeSearchView.as_view(), name="query-types"),
    path(
        "cases/<str:reference>/transition/",
        CaseTransitionView.as_view(),
        name="case-transition",
    ),
    path("cases/<str:reference>/notes/", CaseNoteView.as_view(), name="case-notes"),
    path("cases/<str:reference>/updates/", CasePublicUpdateView.as_view(), name="case-updates"),
    path("cases/<str:reference>/assign/", CaseAssignView.as_view(), name="case-assign"),
    *router.urls,
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]

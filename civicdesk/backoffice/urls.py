from django.urls import path

from civicdesk.backoffice import views
from civicdesk.backoffice.views import (
    cases,
    contact_dashboards,
    contacts,
    merges,
    performance,
    performance_calls,
    planning,
    residents,
    visits,
    worklist,
)

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:council>/triage/", views.triage_page, name="triage"),
    path("<slug:council>/residents/", residents.resident_search, name="residents"),
    path("<slug:council>/residents/new/", residents.resident_new, name="resident_new"),
    path(
        "<slug:council>/residents/<int:resident_id>/",
        residents.resident_view,
        name="resident",
    ),
    path(
        "<slug:council>/residents/<int:resident_id>/vulnerability/",
        residents.vulnerability_new,
        name="vulnerability_new",
    ),
    path(
        "<slug:council>/residents/<int:resident_id>/contact/",
        contacts.contact_for_resident,
        name="contact",
    ),
    path(
        "<slug:council>/residents/<int:resident_id>/merge/",
        merges.resident_merge_page,
        name="resident_merge",
    ),
    path(
        "<slug:council>/merges/<int:merge_id>/undo/",
        merges.resident_merge_undo_page,
        name="resident_merge_undo",
    ),
    path("<slug:council>/contact/", contacts.contact_anonymous, name="contact_anonymous"),
    path("<slug:council>/cases/<str:reference>/", cases.case_page, name="case"),
    path("<slug:council>/cases/<str:reference>/status/", cases.case_status, name="case_status"),
    path("<slug:council>/cases/<str:reference>/note/", cases.case_note, name="case_note"),
    path(
        "<slug:council>/cases/<str:reference>/update/",
        cases.case_public_update,
        name="case_public_update",
    ),
    path(
        "<slug:council>/cases/<str:reference>/tier-two/",
        cases.case_tier_two,
        name="case_tier_two",
    ),
    path(
        "<slug:council>/cases/<str:reference>/assign/",
        cases.case_assignment,
        name="case_assign",
    ),
    path("<slug:council>/worklist/", worklist.worklist_page, name="worklist"),
    path("<slug:council>/performance/", performance.performance_index, name="performance"),
    path(
        "<slug:council>/performance/calls/",
        performance_calls.calls_dashboard,
        name="performance_calls",
    ),
    path(
        "<slug:council>/performance/year-on-year/",
        performance_calls.year_on_year_dashboard,
        name="performance_year_on_year",
    ),
    path(
        "<slug:council>/performance/channels/",
        contact_dashboards.channels_dashboard,
        name="performance_channels",
    ),
    path(
        "<slug:council>/performance/demand/",
        contact_dashboards.demand_dashboard,
        name="performance_demand",
    ),
    path(
        "<slug:council>/performance/visits/",
        contact_dashboards.visits_dashboard,
        name="performance_visits",
    ),
    path(
        "<slug:council>/planning/scenarios/",
        planning.scenarios_page,
        name="planning_scenarios",
    ),
    path("<slug:council>/visits/tally/", visits.visit_tally_page, name="visit_tally"),
    path("<slug:council>/visits/tally/count/", visits.visit_tally_count, name="visit_tally_count"),
    path(
        "<slug:council>/visits/tally/undo/", visits.visit_tally_undo_page, name="visit_tally_undo"
    ),
]

from django.urls import path

from civicdesk.backoffice import views
from civicdesk.backoffice.views import cases, contacts, merges, residents, worklist

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
]

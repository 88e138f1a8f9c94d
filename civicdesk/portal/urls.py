from django.urls import path

from civicdesk.portal import legal_views, report_views, standards_views, track_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("councils/<slug:council>/help/", views.help_page, name="help"),
    path("accessibility/", legal_views.accessibility, name="accessibility_site"),
    path("privacy/", legal_views.privacy, name="privacy_site"),
    path("cookies/", legal_views.cookies, name="cookies_site"),
    path("councils/<slug:council>/accessibility/", legal_views.accessibility, name="accessibility"),
    path("councils/<slug:council>/privacy/", legal_views.privacy, name="privacy"),
    path("councils/<slug:council>/cookies/", legal_views.cookies, name="cookies"),
    path("councils/<slug:council>/standards/", standards_views.standards_page, name="standards"),
    path(
        "councils/<slug:council>/report/done/<str:reference>/",
        report_views.report_done,
        name="report_done",
    ),
    path(
        "councils/<slug:council>/report/<slug:query_type_code>/",
        report_views.report,
        name="report",
    ),
    path("councils/<slug:council>/track/", track_views.track, name="track"),
    path(
        "councils/<slug:council>/track/<str:reference>/",
        track_views.track_case,
        name="track_case",
    ),
]

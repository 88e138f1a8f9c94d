from django.urls import path

from civicdesk.privacy import views

app_name = "privacy"
urlpatterns = [
    path(
        "<slug:council>/residents/<int:resident>/subject-access/",
        views.subject_access_page,
        name="subject_access",
    ),
    path(
        "<slug:council>/residents/<int:resident>/subject-access.json",
        views.subject_access_download,
        name="subject_access_json",
    ),
]

from django.urls import path

from civicdesk.backoffice import views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:council>/triage/", views.triage_page, name="triage"),
]

from django.urls import path

from civicdesk.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("councils/<slug:council>/help/", views.help_page, name="help"),
]

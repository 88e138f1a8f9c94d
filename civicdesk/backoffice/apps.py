from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "civicdesk.backoffice"
    label = "backoffice"
    verbose_name = "Staff back office"

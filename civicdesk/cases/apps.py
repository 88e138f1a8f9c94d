from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "civicdesk.cases"
    label = "cases"
    verbose_name = "Cases"

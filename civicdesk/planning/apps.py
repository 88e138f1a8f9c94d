from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "civicdesk.planning"
    label = "planning"
    verbose_name = "Planning"

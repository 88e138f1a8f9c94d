from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "civicdesk.councils"
    label = "councils"
    verbose_name = "Councils and staff"

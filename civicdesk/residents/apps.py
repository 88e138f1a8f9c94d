from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "civicdesk.residents"
    label = "residents"
    verbose_name = "Residents"

from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "civicdesk.performance"
    label = "performance"
    verbose_name = "Performance"

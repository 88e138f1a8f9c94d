from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "civicdesk.privacy"
    label = "privacy"
    verbose_name = "Data protection"

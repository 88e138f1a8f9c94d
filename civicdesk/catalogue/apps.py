from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "civicdesk.catalogue"
    label = "catalogue"
    verbose_name = "Service catalogue"

    def ready(self) -> None:
        from civicdesk.catalogue import signals  # models are ready only now

        signals.connect()

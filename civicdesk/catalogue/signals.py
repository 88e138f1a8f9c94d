"""Every save or delete of what the kept catalogue holds (`catalogue.cached`) tells every
process to read it again."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from civicdesk.catalogue.cached import catalogue_changed
from civicdesk.catalogue.models import Portal, QueryType, QueryTypeQuestion, Service, ServiceLine
from civicdesk.councils.models import Council, Team

_COUNCIL_ROWS = (Service, Portal, ServiceLine, QueryType, QueryTypeQuestion, Team)


def _row_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.council_id is not None:
        catalogue_changed(instance.council_id)


def _council_changed(sender: Any, instance: Council, **kwargs: Any) -> None:
    if instance.pk is not None:
        catalogue_changed(instance.pk)


def connect() -> None:
    for model in _COUNCIL_ROWS:
        for signal in (post_save, post_delete):
            signal.connect(_row_changed, sender=model, dispatch_uid=f"catalogue-{model.__name__}")
    for signal in (post_save, post_delete):
        signal.connect(_council_changed, sender=Council, dispatch_uid="catalogue-Council")

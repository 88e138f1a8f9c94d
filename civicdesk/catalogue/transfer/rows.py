"""Between clean table rows and catalogue models: the one mapping both import and export use."""

from __future__ import annotations

from typing import Any

from django.db import models

from civicdesk.catalogue.models import (
    Portal,
    QueryType,
    QueryTypeQuestion,
    Service,
    ServiceLine,
    Venue,
)
from civicdesk.catalogue.transfer.tables import COLUMN_NAMES
from civicdesk.core.hours import WEEKDAYS

MODELS: dict[str, type[models.Model]] = {
    "services": Service,
    "portals": Portal,
    "lines": ServiceLine,
    "venues": Venue,
    "query_types": QueryType,
    "questions": QueryTypeQuestion,
}
# Written in this order so that references exist before the rows that point at them.
WRITE_ORDER = ("services", "portals", "lines", "venues", "query_types", "questions")
FOREIGN_KEYS: dict[str, type[models.Model]] = {
    "service": Service,
    "portal": Portal,
    "line": ServiceLine,
    "query_type": QueryType,
}
# A row whose code is unique only within its parent: the parent's column.
PARENT = {"questions": "query_type"}
# How export lists each table's rows.
EXPORT_ORDER = {"questions": ("query_type__code", "order", "code")}
_NOT_FIELDS = {"code", "service_name", *WEEKDAYS, *FOREIGN_KEYS}


def model_fields(table: str, values: dict[str, Any]) -> dict[str, Any]:
    """Model field values for a clean row, without its code and foreign keys."""
    fields = {k: v for k, v in values.items() if k not in _NOT_FIELDS}
    if "mon" in COLUMN_NAMES[table]:
        fields["hours"] = {day: values[day] for day in WEEKDAYS if values[day]}
    return fields


def row_of(table: str, instance: Any) -> dict[str, Any]:
    """The file row for a model instance: the inverse of `model_fields`."""
    row: dict[str, Any] = {}
    for column in COLUMN_NAMES[table]:
        if column in WEEKDAYS:
            row[column] = instance.hours.get(column, "")
        elif column in FOREIGN_KEYS:
            related = getattr(instance, column)
            row[column] = related.code if related else ""
        elif column == "service_name":
            row[column] = instance.service.name
        else:
            value = getattr(instance, column)
            row[column] = "" if value is None else value
    return row

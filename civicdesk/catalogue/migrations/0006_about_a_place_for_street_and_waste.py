"""Query types already in a council's catalogue get `about_a_place` by a rule (ADR 28): true for
those a resident can report from the street (they have an Open311 code, and their service is
waste, environmental, street or highways work), unless they are a household's own request (a
bulky collection, a new bin, a garden subscription) or about food or a licence. Everything else
stays false, so personal queries never join each other's cases; councils can change any row
with their next catalogue file."""

import re
from typing import Any

from django.db import migrations

PLACE_SERVICES = re.compile(r"waste|environment|street|highway|road", re.IGNORECASE)
HOUSEHOLD_OR_PERSONAL = re.compile(
    r"bulky|new[- ]bin|garden|subscription|food|licen[cs]", re.IGNORECASE
)


def about_a_place(query_type: Any) -> bool:
    service = f"{query_type.service.code} {query_type.service.name}"
    own = f"{query_type.code} {query_type.name}"
    return bool(
        query_type.open311_code
        and PLACE_SERVICES.search(service)
        and not HOUSEHOLD_OR_PERSONAL.search(own)
    )


def forwards(apps: Any, schema_editor: Any) -> None:
    QueryType = apps.get_model("catalogue", "QueryType")
    chosen = [
        qt.pk
        for qt in QueryType.objects.select_related("service").exclude(open311_code="")
        if about_a_place(qt)
    ]
    QueryType.objects.filter(pk__in=chosen).update(about_a_place=True)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_querytype_about_a_place")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

"""Writes of the performance app that are not imports: a line's published standard."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from civicdesk.performance.metrics import (
    DEFAULT_SERVICE_LEVEL_SECONDS,
    DEFAULT_SHORT_ABANDON_SECONDS,
)
from civicdesk.performance.models import LineStandard
from civicdesk.performance.rollups import rollups_rebuild


def line_standard_save(*, standard: LineStandard, actor: Any) -> LineStandard:
    """Save a line's standard; when its thresholds changed, recount that line's rollups with
    them, so every period's service level uses the standard as it now stands."""
    # Without a standard, the line's rollups were counted with the default thresholds.
    counted_with = (
        LineStandard.objects.filter(pk=standard.pk)
        .values_list("answer_within_seconds", "short_abandon_seconds")
        .first()
        if standard.pk
        else None
    ) or (DEFAULT_SERVICE_LEVEL_SECONDS, DEFAULT_SHORT_ABANDON_SECONDS)
    thresholds = (standard.answer_within_seconds, standard.short_abandon_seconds)
    with transaction.atomic():
        standard.save()
        if thresholds != counted_with:
            rollups_rebuild(council=standard.council, line_ids=[standard.line_id])
    return standard

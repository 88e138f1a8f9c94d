"""Cases and their append-only timeline."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from civicdesk.cases.vocabulary import EventKind, Outcome, Priority, Status
from civicdesk.catalogue.models import QueryType
from civicdesk.councils.models import Council, Team
from civicdesk.residents.models import Resident


class Case(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=9)
    query_type = models.ForeignKey(QueryType, on_delete=models.PROTECT, related_name="cases")
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    description = models.TextField()
    address = models.TextField(blank=True)
    uprn = models.CharField(max_length=12, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    answers = models.JSONField(
        default=dict,
        blank=True,
        help_text="Answers to the query type's questions, by question code.",
    )
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(max_length=25, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tier = models.PositiveSmallIntegerField(default=1)
    chase_count = models.PositiveIntegerField(default=0)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_at = models.DateTimeField(null=True, blank=True)
    sla_paused_at = models.DateTimeField(null=True, blank=True)
    sla_remaining_seconds = models.PositiveIntegerField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["council", "reference"], name="case_reference_unique")
        ]
        indexes = [
            models.Index(fields=["council", "status", "due_at"]),
            models.Index(fields=["council", "query_type", "status"]),
            models.Index(fields=["council", "uprn"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status not in {Status.RESOLVED, Status.CLOSED}


class AppendOnly(Exception):
    """A timeline row cannot be changed or deleted."""


class CaseEvent(models.Model):
    """One line of a case's timeline. Written by the services only; never changed.

    What residents and Open311 clients may read of it is decided in `cases.public` alone: the
    fixed words for its kind, status and outcome, and `public_text`. `data` (reasons, notes,
    names) is never published.
    """

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    data = models.JSONField(default=dict, blank=True, help_text="For staff only: never published.")
    public = models.BooleanField(
        default=False, help_text="Shown to the resident, in the fixed words of `cases.public`."
    )
    public_text = models.TextField(
        blank=True,
        help_text="An update written for the resident on purpose: the only free text published.",
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnly("timeline rows are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("timeline rows are never deleted")


class CaseAttachment(models.Model):
    """A photo a resident sent with a report, re-encoded without its metadata. Never served at a
    public address (MEDIA_URL is not routed); a staff view that reads it must check the council."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="case-attachments/%Y/%m/", max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField(help_text="Bytes")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.content_type} for {self.case}"


class PlaceLock(models.Model):
    """One row per council, query type and place key (a UPRN, a map cell), locked while a case
    about a place is opened there, so two reports at once cannot both find no open case
    (ADR 28). Written only by `cases.places.place_lock`; it holds no data."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    query_type = models.ForeignKey(QueryType, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=60)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["council", "query_type", "key"], name="place_lock_unique"
            )
        ]

    def __str__(self) -> str:
        return self.key

"""Call detail records from a council's telephony, one row per call presented to a line."""

from __future__ import annotations

from django.db import models

from civicdesk.catalogue.models import ServiceLine
from civicdesk.contacts.models import Contact
from civicdesk.councils.models import Council


class CallOutcome(models.TextChoices):
    ANSWERED = "answered", "Answered"
    ABANDONED_IVR = "abandoned_ivr", "Abandoned in the IVR"
    ABANDONED_QUEUE = "abandoned_queue", "Abandoned in the queue"
    CALLBACK = "callback", "Chose a callback"
    TRANSFERRED = "transferred", "Answered and transferred to tier 2"


class CallRecord(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    call_id = models.CharField(max_length=100, help_text="The telephony system's id for the call.")
    line = models.ForeignKey(ServiceLine, on_delete=models.PROTECT, related_name="+")
    presented_at = models.DateTimeField()
    ivr_exit_at = models.DateTimeField(null=True, blank=True)
    queue_entered_at = models.DateTimeField(null=True, blank=True)
    queue_exited_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=CallOutcome.choices)
    agent = models.CharField(max_length=200, blank=True)
    transferred_to = models.CharField(max_length=200, blank=True)
    wrap_seconds = models.PositiveIntegerField(null=True, blank=True)
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The contact an advisor recorded for this call, when one matches.",
    )
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["presented_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["council", "call_id"], name="call_id_unique"),
        ]
        indexes = [
            models.Index(fields=["council", "line", "presented_at"], name="call_line_presented"),
        ]

    def __str__(self) -> str:
        return f"{self.call_id} ({self.outcome})"

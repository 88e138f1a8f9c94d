"""Every interaction with a resident, on every channel, and the demand it represents."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from civicdesk.cases.models import Case
from civicdesk.catalogue.models import QueryType, ServiceLine, Venue
from civicdesk.contacts.vocabulary import (
    ContactChannel,
    ContactOutcome,
    DemandType,
    Direction,
    FailureReason,
)
from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident


class Contact(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    channel = models.CharField(max_length=20, choices=ContactChannel.choices)
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.INBOUND
    )
    line = models.ForeignKey(
        ServiceLine, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    presented_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    handling_seconds = models.PositiveIntegerField(null=True, blank=True)
    query_type = models.ForeignKey(
        QueryType, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    recommendation = models.JSONField(
        default=dict, blank=True, help_text="The triage recommendation the advisor was shown."
    )
    outcome = models.CharField(max_length=30, choices=ContactOutcome.choices, blank=True)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    client = models.CharField(max_length=100, blank=True, help_text="API client, if any")
    demand_type = models.CharField(
        max_length=10, choices=DemandType.choices, default=DemandType.VALUE
    )
    failure_reason = models.CharField(max_length=10, choices=FailureReason.choices, blank=True)
    demand_note = models.CharField(max_length=300, blank=True, help_text="Why it was classed so")
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    from_phone = models.CharField(max_length=20, blank=True, help_text="E.164")
    from_email = models.EmailField(blank=True)
    uprn = models.CharField(max_length=12, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-presented_at", "-pk"]
        indexes = [
            models.Index(fields=["council", "presented_at"]),
            models.Index(fields=["council", "resident", "query_type"]),
            models.Index(fields=["council", "from_phone"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} contact {self.pk}"

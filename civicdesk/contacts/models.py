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
    VisitPurpose,
)
from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident

_ADVISED_ONLINE_WAITING = models.Q(outcome=ContactOutcome.ADVISED_ONLINE, came_back_at__isnull=True)


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
    purpose = models.CharField(
        max_length=20,
        choices=VisitPurpose.choices,
        blank=True,
        help_text="Why the resident came, for a visit to a venue.",
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
    came_back_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="For a resident advised online: when they next came on a costly channel.",
    )

    class Meta:
        ordering = ["-presented_at", "-pk"]
        indexes = [
            models.Index(fields=["council", "presented_at"]),
            models.Index(fields=["council", "resident", "query_type"]),
            models.Index(fields=["council", "from_phone"]),
            # Who may come back after being advised online (`rollups.advised_online_came_back`,
            # at every costly contact): only those still waiting, so not a scan of the window.
            models.Index(
                fields=["resident", "presented_at"],
                condition=_ADVISED_ONLINE_WAITING,
                name="contact_advised_by_resident",
            ),
            models.Index(
                fields=["from_phone", "presented_at"],
                condition=_ADVISED_ONLINE_WAITING,
                name="contact_advised_by_phone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} contact {self.pk}"


class ContactDay(models.Model):
    """How many contacts of one kind a council had on one day (UK time): the rollup that
    channel, cost, demand and visit reports read instead of the contacts themselves.

    `came_back` counts the contacts advised online whose resident then came back on a costly
    channel within the council's repeat window. Kept by `contacts.rollups`.

    One kind's count on one day may be split over several rows, one per `shard`, so that
    recordings in different processes never wait on one row (ADR 34): read it as their sum.
    """

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    key = models.CharField(max_length=200, help_text="The kind of contact, as one string.")
    channel = models.CharField(max_length=20, choices=ContactChannel.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    service_id = models.IntegerField(null=True)
    query_type_id = models.IntegerField(null=True)
    venue_id = models.IntegerField(null=True)
    purpose = models.CharField(max_length=20, choices=VisitPurpose.choices, blank=True)
    outcome = models.CharField(max_length=30, choices=ContactOutcome.choices, blank=True)
    demand_type = models.CharField(max_length=10, choices=DemandType.choices)
    failure_reason = models.CharField(max_length=10, choices=FailureReason.choices, blank=True)
    shard = models.PositiveSmallIntegerField(
        default=0, help_text="Which of the kind's rows this is: the count is their sum."
    )
    contacts = models.IntegerField(default=0)
    came_back = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["council", "day", "key", "shard"], name="contact_day_shard_unique"
            ),
        ]
        indexes = [models.Index(fields=["council", "day"], name="contact_day_council_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.key}: {self.contacts}"

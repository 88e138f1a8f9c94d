"""Call detail records from a council's telephony, one row per call presented to a line."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q

from civicdesk.catalogue.models import ServiceLine
from civicdesk.contacts.models import Contact
from civicdesk.contacts.vocabulary import ContactChannel
from civicdesk.councils.models import Council


class CallOutcome(models.TextChoices):
    ANSWERED = "answered", "Answered"
    ABANDONED_IVR = "abandoned_ivr", "Abandoned in the IVR"
    ABANDONED_QUEUE = "abandoned_queue", "Abandoned in the queue"
    CALLBACK = "callback", "Chose a callback"
    TRANSFERRED = "transferred", "Answered and transferred to tier 2"


# A call's moments, in the order they happen (the import's columns and the rollups' reads).
CALL_TIMES = (
    "presented_at",
    "ivr_exit_at",
    "queue_entered_at",
    "queue_exited_at",
    "answered_at",
    "ended_at",
)


class CallRecord(models.Model):
    # Call records are written a million at a time (ADR 35): every index and database-checked
    # key costs each imported call. (council, call_id) serves the council, a partial index the
    # few calls with a contact. The importer takes council and line from the council's own
    # lines, so their keys are not checked again by the database; Django still protects them.
    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    call_id = models.CharField(max_length=100, help_text="The telephony system's id for the call.")
    line = models.ForeignKey(
        ServiceLine,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # (council, line, presented_at) serves the reports
        db_constraint=False,
    )
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
        db_index=False,
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
            models.Index(
                fields=["contact"], name="call_with_contact", condition=Q(contact__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call_id} ({self.outcome})"


class LineStandard(models.Model):
    """The standard a council publishes for one of its lines, and the thresholds its figures use."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    line = models.OneToOneField(ServiceLine, on_delete=models.CASCADE, related_name="standard")
    answer_within_seconds = models.PositiveIntegerField(
        default=20, help_text="T of the service level: answered within this many seconds."
    )
    service_level_target = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.800"),
        help_text="The share of calls to answer within T, from 0 to 1.",
    )
    ata_target_seconds = models.PositiveIntegerField(
        null=True, blank=True, help_text="Published average time to answer, if any."
    )
    abandon_rate_target = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="Largest share of calls abandoned in the queue, from 0 to 1.",
    )
    short_abandon_seconds = models.PositiveIntegerField(
        default=5, help_text="Abandons quicker than this are short abandons, not counted."
    )

    def __str__(self) -> str:
        return f"Standard for {self.line}"


class Period(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class CallRollup(models.Model):
    """The running sums of one line's calls over one day, ISO week, month or year (UK time).

    Kept up to date as calls are imported, so that reports never read the call records.
    The sums are those of `metrics.Tally`; `metrics.SUMS` names them.
    """

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    line = models.ForeignKey(ServiceLine, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=5, choices=Period.choices)
    starts_on = models.DateField()
    presented = models.IntegerField(default=0)
    answered = models.IntegerField(default=0)
    abandoned_ivr = models.IntegerField(default=0)
    abandoned_queue = models.IntegerField(default=0)
    short_abandons = models.IntegerField(default=0)
    callbacks = models.IntegerField(default=0)
    transferred = models.IntegerField(default=0)
    answered_timed = models.IntegerField(default=0)
    answer_seconds = models.FloatField(default=0)
    within_target = models.IntegerField(default=0)
    waited = models.IntegerField(default=0)
    wait_seconds = models.FloatField(default=0)
    handled = models.IntegerField(default=0)
    handling_seconds = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["council", "period", "starts_on", "line"], name="call_rollup_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.period} from {self.starts_on}"


class ChannelCost(models.Model):
    """What one contact on a channel costs the council, when it differs from the default."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=20, choices=ContactChannel.choices)
    pence = models.PositiveIntegerField(help_text="Cost of one contact, in pence.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "channel"], name="channel_cost_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.channel}: {self.pence}p"

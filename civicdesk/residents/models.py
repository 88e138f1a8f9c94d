"""Residents, how to reach them, what they need, and the audit of who saw their vulnerability."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from civicdesk.councils.models import Council
from civicdesk.residents.vocabulary import ContactPointKind, PreferredChannel


class ResidentQuerySet(models.QuerySet["Resident"]):
    def for_council(self, council: Council) -> ResidentQuerySet:
        return self.filter(council=council)

    def current(self) -> ResidentQuerySet:
        """Residents not merged into another record."""
        return self.filter(merged_into__isnull=True)


class Resident(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="residents")
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    preferred_channel = models.CharField(
        max_length=20, choices=PreferredChannel.choices, blank=True
    )
    needs = models.JSONField(default=list, blank=True, help_text="Codes from Need.")
    language = models.CharField(max_length=60, blank=True, help_text="Preferred language")
    needs_notes = models.TextField(blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        indexes = [models.Index(fields=["council", "last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name or f"Resident {self.pk}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class ContactPoint(models.Model):
    """A phone (stored E.164), an email (lower case) or a postal address of a resident."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="contact_points")
    kind = models.CharField(max_length=10, choices=ContactPointKind.choices)
    value = models.CharField(max_length=300, help_text="E.164 phone, email, or address lines")
    postcode = models.CharField(max_length=10, blank=True)
    uprn = models.CharField(max_length=12, blank=True, help_text="Unique Property Reference Number")
    ward = models.CharField(max_length=100, blank=True)
    verified = models.BooleanField(default=False)

    class Meta:
        ordering = ["kind", "pk"]
        indexes = [
            models.Index(fields=["council", "kind", "value"]),
            models.Index(fields=["council", "postcode"]),
            models.Index(fields=["council", "uprn"]),
        ]

    def __str__(self) -> str:
        return self.value


class VulnerabilityFlag(models.Model):
    """Special-category data: every view is recorded in VulnerabilityView."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="vulnerabilities")
    reason = models.TextField()
    consent_given = models.BooleanField(
        default=False, help_text="The resident agreed to us recording this."
    )
    review_date = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"Vulnerability recorded {self.recorded_at:%d %B %Y}"


class VulnerabilityView(models.Model):
    """Who saw a resident's vulnerability, when, and where."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    viewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    viewed_at = models.DateTimeField(auto_now_add=True)
    where = models.CharField(max_length=100)

    class Meta:
        ordering = ["-viewed_at"]

    def __str__(self) -> str:
        return f"Seen by {self.viewed_by} at {self.viewed_at:%Y-%m-%d %H:%M}"


class ResidentMerge(models.Model):
    """One explicit merge: what moved from `merged` to `kept`, so that it can be undone."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    kept = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="merges_merged")
    moved = models.JSONField(default=dict, help_text="ids of the rows moved, by model")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"Resident {self.merged_id} merged into {self.kept_id}"

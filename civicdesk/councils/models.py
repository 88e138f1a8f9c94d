"""The tenant: a council, and the staff who work for it with a role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from civicdesk.councils.bank_holidays import BankHolidayRegion, BankHolidays


class CouncilQuerySet(models.QuerySet["Council"]):
    def for_user(self, user: Any) -> CouncilQuerySet:
        """The councils this user works for (none for an anonymous visitor)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(memberships__user=user, active=True).distinct()


def default_working_hours() -> dict[str, str]:
    return dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), "09:00-17:00")


class Council(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=60, unique=True, help_text="Also the Open311 jurisdiction id."
    )
    bank_holiday_region = models.CharField(
        max_length=20,
        choices=BankHolidayRegion.choices,
        default=BankHolidayRegion.ENGLAND_AND_WALES,
    )
    website = models.URLField(blank=True)
    general_line_code = models.CharField(
        max_length=80,
        blank=True,
        help_text="Code of the catalogue line residents ring when they do not know where to go.",
    )
    contact_email = models.EmailField(
        blank=True, help_text="Where residents write, also about problems using these pages."
    )
    data_protection_email = models.EmailField(
        blank=True, help_text="The data protection officer's address, named in the privacy notice."
    )
    active = models.BooleanField(default=True)
    working_hours = models.JSONField(
        default=default_working_hours,
        help_text="Hours the SLA clock counts when a team has none of its own.",
    )
    chase_escalation_threshold = models.PositiveSmallIntegerField(
        default=2, help_text="A case chased more often than this goes to its team leader."
    )
    repeat_window_days = models.PositiveSmallIntegerField(
        default=7, help_text="A second contact about the same thing within this many days repeats."
    )
    duplicate_distance_metres = models.PositiveIntegerField(
        default=50, help_text="Reports of the same query type this close are offered as one case."
    )

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def bank_holidays(self) -> BankHolidays:
        return BankHolidays(self.bank_holiday_region)


class Role(models.TextChoices):
    """Ordered from least to most trusted; each role can do what the ones before it can.
    What each action needs is `councils.permissions.MINIMUM_ROLE`."""

    ADVISOR = "advisor", "Advisor"
    TEAM_LEADER = "team_leader", "Team leader"
    SERVICE_MANAGER = "service_manager", "Service manager"
    COUNCIL_ADMIN = "council_admin", "Council administrator"


ROLE_RANK = {role: rank for rank, role in enumerate(Role)}


class Membership(models.Model):
    """A staff user works for a council in a role."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ADVISOR)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "council"], name="one_membership_per_council")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.council} ({self.get_role_display()})"


class Team(models.Model):
    """A team that owns cases; its working hours drive their SLA clock."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="teams")
    code = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    hours = models.JSONField(
        default=dict, blank=True, help_text="Working hours; empty means the council's."
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teams_led",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["council", "code"], name="team_code_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def working_hours(self) -> dict[str, str]:
        return self.hours or self.council.working_hours


class CouncilOwned(models.Model):
    """Base for every tenant-owned row: it belongs to exactly one council."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

"""The service catalogue: services, query types with their channel policy, lines, venues, portals.

Every row belongs to a council and has a stable `code` that data files use. Rows are deactivated,
never deleted.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from civicdesk.catalogue.policy import (
    CONTACT_CENTRE_ACTIONS,
    FACE_TO_FACE_ACTIONS,
    Availability,
    SupportAction,
    ValueTo,
    choices,
)
from civicdesk.core.hours import HoursError, WeeklyHours
from civicdesk.councils.models import CouncilOwned, Team


class CatalogueQuerySet(models.QuerySet[Any]):
    def for_council(self, council: Any) -> CatalogueQuerySet:
        return self.filter(council=council)

    def active(self) -> CatalogueQuerySet:
        return self.filter(active=True)


CODE_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
code_validator = RegexValidator(
    CODE_PATTERN, "Use lower-case letters, digits and single hyphens, e.g. missed-bin."
)


class CatalogueRow(CouncilOwned):
    code = models.SlugField(
        max_length=80, validators=[code_validator], help_text="Stable id used by catalogue files."
    )
    active = models.BooleanField(default=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        abstract = True


def _unique_code(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=["council", "code"], name=f"{name}_code_unique")


class Service(CatalogueRow):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [_unique_code("service")]

    def __str__(self) -> str:
        return self.name


class OpeningHoursMixin(models.Model):
    """Opening hours per weekday as text such as "08:30-17:00", e.g. {"mon": "08:30-17:00"}."""

    hours = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True

    @property
    def weekly_hours(self) -> WeeklyHours:
        return WeeklyHours.parse(self.hours)

    def clean(self) -> None:
        try:
            WeeklyHours.parse(self.hours)
        except HoursError as error:
            raise ValidationError({"hours": str(error)}) from error


class ServiceLine(CatalogueRow, OpeningHoursMixin):
    class Tier(models.IntegerChoices):
        FIRST = 1, "Tier 1: first point of contact"
        SECOND = 2, "Tier 2: specialist"

    name = models.CharField(max_length=200)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names the line has in telephony reports."
    )
    tier = models.PositiveSmallIntegerField(choices=Tier.choices, default=Tier.FIRST)
    phone_number = models.CharField(max_length=40, blank=True)
    handles = models.JSONField(default=list, blank=True, help_text="What the line handles.")

    class Meta:
        ordering = ["name"]
        constraints = [_unique_code("line")]

    def __str__(self) -> str:
        return self.name


class Venue(CatalogueRow, OpeningHoursMixin):
    name = models.CharField(max_length=200)
    address = models.TextField(blank=True)
    facilities = models.JSONField(default=list, blank=True)
    activities = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [_unique_code("venue")]

    def __str__(self) -> str:
        return self.name


class Portal(CatalogueRow):
    name = models.CharField(max_length=200)
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [_unique_code("portal")]

    def __str__(self) -> str:
        return self.name


class QueryType(CatalogueRow):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="query_types")
    name = models.CharField(max_length=200)
    available_online = models.CharField(max_length=10, choices=choices(Availability))
    value_to = models.CharField(max_length=10, choices=choices(ValueTo))
    contact_centre_actions = models.JSONField(default=list, blank=True)
    contact_centre_insist = models.BooleanField(default=False)
    contact_centre_guidance = models.TextField(blank=True)
    face_to_face_actions = models.JSONField(default=list, blank=True)
    face_to_face_insist = models.BooleanField(default=False)
    face_to_face_guidance = models.TextField(blank=True)
    available_via_contact_centre = models.BooleanField(default=True)
    vulnerable_action = models.CharField(
        max_length=20, choices=choices(SupportAction), default=SupportAction.ASSIST_NOW
    )
    vulnerable_guidance = models.TextField(blank=True)
    assisted_digital_action = models.CharField(
        max_length=20, choices=choices(SupportAction), default=SupportAction.ASSIST_NOW
    )
    portal = models.ForeignKey(
        Portal, on_delete=models.PROTECT, null=True, blank=True, related_name="query_types"
    )
    online_url = models.URLField(max_length=500, blank=True)
    line = models.ForeignKey(
        ServiceLine, on_delete=models.PROTECT, null=True, blank=True, related_name="query_types"
    )
    keywords = models.JSONField(default=list, blank=True)
    standard_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Service standard: resolve within N working days."
    )
    open311_code = models.CharField(max_length=60, blank=True)
    about_a_place = models.BooleanField(
        default=False,
        help_text="Reports are about a place (a pothole, a missed bin), so a second report at the "
        "same place joins the open case; a personal query (a council tax move) never does.",
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="query_types",
        help_text="The team that owns its cases; its working hours drive the SLA clock.",
    )
    retention_days = models.PositiveIntegerField(
        default=6 * 365,
        help_text="Keep closed cases and their contacts this long, then purge them.",
    )

    class Meta:
        ordering = ["service__name", "name"]
        constraints = [
            _unique_code("query_type"),
            models.UniqueConstraint(
                "service",
                Lower("name"),
                name="query_type_name_unique_in_service",
                violation_error_message="This service already has a query type of that name.",
            ),
            models.UniqueConstraint(
                fields=["council", "open311_code"],
                condition=~Q(open311_code=""),
                name="query_type_open311_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service.name}: {self.name}"

    def clean(self) -> None:
        problems = {}
        for field, allowed in (
            ("contact_centre_actions", CONTACT_CENTRE_ACTIONS),
            ("face_to_face_actions", FACE_TO_FACE_ACTIONS),
        ):
            value = getattr(self, field)
            words = sorted(a.value for a in allowed)
            if not isinstance(value, list) or any(a not in words for a in value):
                problems[field] = f"Use a list of: {', '.join(words)}"
            elif len(set(value)) != len(value):
                problems[field] = "An action is listed twice"
        if problems:
            raise ValidationError(problems)

    @property
    def online_link(self) -> str:
        if self.online_url:
            return self.online_url
        return self.portal.url if self.portal else ""


class QuestionType(models.TextChoices):
    """Open311 GeoReport v2 attribute datatypes."""

    STRING = "string", "Short text"
    NUMBER = "number", "Number"
    DATETIME = "datetime", "Date and time"
    TEXT = "text", "Long text"
    SINGLE_VALUE_LIST = "singlevaluelist", "Choose one"
    MULTI_VALUE_LIST = "multivaluelist", "Choose any"


class QueryTypeQuestion(CatalogueRow):
    """A question asked when the query is reported online: an Open311 service attribute."""

    query_type = models.ForeignKey(QueryType, on_delete=models.CASCADE, related_name="questions")
    question = models.CharField(max_length=300, help_text="As the resident reads it")
    datatype = models.CharField(max_length=20, choices=QuestionType.choices)
    required = models.BooleanField(default=False)
    description = models.CharField(max_length=500, blank=True, help_text="Help text")
    order = models.PositiveSmallIntegerField(default=1)
    values = models.JSONField(
        default=list, blank=True, help_text='For lists: [{"key": "...", "name": "..."}]'
    )

    class Meta:
        ordering = ["query_type", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["query_type", "code"], name="question_code_unique")
        ]

    def __str__(self) -> str:
        return self.question

    def clean(self) -> None:
        lists = {QuestionType.SINGLE_VALUE_LIST, QuestionType.MULTI_VALUE_LIST}
        if self.datatype in lists and not self.values:
            raise ValidationError({"values": "A list question needs its values"})
        if self.datatype not in lists and self.values:
            raise ValidationError({"values": "Only list questions have values"})
        if self.values and (
            not isinstance(self.values, list)
            or any(not isinstance(v, dict) or {"key", "name"} - v.keys() for v in self.values)
        ):
            raise ValidationError({"values": 'Give each value as {"key": …, "name": …}'})

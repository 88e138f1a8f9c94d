"""How a case looks in the staff API: its state, version, timeline and linked contacts."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from civicdesk.cases import clock
from civicdesk.cases.models import Case, CaseEvent
from civicdesk.cases.vocabulary import ALLOWED_TRANSITIONS, Outcome, Status
from civicdesk.contacts.models import Contact
from civicdesk.contacts.vocabulary import FailureReason
from civicdesk.core.clock import now


class CaseOut(serializers.ModelSerializer[Case]):
    council = serializers.CharField(source="council.slug", read_only=True)
    query_type = serializers.CharField(source="query_type.code", help_text="The query type's id.")
    query_type_name = serializers.CharField(source="query_type.name")
    team = serializers.CharField(source="team.code", allow_null=True, help_text="The team's code.")
    assignee = serializers.CharField(source="assignee.username", allow_null=True)
    escalated_to = serializers.CharField(source="escalated_to.username", allow_null=True)
    outcome = serializers.ChoiceField(
        choices=Outcome.choices,
        allow_blank=True,
        read_only=True,
        help_text='"" until the case is resolved or closed.',
    )
    sla_paused = serializers.SerializerMethodField()
    breached = serializers.SerializerMethodField()
    allowed_transitions = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "reference",
            "council",
            "query_type",
            "query_type_name",
            "resident",
            "description",
            "address",
            "uprn",
            "latitude",
            "longitude",
            "priority",
            "status",
            "outcome",
            "allowed_transitions",
            "team",
            "assignee",
            "tier",
            "chase_count",
            "escalated_to",
            "escalated_at",
            "opened_at",
            "due_at",
            "sla_paused",
            "breached",
            "resolved_at",
            "closed_at",
            "version",
        ]
        read_only_fields = fields

    def get_sla_paused(self, case: Case) -> bool:
        return case.sla_paused_at is not None

    def get_breached(self, case: Case) -> bool:
        """Past its due time while open and running (what the next breach check will flag)."""
        return clock.is_breached(case, now())

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=Status.choices))
    )
    def get_allowed_transitions(self, case: Case) -> list[str]:
        return [s.value for s in ALLOWED_TRANSITIONS[Status(case.status)]]


class CaseEventOut(serializers.ModelSerializer[CaseEvent]):
    actor = serializers.CharField(source="actor.username", allow_null=True, read_only=True)

    class Meta:
        model = CaseEvent
        fields = ["kind", "at", "actor", "data", "public", "public_text"]
        read_only_fields = fields


class LinkedContactOut(serializers.ModelSerializer[Contact]):
    failure_reason = serializers.ChoiceField(
        choices=FailureReason.choices,
        allow_blank=True,
        read_only=True,
        help_text='"" for value demand.',
    )

    class Meta:
        model = Contact
        fields = ["id", "channel", "direction", "presented_at", "demand_type", "failure_reason"]
        read_only_fields = fields


# A case chased a thousand times must not answer with a thousand-row timeline: the newest
# DETAIL_CEILING events and contacts are shown, oldest first, with how many there are in all.
DETAIL_CEILING = 200


def _newest(queryset: Any, *order: str) -> list[Any]:
    newest = queryset.order_by(*(f"-{field}" for field in order))[:DETAIL_CEILING]
    return list(reversed(newest))


class CaseDetailOut(CaseOut):
    timeline = serializers.SerializerMethodField(
        help_text=f"The newest {DETAIL_CEILING} events, oldest first."
    )
    timeline_count = serializers.SerializerMethodField(help_text="Events in all.")
    contacts = serializers.SerializerMethodField(
        help_text=f"The newest {DETAIL_CEILING} linked contacts, oldest first."
    )
    contacts_count = serializers.SerializerMethodField(help_text="Linked contacts in all.")

    class Meta(CaseOut.Meta):
        fields = [*CaseOut.Meta.fields, "timeline", "timeline_count", "contacts", "contacts_count"]
        read_only_fields = fields

    @extend_schema_field(CaseEventOut(many=True))
    def get_timeline(self, case: Case) -> list[Any]:
        events = _newest(case.events.select_related("actor"), "at", "pk")
        return list(CaseEventOut(events, many=True).data)

    def get_timeline_count(self, case: Case) -> int:
        return int(case.events.count())

    @extend_schema_field(LinkedContactOut(many=True))
    def get_contacts(self, case: Case) -> list[Any]:
        contacts = _newest(case.contacts.all(), "presented_at", "pk")
        return list(LinkedContactOut(contacts, many=True).data)

    def get_contacts_count(self, case: Case) -> int:
        return int(case.contacts.count())

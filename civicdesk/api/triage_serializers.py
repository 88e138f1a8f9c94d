"""What GET /api/v1/triage/ and /query-types/ answer, for the schema: the shapes are built by
`catalogue.selectors.recommendation_as_dict` and `api.triage._summary`."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from civicdesk.catalogue.policy import Action, Availability, SupportAction, ValueTo
from civicdesk.catalogue.triage import Channel


def _choices(enum: Any) -> list[str]:
    return [member.value for member in enum]


# Named in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"], so each has one name in the schema.
CHANNEL_CHOICES = _choices(Channel)
ACTION_CHOICES = _choices(Action)
SUPPORT_ACTION_CHOICES = _choices(SupportAction)


class QueryTypeSummaryOut(serializers.Serializer[Any]):
    id = serializers.CharField(help_text="The query type's id.")
    name = serializers.CharField()
    service = serializers.CharField(help_text="The service's name.")
    service_id = serializers.CharField(help_text="The service's id.")
    available_online = serializers.ChoiceField(choices=_choices(Availability))
    open311_code = serializers.CharField(allow_null=True)


class TriageQueryTypeOut(serializers.Serializer[Any]):
    id = serializers.CharField()
    name = serializers.CharField()
    service = serializers.CharField()


class TriageLineOut(serializers.Serializer[Any]):
    id = serializers.CharField()
    name = serializers.CharField()
    phone_number = serializers.CharField(allow_null=True)
    open_now = serializers.BooleanField()
    closes_at = serializers.DateTimeField(allow_null=True)
    next_opening = serializers.DateTimeField(allow_null=True)


class TriageOut(serializers.Serializer[Any]):
    query_type = TriageQueryTypeOut()
    channel = serializers.ChoiceField(choices=CHANNEL_CHOICES)
    action = serializers.ChoiceField(choices=ACTION_CHOICES)
    actions = serializers.ListField(child=serializers.ChoiceField(choices=ACTION_CHOICES))
    insist = serializers.BooleanField()
    guidance = serializers.CharField(allow_blank=True)
    say = serializers.CharField(allow_blank=True)
    online_url = serializers.CharField(allow_null=True)
    value_to = serializers.ChoiceField(choices=_choices(ValueTo))
    vulnerable_action = serializers.ChoiceField(choices=SUPPORT_ACTION_CHOICES)
    vulnerable_guidance = serializers.CharField(allow_blank=True)
    support_action = serializers.ChoiceField(choices=SUPPORT_ACTION_CHOICES, allow_null=True)
    policy_defined = serializers.BooleanField()
    adjustments = serializers.ListField(child=serializers.CharField())
    standard_days = serializers.IntegerField(allow_null=True, min_value=0)
    line = TriageLineOut(allow_null=True)
    line_open_now = serializers.BooleanField(allow_null=True)
    next_opening = serializers.DateTimeField(allow_null=True)

"""/api/v1/contacts/: record a contact (its demand is classified as it is recorded), list them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from civicdesk.api.errors import ErrorBody
from civicdesk.api.parsing import (
    ID_PARAMETER,
    checked_reference,
    checked_uprn,
    coordinate,
    id_field,
    latitude_field,
    longitude_field,
    moment_field,
    path_id_or_404,
    uprn_field,
)
from civicdesk.api.scoping import (
    contact_or_404,
    council_or_404,
    query_type_or_404,
    resident_or_404,
    scoped_list,
)
from civicdesk.cases.vocabulary import Priority
from civicdesk.contacts.models import Contact
from civicdesk.contacts.services import CaseDraft, contact_record
from civicdesk.contacts.vocabulary import (
    ContactChannel,
    ContactOutcome,
    DemandType,
    Direction,
    FailureReason,
)
from civicdesk.core.clock import now
from civicdesk.councils.models import Council

# --- bodies and parameters ----------------------------------------------------------------


class RaiseCaseIn(serializers.Serializer[Any]):
    description = serializers.CharField()
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    address = serializers.CharField(allow_blank=True, default="")
    uprn = uprn_field()
    latitude = latitude_field()
    longitude = longitude_field()
    allow_duplicate = serializers.BooleanField(default=False)
    transfer_reason = serializers.CharField(
        allow_blank=True, default="", help_text="Given: the case goes straight to tier 2."
    )

    def validate_uprn(self, value: str) -> str:
        return checked_uprn(value)


def case_draft(data: dict[str, Any]) -> CaseDraft:
    return CaseDraft(
        description=data["description"],
        priority=data["priority"],
        address=data["address"],
        uprn=data["uprn"],
        latitude=coordinate(data["latitude"]),
        longitude=coordinate(data["longitude"]),
        allow_duplicate=data["allow_duplicate"],
        transfer_reason=data["transfer_reason"],
    )


# How long one contact may last, from its answer (or presentation) to its end.
LONGEST_CONTACT = timedelta(days=31)


class ContactIn(serializers.Serializer[Any]):
    resident = id_field(
        required=False, allow_null=True, default=None, help_text="The resident's id, if known."
    )
    council = serializers.SlugField(
        required=False, default="", help_text="The council's slug; needed only with no resident."
    )
    channel = serializers.ChoiceField(choices=ContactChannel.choices)
    direction = serializers.ChoiceField(choices=Direction.choices, default=Direction.INBOUND)
    query_type = serializers.SlugField(
        required=False, allow_null=True, default=None, help_text="The query type's id."
    )
    notes = serializers.CharField(allow_blank=True, default="")
    outcome = serializers.ChoiceField(choices=ContactOutcome.choices, allow_blank=True, default="")
    presented_at = moment_field(
        required=False, allow_null=True, default=None, help_text="Default: now."
    )
    answered_at = moment_field(required=False, allow_null=True, default=None)
    ended_at = moment_field(
        required=False,
        allow_null=True,
        default=None,
        help_text=f"At most {LONGEST_CONTACT.days} days after it was answered (or presented).",
    )
    from_phone = serializers.CharField(allow_blank=True, default="", max_length=40)
    from_email = serializers.CharField(allow_blank=True, default="", max_length=254)
    uprn = uprn_field()
    demand_type = serializers.ChoiceField(
        choices=DemandType.choices,
        allow_blank=True,
        default="",
        help_text="Leave out to have it classified (chasing, repeat, avoidable).",
    )
    failure_reason = serializers.ChoiceField(
        choices=FailureReason.choices, allow_blank=True, default=""
    )
    raise_case = RaiseCaseIn(required=False, allow_null=True, default=None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["resident"] is None and not attrs["council"]:
            raise serializers.ValidationError({"council": "Give the council, or the resident."})
        began = attrs["answered_at"] or attrs["presented_at"] or now()
        if attrs["ended_at"] and attrs["ended_at"] - began > LONGEST_CONTACT:
            raise serializers.ValidationError(
                {"ended_at": f"A contact lasts at most {LONGEST_CONTACT.days} days."}
            )
        return attrs


class ContactListParams(serializers.Serializer[Any]):
    council = serializers.SlugField(required=False, help_text="Default: all your councils.")
    resident = id_field(required=False, help_text="The resident's id.")
    channel = serializers.ChoiceField(choices=ContactChannel.choices, required=False)
    demand_type = serializers.ChoiceField(choices=DemandType.choices, required=False)
    case = serializers.CharField(required=False, help_text="A case reference.")

    def validate_case(self, value: str) -> str:
        return checked_reference(value)


# --- output -------------------------------------------------------------------------------


class ContactOut(serializers.ModelSerializer[Contact]):
    council = serializers.CharField(source="council.slug", read_only=True)
    outcome = serializers.ChoiceField(
        choices=ContactOutcome.choices, allow_blank=True, read_only=True, help_text='"" if none.'
    )
    failure_reason = serializers.ChoiceField(
        choices=FailureReason.choices,
        allow_blank=True,
        read_only=True,
        help_text='"" for value demand.',
    )
    from_email = serializers.CharField(read_only=True, help_text='"" if not given.')
    query_type = serializers.CharField(source="query_type.code", allow_null=True, read_only=True)
    advisor = serializers.CharField(source="advisor.username", allow_null=True, read_only=True)
    linked_case = serializers.CharField(
        source="case.reference",
        allow_null=True,
        read_only=True,
        help_text="The case this contact chased, was linked to, or raised.",
    )

    class Meta:
        model = Contact
        fields = [
            "id",
            "council",
            "resident",
            "channel",
            "direction",
            "presented_at",
            "answered_at",
            "ended_at",
            "handling_seconds",
            "query_type",
            "outcome",
            "advisor",
            "demand_type",
            "failure_reason",
            "demand_note",
            "linked_case",
            "from_phone",
            "from_email",
            "uprn",
            "notes",
        ]
        read_only_fields = fields


_MOMENT = serializers.DateTimeField()


def _moment(value: Any) -> str | None:
    return None if value is None else _MOMENT.to_representation(value)


def contact_out(contact: Contact) -> dict[str, Any]:
    """`ContactOut`'s body for one contact, written out: building a ModelSerializer's fields
    costs more than the rest of recording a contact. tests/api check that the two agree."""
    return {
        "id": contact.pk,
        "council": contact.council.slug,
        "resident": contact.resident_id,
        "channel": contact.channel,
        "direction": contact.direction,
        "presented_at": _moment(contact.presented_at),
        "answered_at": _moment(contact.answered_at),
        "ended_at": _moment(contact.ended_at),
        "handling_seconds": contact.handling_seconds,
        "query_type": contact.query_type.code if contact.query_type else None,
        "outcome": contact.outcome,
        "advisor": contact.advisor.username if contact.advisor else None,
        "demand_type": contact.demand_type,
        "failure_reason": contact.failure_reason,
        "demand_note": contact.demand_note,
        "linked_case": contact.case.reference if contact.case else None,
        "from_phone": contact.from_phone,
        "from_email": contact.from_email,
        "uprn": contact.uprn,
        "notes": contact.notes,
    }


# --- reads --------------------------------------------------------------------------------


def contacts_for(councils: list[Council], filters: dict[str, Any]) -> QuerySet[Contact]:
    found = Contact.objects.filter(council__in=councils)
    if filters.get("resident") is not None:
        found = found.filter(resident_id=filters["resident"])
    if filters.get("channel"):
        found = found.filter(channel=filters["channel"])
    if filters.get("demand_type"):
        found = found.filter(demand_type=filters["demand_type"])
    if filters.get("case"):
        found = found.filter(case__reference=filters["case"])
    return found.select_related("council", "query_type", "advisor", "case")


# --- views --------------------------------------------------------------------------------


class ContactViewSet(viewsets.GenericViewSet[Contact]):
    """Any member of a council (advisor and up) may record and read its contacts."""

    serializer_class = ContactOut
    lookup_value_regex = r"[^/]+"  # anything: not an id is our 404, not Django's

    @extend_schema(
        parameters=[ContactListParams],
        responses={200: ContactOut(many=True), 400: ErrorBody, 404: ErrorBody},
        summary="List contacts, newest first, with filters",
    )
    def list(self, request: Request) -> Response:
        return scoped_list(self, request, ContactListParams, contacts_for, ContactOut)

    @extend_schema(
        request=ContactIn,
        responses={
            201: ContactOut,
            400: ErrorBody,
            404: ErrorBody,
            409: OpenApiResponse(
                ErrorBody,
                description="raise_case would duplicate an open case at the same place "
                "(possible_duplicate, with `existing`); nothing is recorded.",
            ),
        },
        summary="Record a contact: a chase is linked to its open case; raise a case if asked",
    )
    def create(self, request: Request) -> Response:
        body = ContactIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        resident = None
        if data["resident"] is not None:
            resident = resident_or_404(request, data["resident"], field="resident")
            council = resident.council
        else:
            council = council_or_404(request, data["council"])
        query_type = query_type_or_404(council, data["query_type"]) if data["query_type"] else None
        draft = data["raise_case"]
        contact = contact_record(
            council=council,
            actor=request.user,
            channel=data["channel"],
            direction=data["direction"],
            resident=resident,
            query_type=query_type,
            presented_at=data["presented_at"],
            answered_at=data["answered_at"],
            ended_at=data["ended_at"],
            outcome=data["outcome"],
            notes=data["notes"],
            from_phone=data["from_phone"],
            from_email=data["from_email"],
            uprn=data["uprn"],
            demand_type=data["demand_type"],
            failure_reason=data["failure_reason"],
            raise_case=case_draft(draft) if draft else None,
        )
        return Response(contact_out(contact), status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[ID_PARAMETER], responses={200: ContactOut, 404: ErrorBody}, summary="A contact"
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        contact_id = path_id_or_404(pk, "contact")
        return Response(contact_out(contact_or_404(request, contact_id)))

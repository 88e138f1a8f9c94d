"""/api/v1/cases/: list with filters, open, and read a case by its reference."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from civicdesk.api.case_serializers import CaseDetailOut, CaseOut
from civicdesk.api.errors import ErrorBody
from civicdesk.api.parsing import (
    checked_reference,
    checked_uprn,
    coordinate,
    id_field,
    latitude_field,
    longitude_field,
    uprn_field,
)
from civicdesk.api.scoping import (
    case_or_404,
    council_or_404,
    query_type_or_404,
    require_permission,
    resident_or_404,
    scoped_list,
)
from civicdesk.cases import clock
from civicdesk.cases.models import Case
from civicdesk.cases.services import case_open
from civicdesk.cases.vocabulary import Priority, Status
from civicdesk.core.clock import now
from civicdesk.councils.models import Council
from civicdesk.councils.permissions import Permission

# --- bodies and parameters ----------------------------------------------------------------


class CaseIn(serializers.Serializer[Any]):
    resident = id_field(
        required=False, allow_null=True, default=None, help_text="The resident's id."
    )
    council = serializers.SlugField(
        required=False, default="", help_text="The council's slug; needed only with no resident."
    )
    query_type = serializers.SlugField(help_text="The query type's id: waste-missed-collection.")
    description = serializers.CharField(help_text="What the resident needs.")
    address = serializers.CharField(allow_blank=True, default="")
    uprn = uprn_field()
    latitude = latitude_field()
    longitude = longitude_field()
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    allow_duplicate = serializers.BooleanField(
        default=False,
        help_text="Open it even though an open case of this query type is at the same place.",
    )

    def validate_uprn(self, value: str) -> str:
        return checked_uprn(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["resident"] is None and not attrs["council"]:
            raise serializers.ValidationError({"council": "Give the council, or the resident."})
        return attrs


class CaseListParams(serializers.Serializer[Any]):
    council = serializers.SlugField(required=False, help_text="Default: all your councils.")
    status = serializers.CharField(
        required=False,
        max_length=200,
        help_text=f"One status, or several separated by commas: {', '.join(Status.values)}.",
    )
    query_type = serializers.SlugField(required=False, help_text="The query type's id.")
    resident = id_field(required=False, help_text="The resident's id.")
    breached = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Past its due time and open."
    )
    team = serializers.SlugField(required=False, help_text="The team's code.")
    reference = serializers.CharField(required=False)

    def validate_status(self, value: str) -> list[str]:
        wanted = [s.strip() for s in value.split(",") if s.strip()]
        unknown = [s for s in wanted if s not in Status.values]
        if unknown:
            raise serializers.ValidationError(
                f"{unknown[0]!r} is not a status; use {', '.join(Status.values)}"
            )
        return wanted

    def validate_reference(self, value: str) -> str:
        return checked_reference(value)


# --- reads --------------------------------------------------------------------------------


def cases_for(councils: list[Council], filters: dict[str, Any]) -> QuerySet[Case]:
    found = Case.objects.filter(council__in=councils)
    if filters.get("status"):
        found = found.filter(status__in=filters["status"])
    if filters.get("query_type"):
        found = found.filter(query_type__code=filters["query_type"])
    if filters.get("resident") is not None:
        found = found.filter(resident_id=filters["resident"])
    if filters.get("team"):
        found = found.filter(team__code=filters["team"])
    if filters.get("reference"):
        found = found.filter(reference=filters["reference"])
    if filters.get("breached") is not None:
        breached = clock.breached_q(now())
        found = found.filter(breached) if filters["breached"] else found.exclude(breached)
    return found.select_related(
        "council", "query_type", "team", "assignee", "escalated_to"
    ).order_by("-opened_at", "-pk")


# --- views --------------------------------------------------------------------------------

_409 = OpenApiResponse(
    ErrorBody,
    description="possible_duplicate: an open case of this query type is at the same place; "
    "`existing` lists their references. Send allow_duplicate: true to open it anyway.",
)


class CaseViewSet(viewsets.GenericViewSet[Case]):
    """Any member of a council (advisor and up) may list, open and read its cases."""

    serializer_class = CaseOut
    lookup_field = "reference"
    lookup_value_regex = r"[^/]+"

    @extend_schema(
        parameters=[CaseListParams],
        responses={200: CaseOut(many=True), 400: ErrorBody, 404: ErrorBody},
        summary="List cases, newest first, with filters",
    )
    def list(self, request: Request) -> Response:
        return scoped_list(self, request, CaseListParams, cases_for, CaseOut)

    @extend_schema(
        request=CaseIn,
        responses={201: CaseDetailOut, 400: ErrorBody, 404: ErrorBody, 409: _409},
        summary="Open a case, for a resident or for a place",
    )
    def create(self, request: Request) -> Response:
        body = CaseIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        resident = None
        if data["resident"] is not None:
            resident = resident_or_404(request, data["resident"], field="resident")
            council = resident.council
        else:
            council = council_or_404(request, data["council"])
        require_permission(request, council, Permission.OPEN_CASE)
        case = case_open(
            query_type=query_type_or_404(council, data["query_type"]),
            actor=request.user,
            description=data["description"],
            resident=resident,
            address=data["address"],
            uprn=data["uprn"],
            latitude=coordinate(data["latitude"]),
            longitude=coordinate(data["longitude"]),
            priority=data["priority"],
            allow_duplicate=data["allow_duplicate"],
        )
        return Response(CaseDetailOut(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={200: CaseDetailOut, 404: ErrorBody},
        summary="A case by its reference, with its timeline and contacts",
    )
    def retrieve(self, request: Request, reference: str) -> Response:
        return Response(CaseDetailOut(case_or_404(request, reference)).data)

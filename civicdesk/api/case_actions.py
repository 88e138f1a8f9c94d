"""/api/v1/cases/{reference}/transition/, notes/, updates/ and assign/: changes to one case.

Notes and reasons are for staff only. What the resident reads (on the tracking page and over
Open311) is written on purpose: `public_update` with a transition, or an update of its own.
Each action needs the role `councils.permissions` gives it, as on the staff pages (403 below it).

Each takes an optional `version`: the case's version when the advisor read it. If someone changed
the case since, the answer is 409 changed_by_someone_else with `current_version`, and nothing is
written, so two advisors never silently overwrite each other.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civicdesk.api.case_serializers import CaseDetailOut, CaseEventOut
from civicdesk.api.errors import ErrorBody
from civicdesk.api.parsing import MAX_SMALL
from civicdesk.api.scoping import case_or_404, member_or_404, require_permission, team_or_404
from civicdesk.cases.public import PUBLIC_UPDATE_MAX_LENGTH
from civicdesk.cases.services import (
    case_assign,
    case_note_add,
    case_public_update_add,
    case_transition,
)
from civicdesk.cases.vocabulary import Outcome, Status
from civicdesk.councils.permissions import Permission


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=MAX_SMALL,
        help_text="The case's version when you read it; a stale one is refused with 409.",
    )


_STALE = (
    "changed_by_someone_else: the case changed since `version`; `current_version` says to what."
)


class TransitionIn(serializers.Serializer[Any]):
    to = serializers.ChoiceField(choices=Status.choices, help_text="The new status.")
    outcome = serializers.ChoiceField(
        choices=Outcome.choices,
        allow_blank=True,
        default="",
        help_text="Required to resolve or close.",
    )
    reason = serializers.CharField(
        allow_blank=True,
        default="",
        max_length=2000,
        help_text="Why, for staff only: never shown to the resident.",
    )
    public_update = serializers.CharField(
        allow_blank=True,
        default="",
        max_length=PUBLIC_UPDATE_MAX_LENGTH,
        help_text="What the resident will read with the new status, on the tracking page and "
        "over Open311, exactly as written. Empty: they see the new status only.",
    )
    version = version_field()


class NoteIn(serializers.Serializer[Any]):
    text = serializers.CharField(
        max_length=4000, help_text="For staff only: never shown to the resident."
    )
    public = serializers.BooleanField(
        default=False,
        help_text="Always false: a note is never public. Write an update for the resident "
        "with POST /api/v1/cases/{reference}/updates/ instead.",
    )
    version = version_field()

    def validate_public(self, value: bool) -> bool:
        if value:
            raise serializers.ValidationError(
                "Notes are for staff only. Write what the resident should read with "
                "POST /api/v1/cases/{reference}/updates/."
            )
        return value


class PublicUpdateIn(serializers.Serializer[Any]):
    text = serializers.CharField(
        max_length=PUBLIC_UPDATE_MAX_LENGTH,
        help_text="What the resident will read, on the tracking page and over Open311, "
        "exactly as written.",
    )
    version = version_field()


class AssignIn(serializers.Serializer[Any]):
    team = serializers.SlugField(
        required=False, allow_null=True, default=None, help_text="The team's code; default: same."
    )
    assignee = serializers.CharField(
        required=False,
        allow_null=True,
        default=None,
        max_length=150,
        help_text="A staff member's username; null: no one, the team holds it.",
    )
    version = version_field()


class CaseTransitionView(APIView):
    """Advisors and up move a case on; with `public_update`, they also publish it."""

    @extend_schema(
        request=TransitionIn,
        responses={
            200: CaseDetailOut,
            400: ErrorBody,
            403: ErrorBody,
            404: ErrorBody,
            409: OpenApiResponse(
                ErrorBody,
                description="transition_not_allowed, with `allowed`: the statuses it may go to "
                f"(a closed case only back to open); or {_STALE}",
            ),
        },
        summary="Move a case to another status",
    )
    def post(self, request: Request, reference: str) -> Response:
        case = case_or_404(request, reference)
        require_permission(request, case.council, Permission.TRANSITION)
        body = TransitionIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if data["public_update"].strip():
            require_permission(request, case.council, Permission.PUBLISH_UPDATE)
        case = case_transition(
            case=case,
            actor=request.user,
            to=data["to"],
            outcome=data["outcome"],
            reason=data["reason"],
            public_update=data["public_update"],
            expected_version=data["version"],
        )
        return Response(CaseDetailOut(case).data)


class CaseNoteView(APIView):
    """Advisors and up add notes for staff to a case's timeline."""

    @extend_schema(
        request=NoteIn,
        responses={
            201: CaseEventOut,
            400: ErrorBody,
            403: ErrorBody,
            404: ErrorBody,
            409: OpenApiResponse(ErrorBody, description=_STALE),
        },
        summary="Add a note for staff to a case's timeline",
    )
    def post(self, request: Request, reference: str) -> Response:
        case = case_or_404(request, reference)
        require_permission(request, case.council, Permission.ADD_NOTE)
        body = NoteIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        event = case_note_add(
            case=case,
            actor=request.user,
            text=data["text"],
            expected_version=data["version"],
        )
        return Response(CaseEventOut(event).data, status=status.HTTP_201_CREATED)


class CasePublicUpdateView(APIView):
    """Advisors and up publish an update for the resident, with no change of status."""

    @extend_schema(
        request=PublicUpdateIn,
        responses={
            201: CaseEventOut,
            400: ErrorBody,
            403: ErrorBody,
            404: ErrorBody,
            409: OpenApiResponse(ErrorBody, description=_STALE),
        },
        summary="Publish an update for the resident",
    )
    def post(self, request: Request, reference: str) -> Response:
        case = case_or_404(request, reference)
        require_permission(request, case.council, Permission.PUBLISH_UPDATE)
        body = PublicUpdateIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        event = case_public_update_add(
            case=case, actor=request.user, text=data["text"], expected_version=data["version"]
        )
        return Response(CaseEventOut(event).data, status=status.HTTP_201_CREATED)


class CaseAssignView(APIView):
    """Team leaders and above assign cases (a 403 for an advisor of the case's council)."""

    @extend_schema(
        request=AssignIn,
        responses={
            200: CaseDetailOut,
            400: ErrorBody,
            403: ErrorBody,
            404: ErrorBody,
            409: OpenApiResponse(ErrorBody, description=_STALE),
        },
        summary="Give a case to a team and/or a staff member",
    )
    def post(self, request: Request, reference: str) -> Response:
        case = case_or_404(request, reference)
        require_permission(request, case.council, Permission.ASSIGN)
        body = AssignIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        case = case_assign(
            case=case,
            actor=request.user,
            team=team_or_404(case.council, data["team"]) if data["team"] else None,
            assignee=member_or_404(case.council, data["assignee"]) if data["assignee"] else None,
            expected_version=data["version"],
        )
        return Response(CaseDetailOut(case).data)

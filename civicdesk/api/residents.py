"""/api/v1/residents/: find, list, create and read residents of the user's councils."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from civicdesk.api.errors import ErrorBody
from civicdesk.api.parsing import ID_PARAMETER, checked_postcode, path_id_or_404, uprn_field
from civicdesk.api.scoping import council_or_404, resident_or_404, scoped_list
from civicdesk.cases.models import Case
from civicdesk.cases.references import normalise_reference
from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident
from civicdesk.residents.selectors import residents_matching
from civicdesk.residents.services import AddressInput, resident_create
from civicdesk.residents.vocabulary import ContactPointKind, Need, PreferredChannel

# --- bodies -------------------------------------------------------------------------------


class AddressIn(serializers.Serializer[Any]):
    lines = serializers.CharField(allow_blank=True, default="", max_length=300)
    postcode = serializers.CharField(max_length=10, help_text="A UK postcode, e.g. LE1 6ZG.")
    uprn = uprn_field()
    ward = serializers.CharField(allow_blank=True, default="", max_length=100)


class ResidentIn(serializers.Serializer[Any]):
    council = serializers.SlugField(help_text="The council's slug.")
    first_name = serializers.CharField(allow_blank=True, default="", max_length=100)
    last_name = serializers.CharField(allow_blank=True, default="", max_length=100)
    phones = serializers.ListField(
        child=serializers.CharField(max_length=40),
        default=list,
        help_text="As typed; stored and returned in E.164 (+447700900123).",
    )
    emails = serializers.ListField(child=serializers.CharField(max_length=254), default=list)
    addresses = AddressIn(many=True, required=False)
    address = serializers.CharField(
        allow_blank=True,
        default="",
        max_length=300,
        help_text="Shorthand for one address: its lines.",
    )
    postcode = serializers.CharField(
        allow_blank=True,
        default="",
        max_length=10,
        help_text="Shorthand for one address: its postcode.",
    )
    preferred_channel = serializers.ChoiceField(
        choices=PreferredChannel.choices, allow_blank=True, default=""
    )
    needs = serializers.ListField(child=serializers.ChoiceField(Need.choices), default=list)
    language = serializers.CharField(allow_blank=True, default="", max_length=60)
    needs_notes = serializers.CharField(allow_blank=True, default="")

    def validate_postcode(self, value: str) -> str:
        return checked_postcode(value)

    def addresses_given(self) -> list[AddressInput]:
        data = self.validated_data
        found = [AddressInput(**a) for a in data.get("addresses", [])]
        if data["postcode"] or data["address"].strip():
            found.append(AddressInput(lines=data["address"], postcode=data["postcode"]))
        return found


class ResidentListParams(serializers.Serializer[Any]):
    council = serializers.SlugField(required=False, help_text="Default: all your councils.")
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Name, phone, email, postcode, or the reference of one of their cases.",
    )


# --- output -------------------------------------------------------------------------------


class AddressOut(serializers.Serializer[Any]):
    lines = serializers.CharField(source="value")
    postcode = serializers.CharField()
    uprn = serializers.CharField()
    ward = serializers.CharField()
    verified = serializers.BooleanField()


class ResidentOut(serializers.ModelSerializer[Resident]):
    council = serializers.CharField(source="council.slug", read_only=True)
    full_name = serializers.CharField(read_only=True)
    preferred_channel = serializers.ChoiceField(
        choices=PreferredChannel.choices,
        allow_blank=True,
        read_only=True,
        help_text='"" when not known.',
    )
    needs = serializers.ListField(
        child=serializers.ChoiceField(choices=Need.choices), read_only=True
    )
    phones = serializers.SerializerMethodField(help_text="E.164.")
    emails = serializers.SerializerMethodField()
    addresses = serializers.SerializerMethodField()

    class Meta:
        model = Resident
        fields = [
            "id",
            "council",
            "first_name",
            "last_name",
            "full_name",
            "phones",
            "emails",
            "addresses",
            "preferred_channel",
            "needs",
            "language",
            "needs_notes",
            "merged_into",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def _points(self, resident: Resident, kind: str) -> list[Any]:
        return [p for p in resident.contact_points.all() if p.kind == kind]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_phones(self, resident: Resident) -> list[str]:
        return [p.value for p in self._points(resident, ContactPointKind.PHONE)]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_emails(self, resident: Resident) -> list[str]:
        return [p.value for p in self._points(resident, ContactPointKind.EMAIL)]

    @extend_schema_field(AddressOut(many=True))
    def get_addresses(self, resident: Resident) -> list[Any]:
        points = self._points(resident, ContactPointKind.ADDRESS)
        return list(AddressOut(points, many=True).data)


# --- reads --------------------------------------------------------------------------------


def residents_for(councils: list[Council], text: str) -> QuerySet[Resident]:
    """Current residents of these councils; with text, those it matches (see
    residents_matching), or the resident of the case it is the reference of."""
    found = Resident.objects.filter(council__in=councils).current()
    if text.strip():
        match = Q(pk__in=[])
        for council in councils:
            match |= Q(pk__in=residents_matching(council, text).values("pk"))
        reference = normalise_reference(text.strip())
        if reference:
            cases = Case.objects.filter(council__in=councils, reference=reference)
            match |= Q(pk__in=cases.values("resident_id"))
        found = found.filter(match)
    return found.select_related("council").prefetch_related("contact_points")


# --- views --------------------------------------------------------------------------------


class ResidentViewSet(viewsets.GenericViewSet[Resident]):
    """Any member of a council (advisor and up) may find, read and create its residents."""

    serializer_class = ResidentOut
    lookup_value_regex = r"[^/]+"  # anything: not an id is our 404, not Django's

    @extend_schema(
        parameters=[ResidentListParams],
        responses={200: ResidentOut(many=True), 400: ErrorBody, 404: ErrorBody},
        summary="List residents, or find them with ?q=",
    )
    def list(self, request: Request) -> Response:
        return scoped_list(
            self,
            request,
            ResidentListParams,
            lambda councils, data: residents_for(councils, data["q"]),
            ResidentOut,
        )

    @extend_schema(
        request=ResidentIn,
        responses={
            201: ResidentOut,
            400: OpenApiResponse(ErrorBody, description="A field is wrong: `field` names it."),
            404: OpenApiResponse(ErrorBody, description="No such council among yours."),
        },
        summary="Create a resident: a bad phone, email or postcode writes nothing",
    )
    def create(self, request: Request) -> Response:
        body = ResidentIn(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        resident = resident_create(
            council=council_or_404(request, data["council"]),
            actor=request.user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            phones=data["phones"],
            emails=data["emails"],
            addresses=body.addresses_given(),
            preferred_channel=data["preferred_channel"],
            needs=data["needs"],
            language=data["language"],
            needs_notes=data["needs_notes"],
        )
        return Response(ResidentOut(resident).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[ID_PARAMETER],
        responses={200: ResidentOut, 404: ErrorBody},
        summary="A resident, with how to reach them",
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        resident_id = path_id_or_404(pk, "resident")
        return Response(ResidentOut(resident_or_404(request, resident_id)).data)

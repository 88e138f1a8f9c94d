"""GET /api/v1/triage/ and GET /api/v1/query-types/: the triage engine for staff tools."""

from __future__ import annotations

import difflib
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civicdesk.api.errors import ApiError, ErrorBody, ErrorCode
from civicdesk.api.parsing import moment_field
from civicdesk.api.scoping import memberships
from civicdesk.api.triage_serializers import CHANNEL_CHOICES, QueryTypeSummaryOut, TriageOut
from civicdesk.catalogue.models import QueryType
from civicdesk.catalogue.selectors import (
    query_type_by_code,
    query_types_for,
    recommend,
    recommendation_as_dict,
    search_query_types,
)
from civicdesk.catalogue.triage import CIRCUMSTANCE_NAMES, Channel, Circumstances
from civicdesk.core.clock import now
from civicdesk.councils.access import CouncilNotFound, council_among
from civicdesk.councils.models import Council

CHANNELS = CHANNEL_CHOICES


class CouncilParams(serializers.Serializer[Any]):
    council = serializers.SlugField(help_text="The council's slug.")


class TriageParams(CouncilParams):
    query_type = serializers.SlugField(help_text="The query type's id (see /query-types/).")
    channel = serializers.ChoiceField(
        choices=CHANNELS,
        error_messages={
            "invalid_choice": f'"{{input}}" is not a channel; use {", ".join(CHANNELS)}.'
        },
    )
    vulnerable = serializers.BooleanField(default=False)
    assisted_digital = serializers.BooleanField(default=False)
    hearing_loss = serializers.BooleanField(default=False)
    no_internet = serializers.BooleanField(default=False)
    at = moment_field(required=False, help_text="Default: now.")


class QueryTypeSearchParams(CouncilParams):
    q = serializers.CharField(required=False, allow_blank=True, default="")
    service = serializers.CharField(required=False, allow_blank=True, default="")


def _council(request: Request, slug: str) -> Council:
    try:
        return council_among(memberships(request), slug)
    except CouncilNotFound:
        raise ApiError(
            status_code=status.HTTP_404_NOT_FOUND,
            code=ErrorCode.NOT_FOUND,
            message=f"No council {slug!r} among yours.",
            field="council",
        ) from None


def _summary(query_type: QueryType) -> dict[str, Any]:
    return {
        "id": query_type.code,
        "name": query_type.name,
        "service": query_type.service.name,
        "service_id": query_type.service.code,
        "available_online": query_type.available_online,
        "open311_code": query_type.open311_code or None,
    }


def _close_matches(council: Council, wanted: str) -> list[dict[str, Any]]:
    by_code = {qt.code: qt for qt in query_types_for(council)}
    codes = difflib.get_close_matches(wanted, by_code, n=5, cutoff=0.5)
    words = [m.query_type for m in search_query_types(council, wanted.replace("-", " "))[:5]]
    found = dict.fromkeys([*(by_code[c] for c in codes), *words])
    return [_summary(qt) for qt in list(found)[:5]]


class TriageView(APIView):
    @extend_schema(
        parameters=[TriageParams],
        responses={200: TriageOut, 400: ErrorBody, 404: ErrorBody},
        summary="What to do with a query on a channel, by the council's policy",
    )
    def get(self, request: Request) -> Response:
        params = TriageParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        council = _council(request, data["council"])
        query_type = query_type_by_code(council, data["query_type"])
        if query_type is None:
            raise ApiError(
                status_code=status.HTTP_404_NOT_FOUND,
                code=ErrorCode.NOT_FOUND,
                message=f"No query type {data['query_type']!r} at {council.name}.",
                field="query_type",
                close_matches=_close_matches(council, data["query_type"]),
            )
        recommendation = recommend(
            query_type,
            channel=Channel(data["channel"]),
            circumstances=Circumstances.from_names(n for n in CIRCUMSTANCE_NAMES if data[n]),
            moment=data.get("at") or now(),
        )
        return Response(recommendation_as_dict(recommendation))


class QueryTypeSearchView(GenericAPIView[QueryType]):
    """A page of query types (`limit` and `offset` as every list), best match first."""

    serializer_class = QueryTypeSummaryOut

    @extend_schema(
        parameters=[QueryTypeSearchParams],
        responses={200: QueryTypeSummaryOut(many=True), 400: ErrorBody, 404: ErrorBody},
        summary="Find query types by words; without q, list them all",
    )
    def get(self, request: Request) -> Response:
        params = QueryTypeSearchParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        council = _council(request, data["council"])
        if data["q"].strip():
            found = [
                m.query_type
                for m in search_query_types(council, data["q"], service=data["service"] or None)
            ]
        else:
            found = query_types_for(council)
        page = self.paginate_queryset(found)
        return self.get_paginated_response([_summary(qt) for qt in page or []])

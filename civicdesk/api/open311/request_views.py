"""GeoReport v2's service requests, tokens, and mySociety's service request updates.

Each view parses, calls a selector or an action, and renders; posting needs an api_key.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.response import Response

from civicdesk.api.open311 import selectors, serializers
from civicdesk.api.open311.access import client_for, council_for
from civicdesk.api.open311.actions import Report, Reporter, request_post, update_post
from civicdesk.api.open311.attributes import answers_in_words, checked_answers
from civicdesk.api.open311.errors import bad_request, not_found
from civicdesk.api.open311.parsing import Params, date_window, iso_datetime, number, path_value
from civicdesk.api.open311.statuses import Extended, parse_extended
from civicdesk.api.open311.views import Open311Response, Open311View
from civicdesk.cases.models import Case
from civicdesk.cases.vocabulary import OPEN_STATUSES
from civicdesk.core.clock import now
from civicdesk.core.errors import DomainError
from civicdesk.councils.models import Council
from civicdesk.residents import normalise

MAX_DESCRIPTION = 4000
_SIX_PLACES = Decimal("0.000001")


def _description(params: Params) -> str:
    text = params.get("description") or ""
    if len(text) > MAX_DESCRIPTION:
        raise bad_request(f"description: at most {MAX_DESCRIPTION:,} characters, not {len(text):,}")
    return text


def _location(params: Params) -> tuple[Decimal | None, Decimal | None, str, str]:
    """lat and long, address_string, address_id (a UPRN): at least one of the three."""
    lat, long = params.get("lat"), params.get("long")
    if (lat is None) != (long is None):
        missing = "long" if long is None else "lat"
        raise bad_request(f"{missing} is required: give both lat and long")
    latitude = number("lat", lat, low=-90, high=90).quantize(_SIX_PLACES) if lat else None
    longitude = number("long", long, low=-180, high=180).quantize(_SIX_PLACES) if long else None
    address = params.get("address_string") or ""
    if len(address) > 1000:
        raise bad_request("address_string: at most 1,000 characters")
    uprn = params.get("address_id") or ""
    try:
        uprn = normalise.uprn(uprn, field="address_id") if uprn else ""
    except DomainError as error:
        raise bad_request(f"address_id: {error.message}") from None
    if latitude is None and not address and not uprn:
        raise bad_request("Give the location: lat and long, address_string or address_id")
    return latitude, longitude, address, uprn


def _media_url(params: Params) -> str:
    url = params.get("media_url") or ""
    if url and (not url.startswith(("https://", "http://")) or len(url) > 500):
        raise bad_request("media_url: give a web address starting https://")
    return url


def _reporter(params: Params) -> Reporter:
    return Reporter(
        email=params.get("email") or "",
        phone=params.get("phone") or "",
        first_name=params.get("first_name") or "",
        last_name=params.get("last_name") or "",
    )


def _notice(case: Case, joined: bool) -> str:
    if joined:
        opened = timezone.localtime(case.opened_at)
        return (
            f"This was already reported: your report has been added to {case.reference} "
            f"(opened {opened:%-d %B %Y}); its updates are yours too."
        )
    return f"Thank you: your reference is {case.reference}.{serializers.due_words(case)}"


class RequestsView(Open311View):
    def get(self, request: Request, fmt: str) -> Response:
        params = Params(request)
        council = council_for(params)
        found = selectors.requests(council)
        ids = _listed("service_request_id", params.get("service_request_id"))
        if ids:  # the spec: ids override every other filter
            found = found.filter(reference__in=selectors.references(ids))
        else:
            found = _filtered(found, params, council)
        cases = found[: settings.OPEN311_MAX_REQUESTS]
        body = [serializers.request_out(case) for case in cases]
        return Open311Response(body, xml_root="service_requests")

    def post(self, request: Request, fmt: str) -> Response:
        params = Params(request)
        council = council_for(params)
        client = client_for(params, council)
        code = params.get("service_code")
        if code is None:
            raise bad_request("service_code is required")
        query_type = selectors.service(council, code)
        if query_type is None:
            raise not_found(f"service_code {code!r} is not a service of {council.name}")
        description = _description(params)
        latitude, longitude, address, uprn = _location(params)
        questions = getattr(query_type, "active_questions", [])
        answers, problems = checked_answers(questions, params.attributes())
        if problems:
            raise bad_request(*problems)
        if not description:  # none given: the service and the answers say what it is
            description = "\n".join([query_type.name, answers_in_words(questions, answers)]).strip()
        report = Report(
            description=description,
            answers=answers,
            address=address,
            uprn=uprn,
            latitude=latitude,
            longitude=longitude,
            media_url=_media_url(params),
        )
        posted = request_post(
            client=client, query_type=query_type, who=_reporter(params), report=report
        )
        notice = _notice(posted.case, posted.joined)
        return Open311Response(
            [serializers.posted_out(posted.case, notice)], xml_root="service_requests"
        )


def _listed(name: str, text: str | None) -> list[str]:
    """A comma-separated argument's values, each once: no more than a listing may return."""
    values = list(dict.fromkeys(v.strip() for v in (text or "").split(",") if v.strip()))
    most = settings.OPEN311_MAX_REQUESTS
    if len(values) > most:
        raise bad_request(f"{name}: at most {most:,} values, not {len(values):,}")
    return values


def _filtered(found: QuerySet[Case], params: Params, council: Council) -> QuerySet[Case]:
    codes = _listed("service_code", params.get("service_code"))
    known = set(
        selectors.services(council)
        .filter(open311_code__in=codes)
        .values_list("open311_code", flat=True)
    )
    for code in codes:
        if code not in known:
            raise not_found(f"service_code {code!r} is not a service of {council.name}")
    wanted = [s.strip().lower() for s in (params.get("status") or "").split(",") if s.strip()]
    unknown = [s for s in wanted if s not in {"open", "closed"}]
    if unknown:
        raise bad_request(f"status: {unknown[0]!r} is not open or closed")
    start, end = date_window(params, settings.OPEN311_WINDOW_DAYS, now())
    result = found.filter(opened_at__gte=start, opened_at__lte=end)
    if codes:
        result = result.filter(query_type__open311_code__in=codes)
    if wanted and set(wanted) != {"open", "closed"}:
        result = (
            result.filter(status__in=OPEN_STATUSES)
            if wanted[0] == "open"
            else result.exclude(status__in=OPEN_STATUSES)
        )
    return result


class RequestView(Open311View):
    def get(self, request: Request, service_request_id: str, fmt: str) -> Response:
        council = council_for(Params(request))
        wanted = path_value("service_request_id", service_request_id)
        case = selectors.request_by_id(council, wanted)
        if case is None:
            raise not_found(f"service_request_id {wanted!r} is not a request here")
        return Open311Response([serializers.request_out(case)], xml_root="service_requests")


class TokenView(Open311View):
    """We answer POSTs at once, so a token is the request's own id."""

    def get(self, request: Request, token: str, fmt: str) -> Response:
        council = council_for(Params(request))
        wanted = path_value("token", token)
        case = selectors.request_by_id(council, wanted)
        if case is None:
            raise not_found(f"token {wanted!r} is not known here")
        return Open311Response([serializers.token_out(case, wanted)], xml_root="service_requests")


class UpdatesView(Open311View):
    """mySociety's extension: public updates of Open311 requests, and updates posted to us."""

    def get(self, request: Request, fmt: str) -> Response:
        params = Params(request)
        council = council_for(params)
        start, end = date_window(params, settings.OPEN311_WINDOW_DAYS, now())
        events = selectors.updates(council, start, end, settings.OPEN311_MAX_REQUESTS)
        body = [serializers.update_out(event) for event in events]
        return Open311Response(body, xml_root="service_requests_updates")

    def post(self, request: Request, fmt: str) -> Response:
        params = Params(request)
        council = council_for(params)
        client = client_for(params, council)
        for required in ("service_request_id", "update_id", "status", "updated_datetime"):
            if params.get(required) is None:
                raise bad_request(f"{required} is required")
        wanted = params.get("service_request_id") or ""
        iso_datetime("updated_datetime", params.get("updated_datetime") or "")
        status = _extended(params.get("status") or "")
        description = _description(params)
        case = selectors.request_by_id(council, wanted)
        if case is None:
            raise not_found(f"service_request_id {wanted!r} is not a request here")
        event = update_post(client=client, case=case, status=status, description=description)
        return Open311Response([{"update_id": str(event.pk)}], xml_root="service_request_updates")


def _extended(text: str) -> Extended:
    status = parse_extended(text)
    if status is None:
        raise bad_request(f"status: {text!r} is not one of {', '.join(s.value for s in Extended)}")
    return status

"""GeoReport v2's reads of the catalogue: discovery, the service list, a service's definition.

Every view answers in the format its URL ends with (.json or .xml) and errors in Open311's
shape; reads need no key.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civicdesk.api.json_parser import SafeJSONParser
from civicdesk.api.open311 import selectors, serializers
from civicdesk.api.open311.access import council_for
from civicdesk.api.open311.errors import error_response, exception_handler, not_found
from civicdesk.api.open311.parsing import Params, path_value
from civicdesk.api.open311.renderers import Open311JSONRenderer, Open311XMLRenderer
from civicdesk.api.open311.throttles import Open311ReadThrottle, Open311WriteThrottle

OPENAPI = Path(__file__).with_name("openapi.yaml")


class Open311Response(Response):
    """Data as the JSON shows it; `xml_root` names the XML's outer element."""

    def __init__(self, data: Any, *, xml_root: str, status: int = 200) -> None:
        super().__init__(data, status=status)
        self.xml_root = xml_root


class Open311View(APIView):
    authentication_classes: list[Any] = []  # api_key, where needed, is an argument
    permission_classes = [AllowAny]
    parser_classes = [FormParser, MultiPartParser, SafeJSONParser]
    renderer_classes = [Open311JSONRenderer, Open311XMLRenderer]
    throttle_classes = [Open311ReadThrottle, Open311WriteThrottle]
    schema = None  # not part of the staff API's schema: see openapi.yaml

    def get_exception_handler(self) -> Any:
        return exception_handler

    def perform_content_negotiation(
        self, request: Request, force: bool = False
    ) -> tuple[BaseRenderer, str]:
        """The URL's extension decides, whatever the Accept header says."""
        kwargs = getattr(self, "kwargs", None) or {}
        renderer: BaseRenderer = (
            Open311XMLRenderer() if kwargs.get("fmt") == "xml" else Open311JSONRenderer()
        )
        return renderer, str(renderer.media_type)


class DiscoveryView(Open311View):
    def get(self, request: Request, fmt: str) -> Response:
        url = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": "json"}))
        body = serializers.discovery(url.rsplit("/", 1)[0] + "/", settings.OPEN311_CONTACT)
        return Open311Response(body, xml_root="discovery")


class ServiceListView(Open311View):
    def get(self, request: Request, fmt: str) -> Response:
        council = council_for(Params(request))
        found = selectors.services_listed(council)[: settings.OPEN311_MAX_REQUESTS]
        body = [serializers.service_out(q) for q in found]
        return Open311Response(body, xml_root="services")


class ServiceDefinitionView(Open311View):
    def get(self, request: Request, service_code: str, fmt: str) -> Response:
        council = council_for(Params(request))
        code = path_value("service_code", service_code)
        query_type = selectors.service(council, code)
        if query_type is None:
            raise not_found(f"service_code {code!r} is not a service of {council.name}")
        questions = getattr(query_type, "active_questions", [])
        body = serializers.definition_out(query_type, questions)
        return Open311Response(body, xml_root="service_definition")


@lru_cache(maxsize=1)
def _openapi() -> dict[str, Any]:
    return dict(yaml.safe_load(OPENAPI.read_text(encoding="utf-8")))


# Open311 clients send no cookies, so no request here can be a cross-site forgery: without the
# exemptions a POST to an unknown method would get Django's CSRF page instead of Open311's 404.
@csrf_exempt
def openapi(request: HttpRequest) -> HttpResponse:
    """The OpenAPI description of this interface (written by hand: openapi.yaml)."""
    if request.method not in ("GET", "HEAD"):
        response = error_response(request, 405, f"Method {request.method} not allowed: use GET")
        response["Allow"] = "GET, HEAD"
        return response
    return JsonResponse(_openapi())


@csrf_exempt
def unknown(request: HttpRequest, path: str = "") -> HttpResponse:
    """Anything else under /open311/v2/: a 404 in Open311's shape."""
    text = "No such Open311 method. Ask for discovery.json, services.json or requests.json."
    return error_response(request, 404, text)

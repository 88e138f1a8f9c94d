"""Open311's one error shape: a list of {code, description} (JSON) or <errors> (XML).

The staff API's shape (civicdesk/api/errors.py) is not used here: Open311 clients parse this one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, UnreadablePostError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from civicdesk.api.open311.renderers import json_document, xml_document
from civicdesk.core.errors import DomainError, ErrorKind

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"

# What a domain error's field is called among Open311's arguments.
ARGUMENTS = {
    "from_email": "email",
    "from_phone": "phone",
    "uprn": "address_id",
    "latitude": "lat",
    "longitude": "long",
    "description": "description",
}


class Open311Error(Exception):
    """One or more errors with the HTTP status they share."""

    def __init__(self, status_code: int, *descriptions: str) -> None:
        super().__init__("; ".join(descriptions))
        self.status_code = status_code
        self.descriptions = list(descriptions)


def bad_request(*descriptions: str) -> Open311Error:
    return Open311Error(status.HTTP_400_BAD_REQUEST, *descriptions)


def forbidden(description: str) -> Open311Error:
    return Open311Error(status.HTTP_403_FORBIDDEN, description)


def not_found(description: str) -> Open311Error:
    return Open311Error(status.HTTP_404_NOT_FOUND, description)


class ErrorResponse(Response):
    xml_root = "errors"


def _errors(status_code: int, descriptions: list[str]) -> ErrorResponse:
    body = [{"code": status_code, "description": text} for text in descriptions]
    return ErrorResponse(body, status=status_code)


def error_response(request: HttpRequest, status: int, description: str) -> HttpResponse:
    """One error in Open311's shape outside an Open311 view (an unknown method, and Django's own
    answers in config/errors.py): XML when the path ends .xml, else JSON."""
    body = [{"code": status, "description": description}]
    if request.path.endswith(".xml"):
        return HttpResponse(xml_document("errors", body), status=status, content_type=XML_TYPE)
    return HttpResponse(json_document(body), status=status, content_type=JSON_TYPE)


def _domain(exc: DomainError) -> ErrorResponse:
    """A service refused: 400 naming the argument (a state that does not allow it is a 400 too:
    Open311 has no 409), 404 for something not found."""
    argument = ARGUMENTS.get(exc.field or "", exc.field)
    text = f"{argument}: {exc.message}" if argument else exc.message
    code = status.HTTP_404_NOT_FOUND if exc.kind is ErrorKind.NOT_FOUND else 400
    return _errors(code, [text])


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Open311Error):
        set_rollback()
        return _errors(exc.status_code, exc.descriptions)
    if isinstance(exc, DomainError):
        set_rollback()
        return _domain(exc)
    if isinstance(exc, Http404):
        return _errors(status.HTTP_404_NOT_FOUND, ["Not found"])
    if isinstance(exc, RequestDataTooBig):  # Django's limits on what it reads of a request
        return _errors(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, [str(exc)])
    if isinstance(exc, SuspiciousOperation | BadRequest | UnreadablePostError):
        return _errors(status.HTTP_400_BAD_REQUEST, [str(exc) or "The request could not be read"])
    if isinstance(exc, exceptions.APIException):
        set_rollback()
        response = _errors(exc.status_code, [_words(exc.detail)])
        wait = getattr(exc, "wait", None)
        if isinstance(exc, exceptions.Throttled) and wait is not None:
            response["Retry-After"] = str(int(wait) + 1)
        if isinstance(exc, exceptions.MethodNotAllowed):
            allowed = context["view"].allowed_methods if "view" in context else []
            response["Allow"] = ", ".join(allowed)
        return response
    return None


def _words(detail: Any) -> str:
    if isinstance(detail, list):
        return "; ".join(_words(item) for item in detail)
    if isinstance(detail, dict):
        return "; ".join(f"{key}: {_words(value)}" for key, value in detail.items())
    return str(detail)

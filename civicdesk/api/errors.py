"""One error shape for the staff API: {"error": {"code", "message", "field"?, ...}}."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from civicdesk.core.errors import DomainError


class ErrorCode(StrEnum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    NOT_AUTHENTICATED = "not_authenticated"
    PERMISSION_DENIED = "permission_denied"
    THROTTLED = "throttled"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    TOO_LARGE = "too_large"
    BUSY = "busy"
    ERROR = "error"


class ApiError(exceptions.APIException):
    """An error with our code and any extra keys, e.g. close matches for an unknown id."""

    def __init__(self, *, status_code: int, code: ErrorCode, message: str, **extra: Any) -> None:
        super().__init__(detail=message)
        self.status_code = status_code
        self.error = {"code": code.value, "message": message, **extra}


def not_found(message: str, *, field: str | None = None, **extra: Any) -> ApiError:
    return ApiError(
        status_code=status.HTTP_404_NOT_FOUND,
        code=ErrorCode.NOT_FOUND,
        message=message,
        **({"field": field} if field else {}),
        **extra,
    )


_CODES = {
    status.HTTP_400_BAD_REQUEST: ErrorCode.INVALID,
    status.HTTP_401_UNAUTHORIZED: ErrorCode.NOT_AUTHENTICATED,
    status.HTTP_403_FORBIDDEN: ErrorCode.PERMISSION_DENIED,
    status.HTTP_404_NOT_FOUND: ErrorCode.NOT_FOUND,
    status.HTTP_405_METHOD_NOT_ALLOWED: ErrorCode.METHOD_NOT_ALLOWED,
    status.HTTP_413_REQUEST_ENTITY_TOO_LARGE: ErrorCode.TOO_LARGE,
    status.HTTP_429_TOO_MANY_REQUESTS: ErrorCode.THROTTLED,
    status.HTTP_503_SERVICE_UNAVAILABLE: ErrorCode.BUSY,
}


def code_for_status(status_code: int) -> ErrorCode:
    """The staff API's error code for an HTTP status, here and in Django's own answers."""
    return _CODES.get(status_code, ErrorCode.ERROR)


def _domain_error(exc: DomainError) -> Response:
    """A service said no: its code, message and field, and any extra it gave (`allowed`…)."""
    set_rollback()
    error: dict[str, Any] = {"code": str(exc.code), "message": exc.message}
    if exc.field:
        error["field"] = exc.field
        error["fields"] = {exc.field: [exc.message]}
    error.update(exc.extra)
    return Response({"error": error}, status=exc.kind.http_status)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return _domain_error(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ApiError):
        response.data = {"error": exc.error}
        return response
    code = code_for_status(response.status_code)
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
        field, messages = _first_error(exc.detail)
        response.data = {
            "error": {
                "code": code.value,
                "message": f"{field}: {messages}",
                "field": field,
                "fields": exc.detail,
            }
        }
    else:
        detail = getattr(exc, "detail", str(exc))
        response.data = {"error": {"code": code.value, "message": str(detail)}}
    return response


def _first_error(detail: Any, path: str = "") -> tuple[str, str]:
    """The first field in error and its message, with a path into nested bodies:
    "phones[0]", "addresses[0].postcode", "raise_case.priority"."""
    if isinstance(detail, dict) and detail:
        key, value = next(iter(detail.items()))
        return _first_error(value, _join(path, key))
    if isinstance(detail, list):
        for index, item in enumerate(detail):
            if isinstance(item, str):
                return path, item
            if item:
                return _first_error(item, _join(path, index))
    return path, str(detail)


def _join(path: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


class ErrorContent(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="A stable code, e.g. invalid, not_found.")
    message = serializers.CharField()
    field = serializers.CharField(required=False, help_text="The first field in error.")
    fields = serializers.DictField(  # type: ignore[assignment]
        required=False, help_text="Every field in error."
    )


class ErrorBody(serializers.Serializer[Any]):
    """Every error: extra keys such as `allowed`, `existing`, `current_version` when they help."""

    error = ErrorContent()

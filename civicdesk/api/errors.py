"""One error shape for the staff API: {"error": {"code", "message", "field"?, ...}}."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class ErrorCode(StrEnum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    NOT_AUTHENTICATED = "not_authenticated"
    PERMISSION_DENIED = "permission_denied"
    THROTTLED = "throttled"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    ERROR = "error"


class ApiError(exceptions.APIException):
    """An error with our code and any extra keys, e.g. close matches for an unknown id."""

    def __init__(self, *, status_code: int, code: ErrorCode, message: str, **extra: Any) -> None:
        super().__init__(detail=message)
        self.status_code = status_code
        self.error = {"code": code.value, "message": message, **extra}


_CODES = {
    status.HTTP_400_BAD_REQUEST: ErrorCode.INVALID,
    status.HTTP_401_UNAUTHORIZED: ErrorCode.NOT_AUTHENTICATED,
    status.HTTP_403_FORBIDDEN: ErrorCode.PERMISSION_DENIED,
    status.HTTP_404_NOT_FOUND: ErrorCode.NOT_FOUND,
    status.HTTP_405_METHOD_NOT_ALLOWED: ErrorCode.METHOD_NOT_ALLOWED,
    status.HTTP_429_TOO_MANY_REQUESTS: ErrorCode.THROTTLED,
}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ApiError):
        response.data = {"error": exc.error}
        return response
    code = _CODES.get(response.status_code, ErrorCode.ERROR)
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
        field, messages = next(iter(exc.detail.items()))
        message = messages[0] if isinstance(messages, list) else messages
        response.data = {
            "error": {
                "code": code.value,
                "message": f"{field}: {message}",
                "field": field,
                "fields": exc.detail,
            }
        }
    else:
        detail = getattr(exc, "detail", str(exc))
        response.data = {"error": {"code": code.value, "message": str(detail)}}
    return response

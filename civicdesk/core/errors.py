"""Domain errors: a code from the domain's own Enum, a message in plain words, and the field.

Each interface maps them to its one error shape (the staff API: HTTP status by `kind`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorKind(StrEnum):
    INVALID = "invalid"  # the input is wrong: 400
    NOT_FOUND = "not_found"  # 404
    CONFLICT = "conflict"  # the state does not allow it, or someone changed it first: 409

    @property
    def http_status(self) -> int:
        """The HTTP status of this kind of refusal on our pages and the staff API."""
        return {"invalid": 400, "not_found": 404, "conflict": 409}[self.value]


class DomainError(Exception):
    def __init__(
        self,
        code: StrEnum,
        message: str,
        *,
        kind: ErrorKind = ErrorKind.INVALID,
        field: str | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.kind = kind
        self.field = field
        self.extra = extra

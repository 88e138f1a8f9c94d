"""A busy database is answered 503 with `Retry-After`, never a 500.

A write that waited its whole timeout for another's lock (SQLite: "database is locked" after the
connection's `timeout`; PostgreSQL: a lock timeout, a serialization failure or a deadlock, when a
deployment sets `lock_timeout`) is no fault of the request: it can be sent again shortly. The
view's exception is answered by `DATABASE_BUSY_ANSWER` (a view-like callable taking the request),
in the shape of the interface the request was for, with `Retry-After: RETRY_AFTER_SECONDS`.
DRF views re-raise exceptions their handlers do not know, so the staff API and Open311 get here
too. Other database errors stay 500s.

A connection the database ended under the request (a restart or fail-over, an administrator's
`pg_terminate_backend`) is answered the same way: the server rolled the transaction back, and
Django opens a fresh connection for the next request (`database_lost`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

RETRY_AFTER_SECONDS = 5
# PostgreSQL's lock_not_available, serialization_failure and deadlock_detected.
BUSY_STATES = frozenset({"55P03", "40001", "40P01"})
BUSY_WORDS = ("database is locked", "database table is locked", "database is busy")
# PostgreSQL's connection_exception class (08…) and operator_intervention shutdowns (57P0…).
LOST_STATE_PREFIXES = ("08", "57P01", "57P02", "57P03")
LOST_WORDS = (
    "server closed the connection",
    "terminating connection",
    "connection is closed",
    "connection is lost",
    "consuming input failed",
)

Busy = Callable[[HttpRequest], HttpResponse]


def database_busy(exception: BaseException | None) -> bool:
    """Whether `exception` says the database was too busy, not that something is wrong."""
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    if getattr(cause, "sqlstate", None) in BUSY_STATES:
        return True
    text = str(exception).lower()
    return any(words in text for words in BUSY_WORDS)


def database_lost(exception: BaseException | None) -> bool:
    """Whether `exception` says the connection to the database was ended under the request."""
    if not isinstance(exception, OperationalError | InterfaceError):
        return False
    state = getattr(exception.__cause__, "sqlstate", None) or ""
    if state.startswith(LOST_STATE_PREFIXES):
        return True
    text = str(exception).lower()
    return any(words in text for words in LOST_WORDS)


def try_again_later(exception: BaseException | None) -> bool:
    """Busy or lost: nothing was saved, and the same request can be sent again shortly."""
    return database_busy(exception) or database_lost(exception)


class BusyDatabaseMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.busy: Busy = import_string(settings.DATABASE_BUSY_ANSWER)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not try_again_later(exception):
            return None
        response = self.busy(request)
        if not response.has_header("Retry-After"):
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

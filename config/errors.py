"""Django's own error answers (bad request, forbidden, not found, server error, CSRF failure),
each in the shape of the interface the request was for: the staff API's JSON error, Open311's
error list in the format its path names, or a GOV.UK page for everything else.

Views that refuse for their own reasons answer in their own shape already; these catch what
reaches Django itself: an unmatched URL, a `BadRequest` raised by middleware, a body too large.
"""

from __future__ import annotations

import sys
from typing import Any
from xml.sax.saxutils import escape

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

from civicdesk.api.errors import code_for_status
from civicdesk.api.open311.errors import error_response as open311_error
from civicdesk.core.busy import RETRY_AFTER_SECONDS, try_again_later

API_PREFIX = "/api/"
OPEN311_PREFIX = "/open311/"

_WORDS = {
    400: "The request could not be understood.",
    403: "You do not have permission to do that.",
    404: "Not found.",
    413: "The request is too large.",
    503: "The service is busy and nothing was saved. Try again in a few seconds.",
    500: "Sorry, there is a problem with the service. Try again later.",
}


def _message(status: int, exception: Any) -> str:
    """The exception's own words when it has any that are meant for the reader."""
    text = str(exception or "").strip() if status in (400, 413) else ""
    return text or _WORDS.get(status, _WORDS[500])


def _page(request: HttpRequest, status: int, message: str) -> HttpResponse:
    template = loader.select_template([f"{status}.html", "500.html"])
    try:
        body = template.render({"message": message, "status": status}, request)
    except Exception:  # a broken page must never hide the error it was about
        body = f"<!DOCTYPE html><title>{escape(message)}</title><p>{escape(message)}</p>"
    return HttpResponse(body, status=status)


def error_answer(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """An error for `request` in its interface's shape."""
    if request.path.startswith(API_PREFIX):
        code = code_for_status(status).value
        return JsonResponse({"error": {"code": code, "message": message}}, status=status)
    if request.path.startswith(OPEN311_PREFIX):
        return open311_error(request, status, message)
    return _page(request, status, message)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return error_answer(request, 400, _message(400, exception))


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return error_answer(request, 403, _message(403, exception))


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return error_answer(request, 404, _message(404, exception))


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while handling the exception: a busy database outside a view (a
    # middleware's write, such as the session's) or a lost connection is a 503 too.
    if try_again_later(sys.exc_info()[1]):
        response = busy(request)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return error_answer(request, 500, _message(500, None))


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """A body over its path's limit, refused before it is read (civicdesk/core/body_limit.py)."""
    size = f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
    return error_answer(request, 413, f"What you send must be {size} or smaller.")


def busy(request: HttpRequest) -> HttpResponse:
    """The database was too busy to take a write in time (civicdesk/core/busy.py): 503, and the
    middleware adds `Retry-After`."""
    return error_answer(request, 503, _WORDS[503])


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its CSRF token (a page open too long, cookies off). Open311 and
    the token-authenticated API never use cookies, so they never get here for a good request."""
    if request.path.startswith(OPEN311_PREFIX):
        return error_answer(request, 404, "No such Open311 method.")
    message = (
        "Your form could not be sent because the page was open too long or cookies are off. "
        "Go back, reload the page and try again."
    )
    return error_answer(request, 403, message)

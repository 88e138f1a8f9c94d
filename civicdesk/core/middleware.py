"""Middleware every page and API shares: refusing NUL characters, and keeping personal pages
out of caches.

`RefuseNulBytes` answers 400 (through `BadRequest`, so each interface answers in its own shape)
when the path, the query string, a form's fields (form-encoded or multipart; not the files
sent) or the cookies hold a NUL character once decoded. PostgreSQL cannot store or compare text
holding one (a session cookie holding one would fail the session's lookup), and no person types
one; refusing it here means no view has to remember to.

`PersonalPagesNotStored` adds `Cache-Control: private, no-store` to every response of the staff
pages, sign-in, the admin and the staff API, and to the resident's own report and tracking pages
(they show a case and what the resident told us), so neither a shared cache nor the browser's
disk keeps a copy. Public pages (help, standards, Open311) keep their own caching.

`MethodNotAllowedPage` gives Django's bodiless 405 (`require_POST` and friends) the GOV.UK page,
keeping its Allow header; the staff API and Open311 answer 405 in their own shape already.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

NUL_REFUSED = (
    "The request holds a null character (%00), which Civic Desk cannot accept. Check the web "
    "address and what you typed, then try again."
)
FORM_ENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"

# Where every response is personal: staff pages, sign-in, the admin, the staff API, and the
# resident's report form (it shows back what they typed), confirmation and tracking pages.
PERSONAL_PATHS = re.compile(
    r"^/(?:staff|accounts|admin|api)/|^/councils/[^/]+/(?:report|track)/", re.ASCII
)

# Interfaces that answer errors in their own shape, not as pages.
OWN_ERROR_SHAPE = re.compile(r"^/(?:api|open311)/", re.ASCII)

Handler = Callable[[HttpRequest], HttpResponse]


def _holds_nul(raw: str | bytes) -> bool:
    return b"\x00" in unquote_to_bytes(raw)


class RefuseNulBytes:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            "\x00" in request.path_info
            or "\x00" in request.META.get("HTTP_COOKIE", "")
            or _holds_nul(request.META.get("QUERY_STRING", ""))
        ):
            raise BadRequest(NUL_REFUSED)
        if request.content_type == FORM_ENCODED and _holds_nul(request.body):
            raise BadRequest(NUL_REFUSED)
        if request.content_type == MULTIPART and any(
            "\x00" in name or any("\x00" in value for value in values)
            for name, values in request.POST.lists()
        ):
            raise BadRequest(NUL_REFUSED)
        return self.get_response(request)


class PersonalPagesNotStored:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if PERSONAL_PATHS.match(request.path_info):
            patch_cache_control(response, private=True, no_store=True)
        return response


class MethodNotAllowedPage:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code != 405
            or response.streaming
            or response.content
            or OWN_ERROR_SHAPE.match(request.path_info)
        ):
            return response
        page = render(request, "405.html", status=405)
        page["Allow"] = response.get("Allow", "")
        return page

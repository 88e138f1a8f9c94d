"""Request bodies are bounded before they are read.

Each path has a limit (`BODY_MAX_BYTES`, or the first of `BODY_MAX_BYTES_BY_PATH` whose pattern
matches, such as the report page that takes a photo). A request whose `Content-Length` is over
it is answered 413 at once, without reading a byte of the body, in the shape of the interface it
was for (`BODY_TOO_LARGE_ANSWER`, a view-like callable taking the request and the limit).

A body sent without a length (`Transfer-Encoding: chunked`) reaches Django only when the server
says the input ends (`wsgi.input_terminated`, as gunicorn, mod_wsgi and werkzeug do); without a
length Django reads none of it. Such a body is read here, at most one byte past the limit, into a
spooled file: over the limit it is refused with the same 413, within it Django reads it from the
spool with its real length.

Django's own caps (`DATA_UPLOAD_MAX_*`, settings) then bound what it parses within the limit. A
proxy in front should refuse the same sizes, so that what is refused is not even sent on.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from typing import IO, Any, BinaryIO, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

_PIECE = 64 * 1024

TooLarge = Callable[[HttpRequest, int], HttpResponse]


class BodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.default: int = settings.BODY_MAX_BYTES
        self.by_path = [
            (re.compile(pattern), int(limit)) for pattern, limit in settings.BODY_MAX_BYTES_BY_PATH
        ]
        self.too_large: TooLarge = import_string(settings.BODY_TOO_LARGE_ANSWER)

    def limit_for(self, path: str) -> int:
        return next((limit for pattern, limit in self.by_path if pattern.match(path)), self.default)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = self.limit_for(request.path_info)
        length = _declared_length(request.META)
        if length is not None:
            if length > limit:
                return self.too_large(request, limit)
        elif request.META.get("wsgi.input_terminated"):
            body = _read_at_most(request.META["wsgi.input"], limit)
            if body is None:
                return self.too_large(request, limit)
            _use_body(request, body)
        return self.get_response(request)


def _declared_length(meta: dict[str, Any]) -> int | None:
    """The body's length as the client declared it; None when there is none (or it is not a
    number, which Django reads as no body at all)."""
    text = str(meta.get("CONTENT_LENGTH") or "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _read_at_most(stream: IO[bytes], limit: int) -> IO[bytes] | None:
    """The whole body in a spooled file, rewound; None as soon as it is over `limit` bytes."""
    spool = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
    total = 0
    while piece := stream.read(min(_PIECE, limit + 1 - total)):
        total += len(piece)
        if total > limit:
            spool.close()
            return None
        spool.write(piece)
    spool.seek(0)
    return cast(IO[bytes], spool)


def _use_body(request: HttpRequest, body: IO[bytes]) -> None:
    """Django reads the request's body from `_stream`, as long as CONTENT_LENGTH says."""
    size = body.seek(0, 2)
    body.seek(0)
    request.META["CONTENT_LENGTH"] = str(size)
    request._stream = cast(BinaryIO, body)

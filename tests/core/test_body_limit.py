"""A body over its path's limit is refused with 413 before it is read, over a real HTTP server.

The server is werkzeug's, running Django's WSGI handler in a thread: like gunicorn, it passes a
body with a length on as it comes, and decodes a chunked one for Django (`wsgi.input_terminated`).
The client is a plain socket, so the test decides how much of the body is ever sent.
"""

from __future__ import annotations

import io
import json
import re
import select
import socket
import threading
from collections.abc import Iterable, Iterator
from http.client import HTTPConnection, HTTPResponse
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from PIL import Image
from werkzeug.serving import make_server

from civicdesk.cases.models import Case, CaseAttachment
from civicdesk.councils.models import Council

MB = 1024 * 1024
REPORT = "/councils/demo/report/waste-missed-collection/"
PIECE = b"x" * (64 * 1024)

Address = tuple[str, int]


@pytest.fixture
def server() -> Iterator[Address]:
    handler = WSGIHandler()

    def app(environ: dict[str, Any], start_response: Any) -> Any:
        try:
            return handler(environ, start_response)
        finally:  # each request has its own thread: leave no connection open behind it
            connections.close_all()

    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield "127.0.0.1", httpd.server_port
    httpd.shutdown()
    thread.join(timeout=10)


def _exchange(address: Address, head: bytes, pieces: Iterable[bytes]) -> tuple[int, bytes, int]:
    """Send `head`, then `pieces` only until the server answers. Returns the status, the body
    of the answer and how many bytes of the request's body were sent."""
    sock = socket.create_connection(address, timeout=30)
    sent = 0
    try:
        sock.sendall(head)
        for piece in pieces:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            sock.sendall(piece)
            sent += len(piece)
        answer = HTTPResponse(sock)
        answer.begin()
        return answer.status, answer.read(), sent
    finally:
        sock.close()


def _head(path: str, length: int | None, content_type: str = "application/json") -> bytes:
    framing = f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked"
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
        f"{framing}\r\n\r\n"
    ).encode()


def _pieces(total: int, *, chunked: bool = False) -> Iterator[bytes]:
    for _ in range(total // len(PIECE)):
        yield b"%x\r\n%s\r\n" % (len(PIECE), PIECE) if chunked else PIECE
    if chunked:
        yield b"0\r\n\r\n"


def test_a_100_mb_upload_is_refused_before_it_is_sent(server: Address) -> None:
    head = _head(REPORT, 100 * MB, "multipart/form-data; boundary=x")
    status, body, sent = _exchange(server, head, _pieces(100 * MB))
    assert status == 413
    assert sent < 20 * MB  # the answer came while the client had sent a fraction of it
    assert "What you send must be 12 MB or smaller." in body.decode()  # the GOV.UK page


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        ("/api/v1/contacts/", "1 MB"),
        ("/open311/v2/demo/requests.json", "1 MB"),
        ("/councils/demo/track/", "1 MB"),  # only the report page takes a photo
    ],
)
def test_a_body_over_1_mb_is_refused_everywhere_else_in_the_interfaces_own_shape(
    server: Address, path: str, limit: str
) -> None:
    status, body, sent = _exchange(server, _head(path, 2 * MB), [PIECE])
    assert status == 413
    assert sent <= len(PIECE)
    message = f"What you send must be {limit} or smaller."
    if path.startswith("/api/"):
        assert json.loads(body) == {"error": {"code": "too_large", "message": message}}
    elif path.startswith("/open311/"):
        assert json.loads(body) == [{"code": 413, "description": message}]
    else:
        assert message in body.decode()


def test_a_chunked_body_over_the_limit_is_cut_off(server: Address) -> None:
    status, body, sent = _exchange(
        server, _head("/api/v1/contacts/", None), _pieces(100 * MB, chunked=True)
    )
    assert status == 413
    assert sent < 20 * MB
    assert json.loads(body)["error"]["code"] == "too_large"


def test_a_chunked_photo_within_the_limit_makes_its_report(
    transactional_db: None, demo: Council, server: Address, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    connection = HTTPConnection(*server, timeout=30)
    connection.request("GET", REPORT)
    page = connection.getresponse()
    html = page.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie") or "")
    assert token is not None
    assert cookie is not None
    photo = _photo()
    body = encode_multipart(
        BOUNDARY,
        {
            "csrfmiddlewaretoken": token.group(1),
            "q-bin": "general",
            "description": "The black bin was not emptied.",
            "full_name": "Ada Lovelace",
            "email": "ada@example.org",
            "photo": photo,
        },
    )
    assert len(body) > 1 * MB  # more than Django's memory limit, within the page's
    pieces = (body[i : i + 65536] for i in range(0, len(body), 65536))
    connection.request(
        "POST",
        REPORT,
        body=pieces,
        headers={"Content-Type": MULTIPART_CONTENT, "Cookie": f"csrftoken={cookie.group(1)}"},
        encode_chunked=True,
    )
    answer = connection.getresponse()
    text = answer.read().decode()
    assert answer.status == 302, re.findall(r'<a href="#[^"]*">[^<]*</a>', text)
    case = Case.objects.get()
    assert answer.getheader("Location") == f"/councils/demo/report/done/{case.reference}/"
    assert CaseAttachment.objects.get().case == case


def _photo() -> SimpleUploadedFile:
    """A real JPEG of noise, a little over 1 MB, as an uploaded file."""
    out = io.BytesIO()
    Image.effect_noise((1200, 1200), 80).convert("RGB").save(out, "JPEG", quality=95)
    assert out.tell() > 1 * MB
    return SimpleUploadedFile("bin.jpg", out.getvalue(), "image/jpeg")


@pytest.mark.django_db
def test_a_content_length_in_other_digits_is_no_length_not_a_server_error() -> None:
    response = Client().post(
        "/api/v1/contacts/", data=b"{}", content_type="application/json", CONTENT_LENGTH="²"
    )
    assert response.status_code in (400, 403)

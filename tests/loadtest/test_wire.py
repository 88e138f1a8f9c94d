"""The driver's HTTP parsing: an answer is whole only when its body is, whatever its framing."""

from __future__ import annotations

from loadtest.wire import parse_answer, request_bytes


def test_an_answer_with_content_length_waits_for_its_whole_body() -> None:
    raw = b"HTTP/1.1 201 Created\r\nContent-Length: 5\r\n\r\nhello"
    assert parse_answer(raw[:-1]) is None
    found = parse_answer(raw + b"HTTP/1.1 200 OK")  # the next answer's start is left alone
    assert found is not None
    answer, used = found
    assert (answer.status, answer.body, answer.keep_alive, used) == (201, b"hello", True, len(raw))


def test_connection_close_and_retry_after_are_read() -> None:
    raw = b"HTTP/1.1 503 Busy\r\nConnection: close\r\nRetry-After: 5\r\nContent-Length: 0\r\n\r\n"
    found = parse_answer(raw)
    assert found is not None
    assert (found[0].status, found[0].keep_alive, found[0].retry_after) == (503, False, 5.0)
    assert not found[0].replayed


def test_a_replayed_first_answer_is_told_apart() -> None:
    raw = b"HTTP/1.1 201 Created\r\nIdempotent-Replayed: true\r\nContent-Length: 2\r\n\r\n{}"
    found = parse_answer(raw)
    assert found is not None
    assert found[0].replayed


def test_a_chunked_body_is_joined() -> None:
    raw = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
    assert parse_answer(raw[:-2]) is None
    found = parse_answer(raw)
    assert found is not None
    assert (found[0].body, found[1]) == (b"abcde", len(raw))


def test_without_a_length_the_body_ends_when_the_server_closes() -> None:
    raw = b"HTTP/1.0 200 OK\r\n\r\n<html>"
    assert parse_answer(raw) is None
    found = parse_answer(raw, closed=True)
    assert found is not None
    assert (found[0].body, found[0].keep_alive) == (b"<html>", False)


def test_a_post_says_its_length_and_keeps_the_connection() -> None:
    raw = request_bytes("POST", "/x/", host="127.0.0.1:1", headers={"A": "b"}, body=b"{}")
    assert raw == (
        b"POST /x/ HTTP/1.1\r\nHost: 127.0.0.1:1\r\nConnection: keep-alive\r\nA: b\r\n"
        b"Content-Length: 2\r\n\r\n{}"
    )

"""A lean HTTP/1.1 client on asyncio's protocols: keep-alive, Content-Length or chunked bodies.

The load test's driver shares two cores with the server, so it parses only what it needs (the
status, the body, whether the connection stays open) and never builds a client library's objects.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass


class ConnectionDropped(Exception):
    """The server closed or reset the connection before the whole answer arrived."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    keep_alive: bool
    retry_after: float | None = None
    replayed: bool = False  # Idempotent-Replayed: the first answer to this Idempotency-Key again


def request_bytes(
    method: str, path: str, *, host: str, headers: dict[str, str], body: bytes = b""
) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: keep-alive"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body or method in {"POST", "PUT", "PATCH"}:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _chunked(data: bytes, start: int) -> tuple[bytes, int] | None:
    """The body of a chunked answer starting at `start`, and where it ends; None if incomplete."""
    body = bytearray()
    at = start
    while True:
        line_end = data.find(b"\r\n", at)
        if line_end < 0:
            return None
        size = int(data[at:line_end].split(b";")[0], 16)
        at = line_end + 2
        if size == 0:
            trailer_end = data.find(b"\r\n\r\n", at - 2)
            return (bytes(body), trailer_end + 4) if trailer_end >= 0 else None
        if len(data) < at + size + 2:
            return None
        body += data[at : at + size]
        at += size + 2


def parse_answer(data: bytes, *, closed: bool = False) -> tuple[Answer, int] | None:
    """The first whole answer in `data` and how many bytes it took; None until it is whole.
    `closed`: the server has closed the connection, so an answer without a length ends here."""
    head_end = data.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    head = data[:head_end].decode("latin-1").split("\r\n")
    version, status = head[0].split(" ", 2)[:2]
    fields: dict[str, str] = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    connection = fields.get("connection", "").lower()
    keep_alive = connection != "close" and (version == "HTTP/1.1" or connection == "keep-alive")
    retry_after = float(fields["retry-after"]) if fields.get("retry-after", "").isdigit() else None
    replayed = fields.get("idempotent-replayed", "").lower() == "true"
    start = head_end + 4
    if "content-length" in fields:
        end = start + int(fields["content-length"])
        if len(data) < end:
            return None
        body = data[start:end]
    elif "chunked" in fields.get("transfer-encoding", "").lower():
        found = _chunked(data, start)
        if found is None:
            return None
        body, end = found
    elif closed:
        body, end, keep_alive = data[start:], len(data), False
    else:
        return None
    return Answer(int(status), bytes(body), keep_alive, retry_after, replayed), end


class _Protocol(asyncio.Protocol):
    def __init__(self) -> None:
        self.buffer = bytearray()
        self.waiting: asyncio.Future[Answer] | None = None
        self.transport: asyncio.Transport | None = None
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # a TCP connection's is one

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        self._deliver()

    def eof_received(self) -> bool:
        self.closed = True
        self._deliver()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._deliver()
        if self.waiting is not None and not self.waiting.done():
            self.waiting.set_exception(ConnectionDropped(str(exc or "closed")))

    def _deliver(self) -> None:
        if self.waiting is None or self.waiting.done():
            return
        found = parse_answer(bytes(self.buffer), closed=self.closed)
        if found is not None:
            answer, used = found
            del self.buffer[:used]
            self.waiting.set_result(answer)


class Connection:
    """One keep-alive connection, reopened when the server closes it. One request at a time."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.protocol: _Protocol | None = None
        self.opened = 0

    async def send(self, raw: bytes, *, timeout: float) -> Answer:
        protocol = await self._open()
        loop = asyncio.get_running_loop()
        protocol.waiting = loop.create_future()
        if protocol.transport is None:
            raise ConnectionDropped("not connected")
        protocol.transport.write(raw)
        try:
            answer = await asyncio.wait_for(protocol.waiting, timeout)
        except BaseException:
            self.close()
            raise
        if not answer.keep_alive:
            self.close()
        return answer

    async def _open(self) -> _Protocol:
        if self.protocol is not None and not self.protocol.closed:
            return self.protocol
        loop = asyncio.get_running_loop()
        _transport, protocol = await loop.create_connection(_Protocol, self.host, self.port)
        self.protocol = protocol
        self.opened += 1
        return protocol

    def close(self) -> None:
        if self.protocol is not None and self.protocol.transport is not None:
            self.protocol.transport.close()
        self.protocol = None

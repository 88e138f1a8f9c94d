"""`Idempotency-Key` on the staff API's POSTs and Open311's (ADR 33): a retry gets the first
answer again instead of making a second contact or case.

The key is stored in the same transaction as whatever the POST writes, so a worker killed mid
request leaves both or neither. A second request with the same key waits on the key's unique
row until the first ends: if the first committed, the second is given its stored answer; if it
rolled back, the second runs. Only 2xx answers are kept, for 24 hours; after anything else a
retry runs again. The key is scoped by the credential (token, session user or Open311 api_key),
method and path, and the body must match: the same key with another body is a 422.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse

from civicdesk.api.errors import code_for_status
from civicdesk.api.models import IdempotentRequest
from civicdesk.api.open311.errors import error_response as open311_error
from civicdesk.core.clock import now

HEADER = "Idempotency-Key"
KEPT_FOR = timedelta(hours=24)
MAX_KEY_LENGTH = 255
MAX_STORED_BYTES = 1024 * 1024  # a POST's answer is one object; a larger one is not kept
REPLAYED_HEADER = "Idempotent-Replayed"
PATHS = re.compile(r"^/api/v1/|^/open311/v2/+(requests|servicerequestupdates)\.(json|xml)$")
_VISIBLE_ASCII = re.compile(r"^[\x21-\x7e]+$")
_ATTEMPTS = 3  # a key found taken, then gone (the first rolled back or was purged): run again


class _Taken(Exception):
    """Another request holds or has used this key: roll back and read what it left."""


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get(HEADER)
        if header is None or request.method != "POST" or not PATHS.match(request.path_info):
            return self.get_response(request)
        key, problem = parse_key(header)
        if problem:
            return refusal(request, 400, problem)
        scope = scope_digest(request, key)
        body = hashlib.sha256(request.body).hexdigest()
        for _attempt in range(_ATTEMPTS):
            try:
                return self._run_once(request, scope, body)
            except _Taken:
                first = _first_answer(scope, older_than=now() - KEPT_FOR)
                if first is not None:
                    return _replay(request, first, body)
        return refusal(
            request,
            409,
            f"{HEADER}: a request with this key is still being answered; try again shortly",
        )

    def _run_once(self, request: HttpRequest, scope: str, body: str) -> HttpResponse:
        """The key's row first, so a duplicate waits on it; the view; its answer; one commit."""
        row: IdempotentRequest | None = None
        try:
            with transaction.atomic():
                # No savepoint: if the key is taken, nothing else has been done to roll back.
                row = IdempotentRequest.objects.create(
                    scope_digest=scope, body_digest=body, created_at=now()
                )
                return self._answer(request, row)
        except IntegrityError:
            if row is not None:
                raise  # not the key's row: the view's own, or at commit
            raise _Taken from None

    def _answer(self, request: HttpRequest, row: IdempotentRequest) -> HttpResponse:
        response = self.get_response(request)
        if _kept(response):
            row.status_code = response.status_code
            row.content_type = response.get("Content-Type", "")
            row.body = response.content
            row.save(update_fields=["status_code", "content_type", "body"])
        elif response.status_code >= 500:
            transaction.set_rollback(True)  # nothing half-written; a retry runs again
        else:
            row.delete()  # a refusal: what it wrote stands, and a retry runs again
        return response


def parse_key(header: str) -> tuple[str, str]:
    """The key, and what is wrong with it if anything. The draft's sf-string quotes are optional."""
    key = header.strip()
    if len(key) >= 2 and key.startswith('"') and key.endswith('"'):
        key = key[1:-1]
    if not key:
        return "", f"{HEADER} is empty: give a unique value per request, e.g. a UUID"
    if len(key) > MAX_KEY_LENGTH:
        return "", f"{HEADER}: at most {MAX_KEY_LENGTH} characters, not {len(key):,}"
    if not _VISIBLE_ASCII.match(key):
        return "", f"{HEADER}: use visible ASCII characters only (letters, digits, - _ . :)"
    return key, ""


def scope_digest(request: HttpRequest, key: str) -> str:
    """One digest of who sent the key, where to, and the key: one client's keys never meet
    another's."""
    parts = [_credential(request), request.method or "", request.path_info, key]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _credential(request: HttpRequest) -> str:
    authorization = request.headers.get("Authorization", "")
    if authorization:
        return "authorization:" + " ".join(authorization.split()[1:])
    if request.path_info.startswith("/open311/"):
        api_key = request.POST.get("api_key") or request.GET.get("api_key") or ""
        return "api_key:" + api_key
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "anonymous"


def _first_answer(scope: str, *, older_than: datetime) -> IdempotentRequest | None:
    row = IdempotentRequest.objects.filter(scope_digest=scope).first()
    if row is not None and row.created_at < older_than:
        row.delete()  # kept 24 hours: after that the key is new again
        return None
    return row


def _kept(response: HttpResponse) -> bool:
    return (
        200 <= response.status_code < 300
        and not response.streaming
        and len(response.content) <= MAX_STORED_BYTES
    )


def _replay(request: HttpRequest, first: IdempotentRequest, body: str) -> HttpResponse:
    if first.body_digest != body:
        return refusal(
            request,
            422,
            f"{HEADER}: this key was already used for a request with a different body; "
            "use a new key for a new request",
        )
    response = HttpResponse(
        bytes(first.body), status=first.status_code, content_type=first.content_type or None
    )
    response[REPLAYED_HEADER] = "true"
    return response


def refusal(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """An error naming the header, in the shape of the interface asked."""
    if request.path_info.startswith("/open311/"):
        return open311_error(request, status, message)
    code = "conflict" if status == 409 else code_for_status(400).value
    error = {"code": code, "message": message, "field": HEADER}
    return JsonResponse({"error": error}, status=status)


def idempotency_purge(*, kept_for: timedelta = KEPT_FOR) -> int:
    """Forget answers older than `kept_for`; returns how many went."""
    deleted, _ = IdempotentRequest.objects.filter(created_at__lt=now() - kept_for).delete()
    return deleted

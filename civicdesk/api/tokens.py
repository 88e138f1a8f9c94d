"""Staff API tokens (ADR 32): random 256-bit values shown once, kept as a SHA-256 digest and
found by their first characters; each expires (90 days unless told) and can be revoked."""

from __future__ import annotations

import secrets
from datetime import timedelta
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from civicdesk.api.key_digest import key_digest, key_matches, key_note_use, key_revoke
from civicdesk.api.models import ApiToken
from civicdesk.core.clock import now
from civicdesk.core.rows import columns, fetch, table

TOKEN_START = "cd_"  # noqa: S105 -- says what a token is when one turns up in a log
PREFIX_LENGTH = 12
DEFAULT_DAYS = 90
MAX_DAYS = 3650
CANDIDATES = 10  # rows sharing a prefix that are checked; random prefixes almost never repeat


class TokenRefused(Exception):
    """The words the caller is given: why this token does not sign them in."""


def new_token_key() -> str:
    return TOKEN_START + secrets.token_urlsafe(32)


def api_token_issue(*, row: ApiToken, days: int = DEFAULT_DAYS) -> str:
    """Give an unsaved token row a fresh key and its expiry; returns the key, which is not kept."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days: from 1 to {MAX_DAYS:,}, not {days}")
    key = new_token_key()
    row.key_prefix = key[:PREFIX_LENGTH]
    row.key_digest = key_digest(key)
    row.expires_at = now() + timedelta(days=days)
    return key


def api_token_create(
    *, user: Any, days: int = DEFAULT_DAYS, name: str = ""
) -> tuple[ApiToken, str]:
    """A new token acting as `user`. The token itself is returned once and never stored."""
    row = ApiToken(user=user, name=name.strip())
    key = api_token_issue(row=row, days=days)
    row.save()
    return row, key


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """The token stops working at once. Revoking twice keeps the first time."""
    return key_revoke(token)


def api_token_for_key(key: str) -> ApiToken:
    """The token whose key this is, its user loaded; else TokenRefused saying why."""
    if len(key) <= PREFIX_LENGTH:
        raise TokenRefused("Invalid token.")
    token = next(
        (row for row in _candidates(key[:PREFIX_LENGTH]) if key_matches(key, row.key_digest)),
        None,
    )
    if token is None:
        raise TokenRefused("Invalid token.")
    moment = now()
    if token.revoked_at is not None:
        raise TokenRefused(
            f"This token was revoked on {_when(token.revoked_at)}: ask for a new one."
        )
    if token.expires_at is not None and token.expires_at <= moment:
        raise TokenRefused(f"This token expired on {_when(token.expires_at)}: ask for a new one.")
    if not token.user.is_active:
        raise TokenRefused("User inactive or deleted.")
    key_note_use(token)
    return token


@cache
def _candidates_sql() -> str:
    user = get_user_model()
    return (
        f"SELECT {columns(ApiToken, 't')}, {columns(user, 'u')}"  # noqa: S608 -- our names
        f" FROM {table(ApiToken)} t"
        f" INNER JOIN {table(user)} u ON u.{user._meta.pk.column} = t.user_id"
        " WHERE t.key_prefix = %s"
        f" ORDER BY t.user_id ASC, t.created_at DESC LIMIT {CANDIDATES}"
    )


def _candidates(prefix: str) -> list[ApiToken]:
    """The tokens of this prefix, each with its user: one written-out query, as the ORM's
    `select_related("user")` would make (ordered as ApiToken.Meta says)."""
    found = []
    for token, owner in fetch(_candidates_sql(), [prefix], ApiToken, get_user_model()):
        token.user = owner
        found.append(token)
    return found


def _when(moment: Any) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y at %H:%M}"

"""`Authorization: Token <key>` (or `Bearer <key>`) signs a staff API request in as the
token's user (civicdesk/api/tokens.py). A token that is refused is a 401 saying why (unknown,
revoked, expired); a request with no credential at all stays a 403, as the session (the first
authentication class) names no scheme."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from civicdesk.api.tokens import TokenRefused, api_token_for_key

SCHEMES = (b"token", b"bearer")


class TokenRejected(exceptions.APIException):
    """Not DRF's AuthenticationFailed, which DRF turns into a 403 behind the session class."""

    status_code = 401
    default_code = "not_authenticated"
    auth_header = 'Token realm="api"'


def token_from_header(header: bytes) -> str | None:
    """The key in an Authorization header of our schemes; None when it is some other scheme."""
    parts = header.split()
    if not parts or parts[0].lower() not in SCHEMES:
        return None
    if len(parts) != 2:
        raise TokenRejected(
            "Authorization: give one token after the word Token, e.g. `Token cd_…`."
        )
    try:
        return parts[1].decode("ascii")
    except UnicodeDecodeError:
        raise TokenRejected("Invalid token.") from None


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        key = token_from_header(get_authorization_header(request))
        if key is None:
            return None
        try:
            token = api_token_for_key(key)
        except TokenRefused as refused:
            raise TokenRejected(str(refused)) from None
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return TokenRejected.auth_header


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the schema names the token: as DRF's own token scheme was named, so clients
    generated from the schema keep sending `Authorization: Token <key>`."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'A staff API token with the prefix "Token ", e.g. '
            '"Token cd_…" (civicdesk create_api_token).',
        }

"""Outgoing mail from the environment: EMAIL_URL, or EMAIL_HOST and its companions.

EMAIL_URL is one address for the whole mail server, its parts percent-encoded:

    smtp://user:password@mail.example.org:587?tls=true   (STARTTLS; also smtp+tls://)
    smtps://user:password@mail.example.org:465           (TLS from the start)

Otherwise EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD and EMAIL_USE_TLS (or
EMAIL_USE_SSL) set the same, as Django names them. With neither, no mail is configured: Civic
Desk then sends nothing, and says so where it would (the password reset page).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}
_SCHEMES = {"smtp": (25, False, False), "smtp+tls": (587, True, False), "smtps": (465, False, True)}


@dataclass(frozen=True)
class Mail:
    configured: bool
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False


def mail_from_environment(environ: Mapping[str, str] = os.environ) -> Mail:
    url = environ.get("EMAIL_URL", "").strip()
    if url:
        return _from_url(url)
    host = environ.get("EMAIL_HOST", "").strip()
    if not host:
        return Mail(configured=False)
    use_tls = _flag(environ, "EMAIL_USE_TLS")
    use_ssl = _flag(environ, "EMAIL_USE_SSL")
    if use_tls and use_ssl:
        raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
    return Mail(
        configured=True,
        host=host,
        port=_port(
            environ.get("EMAIL_PORT", ""), default=465 if use_ssl else 587 if use_tls else 25
        ),
        user=environ.get("EMAIL_HOST_USER", ""),
        password=environ.get("EMAIL_HOST_PASSWORD", ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
    )


def _from_url(url: str) -> Mail:
    parts = urlsplit(url)
    if parts.scheme not in _SCHEMES:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start smtp://, smtp+tls:// or smtps://, not {parts.scheme}://."
        )
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL must name the mail server, like smtp://host:587.")
    default_port, use_tls, use_ssl = _SCHEMES[parts.scheme]
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    use_tls = use_tls or query.get("tls", "").lower() in _TRUE
    use_ssl = use_ssl or query.get("ssl", "").lower() in _TRUE
    if use_tls and use_ssl:
        raise ImproperlyConfigured("EMAIL_URL asks for both tls and ssl: choose one.")
    try:
        port = parts.port or default_port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL's port must be a number.") from None
    return Mail(
        configured=True,
        host=parts.hostname,
        port=port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
    )


def _flag(environ: Mapping[str, str], name: str) -> bool:
    raw = environ.get(name, "").strip().lower()
    if raw not in _TRUE | _FALSE:
        raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")
    return raw in _TRUE


def _port(raw: str, *, default: int) -> int:
    if not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"EMAIL_PORT must be a number, not {raw!r}.") from None

"""Failed sign-ins are counted by the client's address as our trusted proxies give it, across
sessions: allauth's limits (ACCOUNT_RATE_LIMITS) ask the account adapter for the address."""

from __future__ import annotations

from typing import Any

from django.test import Client

from civicdesk.councils.models import Council
from civicdesk.demo.loader import demo_accounts

LOGIN = "/accounts/login/"
PROXY = "10.0.0.5"
TOO_MANY = "Too many failed login attempts"


def password(username: str) -> str:
    return next(a.password for a in demo_accounts() if a.username == username)


def sign_in(username: str, secret: str, forwarded: str) -> Any:
    """A sign-in from a fresh browser session behind our proxy."""
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    return client.post(LOGIN, {"login": username, "password": secret})


def test_failed_sign_ins_count_by_the_address_our_proxy_saw(demo: Council, settings: Any) -> None:
    settings.CIVICDESK_TRUSTED_PROXIES = 1
    for n in range(10):
        # each from its own session, with a forged entry on the left and a different username
        failed = sign_in(f"nobody-{n}", "wrong-password", f"6.6.6.{n}, 198.51.100.9")
        assert failed.status_code == 200
        assert TOO_MANY not in failed.content.decode()
    guesser = sign_in("advisor", password("advisor"), "7.7.7.7, 198.51.100.9")
    assert guesser.status_code == 200  # not signed in, even with the right password
    assert TOO_MANY in guesser.content.decode()
    # a colleague behind the same proxy is not locked out by someone else's guessing
    colleague = sign_in("manager", password("manager"), "198.51.100.20")
    assert colleague.status_code == 302

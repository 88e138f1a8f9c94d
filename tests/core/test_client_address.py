"""The client's address believes X-Forwarded-For only as far as our own proxies wrote it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from civicdesk.core.client_address import client_address, limit_key

PROXY = "10.0.0.5"


def request(forwarded: str | None = None, remote: str = PROXY) -> Any:
    made = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        made.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return made


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, PROXY),
        (0, "203.0.113.7", PROXY),  # no proxy of ours: anyone can write the header
        (1, None, PROXY),  # a request that did not pass the proxy
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 7.7.7.7, 203.0.113.7", "203.0.113.7"),  # forged entries on the left
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (2, "203.0.113.7", "203.0.113.7"),  # fewer entries than proxies: the leftmost
        (1, "6.6.6.6,203.0.113.7 ", "203.0.113.7"),
        (1, "2001:DB8::0:1", "2001:db8::1"),  # one written form
        (1, "::ffff:203.0.113.7", "203.0.113.7"),  # IPv4 through an IPv6 socket
        (1, "203.0.113.7, not-an-address", PROXY),  # garbage where ours would write
        (1, "203.0.113.7, " + "9" * 5000, PROXY),
    ],
)
def test_the_address_is_taken_from_trusted_hops_only(
    settings: Any, proxies: int, forwarded: str | None, expected: str
) -> None:
    settings.CIVICDESK_TRUSTED_PROXIES = proxies
    assert client_address(request(forwarded)) == expected


def test_the_default_trusts_no_proxy() -> None:
    assert client_address(request("203.0.113.7")) == PROXY


@pytest.mark.parametrize(
    "forwarded",
    [None, "203.0.113.7", "6.6.6.6, 203.0.113.7", "6.6.6.6, 7.7.7.7, 203.0.113.7, 10.0.0.9"],
)
@pytest.mark.parametrize("proxies", [0, 1, 2])
def test_drf_reads_the_same_address(settings: Any, proxies: int, forwarded: str | None) -> None:
    settings.CIVICDESK_TRUSTED_PROXIES = proxies
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
    wrapped = Request(request(forwarded))
    assert BaseThrottle().get_ident(wrapped) == client_address(wrapped)


def test_settings_tell_drf_and_allauth_the_same_number(settings: Any) -> None:
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == settings.CIVICDESK_TRUSTED_PROXIES == 0
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.CIVICDESK_TRUSTED_PROXIES


def test_limits_count_an_ipv6_client_by_its_64() -> None:
    assert (
        limit_key("2001:db8:1:2:aaaa::1") == limit_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::"
    )
    assert limit_key("2001:db8:1:3::1") != limit_key("2001:db8:1:2::1")
    assert limit_key("203.0.113.7") == "203.0.113.7"

"""Resetting a password by email: sent where mail is set up, and otherwise a page saying so and
who can help, never a server error. Mail is set up from the environment (config/mail.py)."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from civicdesk.councils.models import Council
from config.mail import Mail, mail_from_environment

RESET = "/accounts/password/reset/"
ASK_THE_ADMINISTRATOR = "Ask your council administrator to reset your password for you."


@pytest.fixture
def with_email(demo: Council) -> str:
    get_user_model().objects.filter(username="advisor").update(email="advisor@example.org")
    return "advisor@example.org"


def test_without_mail_the_page_says_to_ask_the_council_administrator(
    settings: Any, with_email: str
) -> None:
    settings.CIVICDESK_MAIL_CONFIGURED = False
    for response in (Client().get(RESET), Client().post(RESET, {"email": with_email})):
        assert response.status_code == 200
        html = response.content.decode()
        assert "Resetting your password by email is not set up" in html
        assert ASK_THE_ADMINISTRATOR in html
        assert 'name="email"' not in html
    assert mail.outbox == []


def test_a_mail_server_that_fails_is_a_clear_page(settings: Any, with_email: str) -> None:
    with socket.socket() as unused:  # a port nothing listens on: the connection is refused
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    response = Client().post(RESET, {"email": with_email})
    assert response.status_code == 200
    html = response.content.decode()
    assert "we could not send the email to reset your password" in html
    assert "ask your council administrator" in html


def test_with_mail_the_link_is_sent(with_email: str) -> None:
    response = Client().post(RESET, {"email": with_email})
    assert response.status_code == 302
    [sent] = mail.outbox
    assert sent.to == [with_email]
    assert "/accounts/password/reset/key/" in sent.body
    done = Client().get(response["Location"]).content.decode()
    assert "Check your email" in done


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, Mail(configured=False)),
        (
            {"EMAIL_URL": "smtp://civic%40desk:p%3Ass@mail.example.org:2525?tls=true"},
            Mail(True, "mail.example.org", 2525, "civic@desk", "p:ss", use_tls=True),
        ),
        (
            {"EMAIL_URL": "smtps://mail.example.org"},
            Mail(True, "mail.example.org", 465, use_ssl=True),
        ),
        (
            {
                "EMAIL_HOST": "mail.example.org",
                "EMAIL_HOST_USER": "civicdesk",
                "EMAIL_HOST_PASSWORD": "secret",
                "EMAIL_USE_TLS": "true",
            },
            Mail(True, "mail.example.org", 587, "civicdesk", "secret", use_tls=True),
        ),
    ],
)
def test_mail_is_configured_from_the_environment(environ: dict[str, str], expected: Mail) -> None:
    assert mail_from_environment(environ) == expected


@pytest.mark.parametrize(
    "environ",
    [
        {"EMAIL_URL": "http://mail.example.org"},
        {"EMAIL_URL": "smtp://"},
        {"EMAIL_HOST": "mail.example.org", "EMAIL_PORT": "twenty-five"},
        {"EMAIL_HOST": "mail.example.org", "EMAIL_USE_TLS": "perhaps"},
    ],
)
def test_mail_settings_that_make_no_sense_stop_the_start(environ: dict[str, str]) -> None:
    with pytest.raises(ImproperlyConfigured):
        mail_from_environment(environ)

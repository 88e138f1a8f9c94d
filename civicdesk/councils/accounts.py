"""Staff sign-in rules: accounts are made by administrators, never by sign-up; a password is
reset by email only where mail is set up."""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.views import password_reset as allauth_password_reset
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from civicdesk.core.client_address import client_address

logger = logging.getLogger(__name__)
NO_RESET_TEMPLATE = "account/password_reset_unavailable.html"
SILENT_MESSAGES = {"account/messages/logged_in.txt", "account/messages/logged_out.txt"}


class StaffAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        """No "Successfully signed in" (or out) notice: the staff page a sign-in lands on does
        not show notices, so it would appear, stale, on a later page. "Signed in as" in the
        header already says who is signed in."""
        if message_template in SILENT_MESSAGES:
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def get_client_ip(self, request: HttpRequest) -> str:
        """The address sign-in limits count by: the one our trusted proxies give (ADR 26)."""
        return client_address(request)


def password_reset(request: HttpRequest) -> HttpResponse:
    """allauth's "reset your password" page where mail is set up (CIVICDESK_MAIL_CONFIGURED).
    Where it is not, or the mail server fails, a page saying so and to ask the council
    administrator: never a server error for something the staff member cannot fix."""
    if not settings.CIVICDESK_MAIL_CONFIGURED:
        return render(request, NO_RESET_TEMPLATE, {"failed": False})
    try:
        response: HttpResponse = allauth_password_reset(request)
    except OSError:  # smtplib's errors, a refused connection, a timeout, TLS
        logger.exception("The password reset email could not be sent")
        return render(request, NO_RESET_TEMPLATE, {"failed": True})
    return response

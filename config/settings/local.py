"""Development on a laptop: `make demo`. Never used in production."""

from __future__ import annotations

from config.env import env_bool, env_str
from config.settings.base import *  # noqa: F403
from config.settings.base import CIVICDESK_MAIL_CONFIGURED, DATA_DIR, STATIC_ROOT

DEBUG = env_bool("DJANGO_DEBUG", default=True)
# A key for local development only; production refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "local-development-only-not-a-secret")
DATA_DIR.mkdir(parents=True, exist_ok=True)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
CIVICDESK_ALLOW_DEMO = True
if not CIVICDESK_MAIL_CONFIGURED:
    # Mail is printed in the terminal, so password reset can be tried without a mail server.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    CIVICDESK_MAIL_CONFIGURED = True

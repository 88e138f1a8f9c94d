"""Settings for the test suite: SQLite by default, PostgreSQL when DATABASE_URL is set."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403
from config.settings.base import DATA_DIR, DATABASES, HUEY, STATIC_ROOT

SECRET_KEY = "test-only-not-a-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast hashing for tests
HUEY = {**HUEY, "immediate": True}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_DIR.mkdir(parents=True, exist_ok=True)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
CIVICDESK_ALLOW_DEMO = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # mail.outbox, never sent
CIVICDESK_MAIL_CONFIGURED = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, as in production: threads in the concurrency tests wait for each other's writes
    # (WAL, busy timeout) instead of failing at once as an in-memory shared cache makes them.
    # One file per test process, removed when it ends, so parallel runs never share one.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"civicdesk-test-{os.getpid()}.sqlite3")
    }

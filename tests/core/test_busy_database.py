"""A write that finds the database busy is answered 503 with Retry-After, in the shape of the
interface it was for, never a 500 (issue 11, point 2; ADR 29).

A real process on a real SQLite file, its write lock held by a second connection, as a running
import's chunk holds it; the lock waits SQLITE_TIMEOUT_SECONDS (1 s here) before giving up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import InterfaceError, OperationalError, connection, connections
from django.http import HttpResponse
from django.test import Client, RequestFactory

from civicdesk.core.busy import BusyDatabaseMiddleware, database_busy, database_lost

ROOT = Path(__file__).resolve().parents[2]
CIVICDESK = [sys.executable, "-m", "civicdesk.manage"]  # `civicdesk`, from this checkout


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(  # noqa: S603 -- our own commands
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CIVICDESK_DATA_DIR": str(tmp_path_factory.mktemp("busy")),
        "SQLITE_TIMEOUT_SECONDS": "1",
    }
    run([*CIVICDESK, "migrate", "--noinput", "-v0"], env)
    run([*CIVICDESK, "load_demo", "--residents", "0", "--no-calls"], env)
    found: dict[str, dict[str, Any]] = json.loads(
        run([sys.executable, "-m", "tests.core.busy_probe"], env).stdout
    )
    return found


def test_a_page_post_is_a_503_page_with_retry_after(answers: dict[str, dict[str, Any]]) -> None:
    page = answers["page"]
    assert (page["status"], page["retry_after"]) == (503, "5")
    assert page["type"].startswith("text/html")
    assert "Try again in a few seconds" in page["body"]


def test_a_staff_api_post_is_a_503_in_the_api_shape(answers: dict[str, dict[str, Any]]) -> None:
    api = answers["api"]
    assert (api["status"], api["retry_after"]) == (503, "5")
    assert json.loads(api["body"])["error"]["code"] == "busy"


def test_an_open311_post_is_a_503_in_open311_shape(answers: dict[str, dict[str, Any]]) -> None:
    open311 = answers["open311"]
    assert (open311["status"], open311["retry_after"]) == (503, "5")
    assert json.loads(open311["body"])[0]["code"] == 503


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own lock timeout")
def test_a_lock_timeout_on_postgresql_is_a_503_too(advisor_client: Client) -> None:
    """A deployment may set lock_timeout: a write that waits longer is busy, not broken."""
    other = psycopg.connect(
        host=connection.settings_dict["HOST"],
        port=connection.settings_dict["PORT"] or 5432,
        user=connection.settings_dict["USER"],
        dbname=connection.settings_dict["NAME"],
    )
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '100ms'")
    try:
        other.execute("LOCK TABLE contacts_contact IN ACCESS EXCLUSIVE MODE")
        body = {"council": "demo", "channel": "phone", "direction": "inbound"}
        response = advisor_client.post("/api/v1/contacts/", body, content_type="application/json")
    finally:
        other.rollback()
        other.close()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert (response.status_code, response["Retry-After"]) == (503, "5")
    assert response.json()["error"]["code"] == "busy"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a server that ends connections")
@pytest.mark.django_db
def test_a_connection_the_server_ended_is_a_503_not_a_500() -> None:
    """`pg_terminate_backend` (a restart, a fail-over) under a request: the server rolled its
    transaction back, so the answer is 'try again', in the interface's shape."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        with pytest.raises((OperationalError, InterfaceError)) as raised, other.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        other.close()
    assert database_lost(raised.value)
    assert not database_busy(raised.value)  # the import's "stayed busy" advice is not given
    middleware = BusyDatabaseMiddleware(lambda request: HttpResponse())
    request = RequestFactory().post("/api/v1/contacts/")
    response = middleware.process_exception(request, raised.value)
    assert response is not None
    assert (response.status_code, response["Retry-After"]) == (503, "5")
    assert json.loads(response.content)["error"]["code"] == "busy"

"""Benchmarks share the tests' fixtures and run in a database of their own that outlives a run.

The benchmark database is BENCH_DATABASE_URL (SQLite file var/bench/bench.sqlite3 by default;
e.g. postgres://postgres@127.0.0.1:5432/civicdesk_bench for PostgreSQL), never DATABASE_URL's.
It is kept between runs so that the 10-million-call data set is built once; each benchmark
still runs in a transaction that is rolled back. `pytest benchmarks --create-db` rebuilds it.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings
from django.db import connections

from tests.conftest import advisor_client, demo  # noqa: F401 - the same fixtures as the tests

ROOT = Path(__file__).resolve().parents[1]
BENCH_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'bench.sqlite3'}"
)
SQLITE_OPTIONS = {  # as config/settings/base.py sets them
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """Point the default database at the benchmark database, before anything connects."""
    for opened in connections.all(initialized_only=True):
        assert opened.connection is None, "connected before the switch to the benchmark database"
        del connections[opened.alias]  # made again from the new settings when next used
    wanted = dj_database_url.parse(BENCH_DATABASE_URL)
    default = settings.DATABASES["default"]
    default.update(wanted)
    sqlite = wanted["ENGINE"] == "django.db.backends.sqlite3"
    default["OPTIONS"] = dict(SQLITE_OPTIONS) if sqlite else {}
    default["TEST"] = {**default.get("TEST", {}), "NAME": wanted["NAME"]}
    if sqlite:
        Path(wanted["NAME"]).parent.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def django_db_keepdb() -> bool:
    """Keep the benchmark database (and its data set) for the next run."""
    return True

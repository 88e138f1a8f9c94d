"""Limits hold across web processes: counts one process makes are seen by the next, with the
database cache (the default) and with Redis (REDIS_URL); and a process starts with REDIS_URL set.

Real processes, a real SQLite file made by `migrate` alone, and the machine's Redis (database 5,
under a key prefix of the test's own, whose keys the test deletes).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
CIVICDESK = [sys.executable, "-m", "civicdesk.manage"]  # `civicdesk`, from this checkout
REDIS_URL = "redis://127.0.0.1:6379/5"


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(  # noqa: S603 -- our own commands
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a fresh site: its own SQLite file, migrated, with the demo councils."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CIVICDESK_DATA_DIR": str(tmp_path_factory.mktemp("site")),
        "OPEN311_READ_RATE": "10/minute",
    }
    run([*CIVICDESK, "migrate", "--noinput", "-v0"], env)
    run([*CIVICDESK, "load_demo", "--residents", "0", "--no-calls"], env)
    return env


@pytest.fixture
def redis_db() -> Iterator[tuple[redis.Redis, str]]:
    """The machine's Redis, database 5, and a key prefix for this test; its keys go after."""
    client = redis.Redis.from_url(REDIS_URL)
    client.ping()  # Redis runs on every machine the tests run on (README): never skipped
    prefix = f"test-{uuid.uuid4().hex}"
    yield client, prefix
    for key in client.scan_iter(match=f"*{prefix}*"):
        client.delete(key)
    client.close()


def probe(env: dict[str, str], count: int, prefix: str | None = None) -> dict[str, list[Any]]:
    args = [sys.executable, "-m", "tests.core.limits_probe", str(count)]
    answers: dict[str, list[Any]] = json.loads(run(args + ([prefix] if prefix else []), env).stdout)
    return answers


def assert_shared(env: dict[str, str], prefix: str | None = None) -> None:
    first = probe(env, 10, prefix)
    assert first == {"track": [200] * 10, "open311": [200] * 10, "sign-in": [200] * 10}
    # another process, with its own cache connection and no cookies, is refused on all three
    assert probe(env, 1, prefix) == {"track": [429], "open311": [429], "sign-in": ["refused"]}


def test_counts_are_shared_through_the_database_cache(site: dict[str, str]) -> None:
    assert_shared(site)


def test_counts_are_shared_through_redis(
    site: dict[str, str], redis_db: tuple[redis.Redis, str]
) -> None:
    client, prefix = redis_db
    assert_shared({**site, "REDIS_URL": REDIS_URL}, prefix)
    assert any(client.scan_iter(match=f"{prefix}:*"))  # the counts were in Redis


def test_a_process_starts_with_redis_url(tmp_path: Path, redis_db: tuple[redis.Redis, str]) -> None:
    client, prefix = redis_db
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "CIVICDESK_DATA_DIR": str(tmp_path),
        "REDIS_URL": REDIS_URL,
    }
    run([*CIVICDESK, "check"], env)  # exits 0: the process starts
    shell = (
        "from django.core.cache import caches; from huey.contrib.djhuey import HUEY;"
        f"caches['default'].set('{prefix}-seen', 'yes', 60);"
        "print(type(caches['default']).__name__, type(HUEY).__name__, HUEY.storage.conn.ping())"
    )
    answer = run([*CIVICDESK, "shell", "-c", shell], env).stdout.split()[-3:]
    assert answer == ["RedisCache", "RedisHuey", "True"]
    assert client.get(f":1:{prefix}-seen") is not None  # written to the machine's Redis

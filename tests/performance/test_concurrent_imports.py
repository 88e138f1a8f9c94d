"""Two imports at once for one council leave the rollups exactly as a rebuild recounts them
(issue 11, point 2; ADR 29).

Real processes: two `civicdesk import_calls` started together on a real database, a fresh
SQLite file or, when DATABASE_URL names a PostgreSQL server (CI's second run), a fresh database
on it. Their files share calls (changed by both, and new to both) and have calls of their own.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dj_database_url
import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
CIVICDESK = [sys.executable, "-m", "civicdesk.manage"]  # `civicdesk`, from this checkout
PROBE = [sys.executable, "-m", "tests.performance.rollups_probe"]
HEADER = [
    "call_id",
    "line",
    "outcome",
    "presented_at",
    "queue_entered_at",
    "answered_at",
    "ended_at",
]
START = datetime(2026, 3, 30, 8, 0, tzinfo=UTC)  # 3 weeks, across a month's end
SHARED, OWN = 3000, 2000


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(  # noqa: S603 -- our own commands
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.fixture
def site(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A fresh, migrated database with the council `imports`, and the environment naming it."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.test", "CIVICDESK_DATA_DIR": str(tmp_path)}
    server = os.environ.get("DATABASE_URL", "")
    name = f"imports_{uuid.uuid4().hex[:12]}"
    admin = ""
    if server.startswith("postgres"):
        parts = dj_database_url.parse(server)
        admin = f"host={parts['HOST']} port={parts['PORT'] or 5432} user={parts['USER']}"
        admin += " dbname=postgres"
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = server.rsplit("/", 1)[0] + f"/{name}"
    else:
        env.pop("DATABASE_URL", None)  # SQLite, a file in CIVICDESK_DATA_DIR
    run([*CIVICDESK, "migrate", "--noinput", "-v0"], env)
    run([*PROBE, "setup"], env)
    yield env
    if admin:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def calls_file(path: Path, ids: list[str], *, wait: int) -> Path:
    """Answered calls, one every 3 minutes from START, each waiting `wait` + its number % 60 s."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for n, call_id in enumerate(ids):
        number = int(call_id.split("-")[1])
        presented = START + timedelta(minutes=3 * number)
        answered = presented + timedelta(seconds=wait + number % 60)
        line = "Council Tax" if number % 2 else "Waste"
        ended = answered + timedelta(seconds=120 + n % 7)
        times = (presented, presented, answered, ended)
        writer.writerow((call_id, line, "answered", *(t.isoformat() for t in times)))
    path.write_text(out.getvalue())
    return path


def test_two_imports_at_once_leave_the_rollups_a_rebuild_would(
    site: dict[str, str], tmp_path: Path
) -> None:
    known = [f"call-{n}" for n in range(SHARED)]
    run(
        [
            *CIVICDESK,
            "import_calls",
            str(calls_file(tmp_path / "known.csv", known, wait=5)),
            "--council",
            "imports",
        ],
        site,
    )
    both_new = [f"call-{n}" for n in range(SHARED, 2 * SHARED)]
    first_own = [f"call-{n}" for n in range(2 * SHARED, 2 * SHARED + OWN)]
    second_own = [f"call-{n}" for n in range(2 * SHARED + OWN, 2 * SHARED + 2 * OWN)]
    # Both change every known call (differently) and create the same new ones.
    first = calls_file(tmp_path / "first.csv", known + both_new + first_own, wait=15)
    second = calls_file(tmp_path / "second.csv", second_own + both_new + known, wait=40)
    imports = [
        subprocess.Popen(  # noqa: S603 -- our own command
            [*CIVICDESK, "import_calls", str(path), "--council", "imports"],
            cwd=ROOT,
            env=site,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in (first, second)
    ]
    for process in imports:
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors[-3000:]
    rollups = json.loads(run([*PROBE, "compare"], site).stdout)
    assert rollups["kept"] == rollups["rebuilt"]
    assert len(rollups["rebuilt"]) > 4 * 2  # every period of both lines, on several days

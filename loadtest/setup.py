"""The load test's own database and gunicorn: made fresh, seeded, started, and removed after."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from loadtest.wire import Connection, ConnectionDropped, request_bytes

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
POSTGRES = "postgres://postgres@127.0.0.1:5432"


@dataclass(frozen=True)
class Database:
    name: str

    @property
    def url(self) -> str:
        return f"{POSTGRES}/{self.name}"

    @property
    def admin_url(self) -> str:
        return f"{POSTGRES}/postgres"

    def create(self) -> None:
        self.drop()
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))

    def drop(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name))
            )


def server_environment(database: Database, data_dir: Path, redis_url: str) -> dict[str, str]:
    """Production settings as a deployment behind an HTTPS proxy would have them."""
    return {
        **os.environ,
        # Another module only to try a change to production's settings before making it.
        "DJANGO_SETTINGS_MODULE": os.environ.get("LOADTEST_SETTINGS", "config.settings.production"),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": database.url,
        "REDIS_URL": redis_url,
        "CIVICDESK_DATA_DIR": str(data_dir),
        # The throttles count per address and every client here is 127.0.0.1.
        "OPEN311_READ_RATE": "1000000/minute",
        "OPEN311_WRITE_RATE": "1000000/minute",
        "LOG_LEVEL": "WARNING",
    }


def civicdesk(environment: dict[str, str], *arguments: str, local: bool = False) -> str:
    """Run a management command; returns what it printed. `local`: local settings (load_demo
    refuses production's, rightly)."""
    env = (
        {**environment, "DJANGO_SETTINGS_MODULE": "config.settings.local"} if local else environment
    )
    done = subprocess.run(  # noqa: S603 -- our own console script, fixed arguments
        [str(BIN / "civicdesk"), *arguments],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"civicdesk {' '.join(arguments)} failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def master(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_gunicorn(
    environment: dict[str, str], *, workers: int, worker_class: str, threads: int, log: Path
) -> Server:
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "config.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        f"--worker-class={worker_class}",
        f"--threads={threads}",
        "--keep-alive=5",
        "--backlog=2048",
        "--timeout=30",
        "--graceful-timeout=5",
    ]
    with log.open("ab") as output:  # Django's error log too: 500s' tracebacks are expected here
        process = subprocess.Popen(  # noqa: S603 -- our own gunicorn, fixed arguments
            command, env=environment, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
        )
    return Server(process, port, log)


def wait_until_serving(server: Server, path: str, *, seconds: float = 60) -> None:
    import asyncio

    async def ask() -> int:
        connection = Connection(HOST, server.port)
        try:
            raw = request_bytes(
                "GET", path, host=f"{HOST}:{server.port}", headers={"X-Forwarded-Proto": "https"}
            )
            return (await connection.send(raw, timeout=5)).status
        finally:
            connection.close()

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped; see {server.log}")
        try:
            if asyncio.run(ask()) == 200:
                return
        except (OSError, ConnectionDropped, TimeoutError):
            pass  # not listening yet, or a worker still booting
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {path} within {seconds} s; see {server.log}")

"""The faults of the fault phases: a web worker killed, the database's connections ended."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import psycopg


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers, for its master)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # it ended while we looked
        # pid (comm) state ppid ...: comm may hold spaces, so split after its closing bracket.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.append(int(entry.name))
    return sorted(found)


def kill_a_worker(master: int) -> str:
    workers = children(master)
    if not workers:
        return "no worker found"
    victim = workers[0]
    os.kill(victim, signal.SIGKILL)
    return f"SIGKILL to worker {victim} (of {len(workers)})"


def end_connections(admin_url: str, database: str) -> str:
    """pg_terminate_backend for every connection to `database` but our own."""
    with psycopg.connect(admin_url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        ).fetchall()
    return f"pg_terminate_backend ended {sum(1 for (ended,) in rows if ended)} connections"

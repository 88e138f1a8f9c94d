"""The faults of the fault phases: a web worker killed, the database's connections ended."""

from __future__ import annotations

import os
import signal

import psycopg

from loadtest.processes import children


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

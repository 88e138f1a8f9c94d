"""gunicorn's workers, found as its master's children in /proc, and the CPU time they used."""

from __future__ import annotations

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    """The fields after the command name of /proc/PID/stat (which may hold spaces); None when
    the process has gone."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers, for its master)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) and int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User and system CPU time of each process still running, in seconds."""
    used = {}
    for pid in pids:
        fields = _stat(pid)
        if fields is not None:
            used[pid] = (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
    return used

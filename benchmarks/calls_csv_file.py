"""A calls file of any size for measuring `import_calls`, written as a stream (never in memory).

    python -m benchmarks.calls_csv_file write calls.csv 10000000   # the file (do not commit it)
    python -m benchmarks.calls_csv_file council bench-import        # a council with its lines

The calls are benchmarks/calls_dataset.py's (the 16 lines, three years, in presented-at order),
in the native import columns, times in UTC ("2022-01-03 08:30:00Z"). `council` needs Django's
settings' database (DATABASE_URL) and makes the council if it is missing.
"""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import django

HEADER = (
    "call_id", "line", "presented_at", "ivr_exit_at", "queue_entered_at", "queue_exited_at",
    "answered_at", "ended_at", "outcome", "agent", "transferred_to", "wrap_seconds",
)  # fmt: skip


def call_rows(count: int, seed: int = 7) -> Iterator[tuple[Any, ...]]:
    """`count` calls as rows of the import's columns."""
    from benchmarks.calls_dataset import LINES, _time_text, generate_calls

    text = _time_text("Z")
    for number, (line, *times, outcome, agent, to, wrap) in enumerate(
        generate_calls(count, seed), start=1
    ):
        stamps = [text(moment) or "" for moment in times]
        yield (f"I{number:09d}", LINES[line][1], *stamps, outcome, agent, to, wrap)


def write_calls(path: Path, count: int) -> None:
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(call_rows(count))


def make_council(slug: str) -> None:
    from benchmarks.calls_dataset import LINES
    from civicdesk.catalogue.models import ServiceLine
    from civicdesk.councils.models import Council

    council, _ = Council.objects.get_or_create(slug=slug, defaults={"name": "Import benchmark"})
    for code, name, _, _ in LINES:
        ServiceLine.objects.get_or_create(council=council, code=code, defaults={"name": name})


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    django.setup()  # calls_dataset reads the models
    if sys.argv[1] == "write":
        write_calls(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        make_council(sys.argv[2])

"""The load test's table: printed, and written into docs/performance.md between its markers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

START = "<!-- loadtest:start -->"
END = "<!-- loadtest:end -->"
HEADER = (
    "| phase | requests | requests/s | p50 ms | p99 ms | errors | retried, then 2xx "
    "| lost | duplicated | unanswered rows | half-written | workers' CPU ms per request "
    "| driver CPU | machine CPU |"
)


@dataclass(frozen=True)
class Row:
    phase: str
    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float
    errors: int  # requests whose last answer was not a 2xx (or that got none)
    retried_ok: int
    lost: int | None  # None: the phase writes nothing, so there is nothing to reconcile
    duplicated: int | None
    unanswered: int | None
    half_written: int | None
    worker_cpu_ms: float  # gunicorn workers' CPU time per request answered
    driver_cpu: float  # share of one core
    machine_cpu: float  # share of all cores

    def cells(self) -> list[str]:
        def maybe(value: int | None) -> str:
            return "—" if value is None else str(value)

        return [
            self.phase,
            f"{self.requests:,}",
            f"{self.per_second:,.0f}",
            f"{self.p50_ms:.1f}",
            f"{self.p99_ms:.1f}",
            str(self.errors),
            str(self.retried_ok),
            maybe(self.lost),
            maybe(self.duplicated),
            maybe(self.unanswered),
            maybe(self.half_written),
            f"{self.worker_cpu_ms:.1f}",
            f"{self.driver_cpu:.0%}",
            f"{self.machine_cpu:.0%}",
        ]


def broken(rows: list[Row]) -> list[str]:
    """The phases that lost, duplicated or half-wrote a write: any makes the run fail."""
    return [row.phase for row in rows if row.lost or row.duplicated or row.half_written]


def table(rows: list[Row]) -> str:
    separator = "|" + "---|" * HEADER.count(" | ") + "---|"
    lines = [HEADER, separator] + ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def replace_between_markers(document: str, section: str, heading: str) -> str:
    """`document` with the text between the markers replaced by `section`; the markers (under
    `heading`) are added at the end when missing."""
    block = f"{START}\n{section.strip()}\n{END}"
    if START in document and END in document:
        before, rest = document.split(START, 1)
        after = rest.split(END, 1)[1]
        return before + block + after
    return document.rstrip("\n") + f"\n\n{heading}\n\n{block}\n"


def write_section(path: Path, section: str, heading: str) -> None:
    path.write_text(replace_between_markers(path.read_text(), section, heading))

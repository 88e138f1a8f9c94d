"""An import's progress on a terminal: rows so far, rows a second and the time left.

One line, rewritten in place (a carriage return) at most twice a second, per pass: reading
and checking (time left from the bytes read of the file's size), then writing (from the rows
written of the good rows staged). `NO_PROGRESS` says nothing, for tests and logs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol, TextIO

EVERY_SECONDS = 0.5


class Progress(Protocol):
    def reading(self, rows: int, *, last: bool = False) -> None: ...

    def writing(self, rows: int, of: int) -> None: ...

    def finish(self) -> None: ...


class _Silent:
    def reading(self, rows: int, *, last: bool = False) -> None:
        pass

    def writing(self, rows: int, of: int) -> None:
        pass

    def finish(self) -> None:
        pass


NO_PROGRESS: Progress = _Silent()


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class TerminalProgress:
    """Writes to `out` (stderr); `fraction_read` says how much of the file has been read."""

    def __init__(
        self,
        out: TextIO,
        fraction_read: Callable[[], float | None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.out = out
        self.fraction_read = fraction_read
        self.clock = clock
        self.phase = ""
        self.started = self.shown_at = 0.0
        self.shown = False

    def _begin(self, phase: str) -> None:
        if phase != self.phase:
            if self.shown:
                self.out.write("\n")
            self.phase, self.started, self.shown_at = phase, self.clock(), 0.0

    def _show(self, rows: int, fraction: float | None, *, last: bool = False) -> None:
        moment = self.clock()
        if not last and moment - self.shown_at < EVERY_SECONDS:
            return
        self.shown_at = moment
        spent = max(moment - self.started, 1e-9)
        line = f"{self.phase}: {rows:,} rows, {rows / spent:,.0f} rows/s"
        if fraction:
            fraction = min(fraction, 1.0)  # a file still growing reads past the size it had
            line += f", {_duration(spent * (1 - fraction) / fraction)} left"
        self.out.write(f"\r{line}\x1b[K")
        self.out.flush()
        self.shown = True

    def reading(self, rows: int, *, last: bool = False) -> None:
        self._begin("checking")
        self._show(rows, self.fraction_read(), last=last)

    def writing(self, rows: int, of: int) -> None:
        self._begin("writing")
        self._show(rows, rows / of if of else None, last=rows == of)

    def finish(self) -> None:
        if self.shown:
            self.out.write("\n")
            self.out.flush()
        self.shown = False

"""Line metrics, defined once (docs/metrics.md says the same in words). Pure: no database here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

ANSWERED = "answered"
ABANDONED_IVR = "abandoned_ivr"
ABANDONED_QUEUE = "abandoned_queue"
CALLBACK = "callback"
TRANSFERRED = "transferred"

DEFAULT_SERVICE_LEVEL_SECONDS = 20
DEFAULT_SHORT_ABANDON_SECONDS = 5


@dataclass(frozen=True)
class Call:
    line: str
    outcome: str
    presented_at: datetime
    ivr_exit_at: datetime | None = None
    queue_entered_at: datetime | None = None
    queue_exited_at: datetime | None = None
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    wrap_seconds: int | None = None


@dataclass(frozen=True)
class LineFigures:
    line: str
    presented: int
    answered: int
    abandoned_ivr: int
    abandoned_queue: int
    short_abandons: int
    callbacks: int
    ata_seconds: float | None
    mean_wait_seconds: float | None
    aht_seconds: float | None
    service_level: float | None
    transferred: int
    transfer_rate: float | None


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    return (end - start).total_seconds() if start is not None and end is not None else None


def _mean(total: float, count: int) -> float | None:
    return total / count if count else None


# The running sums a Tally keeps; rollups store exactly these, so figures add up across periods.
SUMS = (
    "presented",
    "answered",
    "abandoned_ivr",
    "abandoned_queue",
    "short_abandons",
    "callbacks",
    "transferred",
    "answer_seconds",
    "waited",
    "wait_seconds",
    "handled",
    "handling_seconds",
    "within_target",
    "answered_timed",
)


@dataclass
class Tally:
    """Running sums for one line; `figures()` turns them into the published measures."""

    presented: int = 0
    answered: int = 0
    abandoned_ivr: int = 0
    abandoned_queue: int = 0
    short_abandons: int = 0
    callbacks: int = 0
    transferred: int = 0
    answer_seconds: float = 0.0
    waited: int = 0
    wait_seconds: float = 0.0
    handled: int = 0
    handling_seconds: float = 0.0
    within_target: int = 0
    answered_timed: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    def add(
        self,
        call: Call,
        *,
        service_level_seconds: float,
        short_abandon_seconds: float,
        weight: int = 1,
    ) -> None:
        """Count the call in; `weight=-1` takes a call counted earlier back out."""
        self.presented += weight
        wait = _seconds(
            call.queue_entered_at, call.answered_at or call.queue_exited_at or call.ended_at
        )
        if wait is not None:
            self.waited += weight
            self.wait_seconds += weight * wait
        if call.outcome in (ANSWERED, TRANSFERRED):
            self.answered += weight
            self.transferred += weight * (call.outcome == TRANSFERRED)
            to_answer = _seconds(call.queue_entered_at or call.presented_at, call.answered_at)
            if to_answer is not None:
                self.answered_timed += weight
                self.answer_seconds += weight * to_answer
                self.within_target += weight * (to_answer <= service_level_seconds)
            talk = _seconds(call.answered_at, call.ended_at)
            if talk is not None:
                self.handled += weight
                self.handling_seconds += weight * (talk + (call.wrap_seconds or 0))
        elif call.outcome == ABANDONED_IVR:
            gave_up = _seconds(call.presented_at, call.ivr_exit_at or call.ended_at)
            if gave_up is not None and gave_up < short_abandon_seconds:
                self.short_abandons += weight
            else:
                self.abandoned_ivr += weight
        elif call.outcome == ABANDONED_QUEUE:
            gave_up = _seconds(call.queue_entered_at, call.queue_exited_at or call.ended_at)
            if gave_up is not None and gave_up < short_abandon_seconds:
                self.short_abandons += weight
            else:
                self.abandoned_queue += weight
        elif call.outcome == CALLBACK:
            self.callbacks += weight
        else:
            self.extra[call.outcome] = self.extra.get(call.outcome, 0) + weight

    def merge(self, other: Tally) -> None:
        """Add another tally's sums to this one (tallies of disjoint calls add up)."""
        for name in SUMS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self, line: str) -> LineFigures:
        offered = self.answered + self.abandoned_queue
        return LineFigures(
            line=line,
            presented=self.presented,
            answered=self.answered,
            abandoned_ivr=self.abandoned_ivr,
            abandoned_queue=self.abandoned_queue,
            short_abandons=self.short_abandons,
            callbacks=self.callbacks,
            ata_seconds=_mean(self.answer_seconds, self.answered_timed),
            mean_wait_seconds=_mean(self.wait_seconds, self.waited),
            aht_seconds=_mean(self.handling_seconds, self.handled),
            service_level=self.within_target / offered if offered else None,
            transferred=self.transferred,
            transfer_rate=self.transferred / self.answered if self.answered else None,
        )


def line_metrics(
    calls: Iterable[Call],
    *,
    service_level_seconds: float = DEFAULT_SERVICE_LEVEL_SECONDS,
    short_abandon_seconds: float = DEFAULT_SHORT_ABANDON_SECONDS,
    short_abandon_by_line: Mapping[str, float] | None = None,
) -> list[LineFigures]:
    """The figures of each line that has calls, in line-name order. A line named in
    `short_abandon_by_line` uses its own short-abandon threshold (its standard's), whatever T."""
    own = short_abandon_by_line or {}
    tallies: dict[str, Tally] = {}
    for call in calls:
        tallies.setdefault(call.line, Tally()).add(
            call,
            service_level_seconds=service_level_seconds,
            short_abandon_seconds=own.get(call.line, short_abandon_seconds),
        )
    return [tallies[line].figures(line) for line in sorted(tallies)]


def abandon_rate(figures: LineFigures) -> float | None:
    """Calls abandoned in the queue over those that reached it: answered plus abandoned there,
    the service level's denominator. Short abandons, IVR abandons and callbacks are in neither."""
    reached = figures.answered + figures.abandoned_queue
    return figures.abandoned_queue / reached if reached else None


def outcomes_add_up(figures: LineFigures) -> bool:
    """Every presented call has one outcome count: answered (transfers included), abandoned in
    the IVR or the queue, short abandon, or callback."""
    parts = (
        figures.answered
        + figures.abandoned_ivr
        + figures.abandoned_queue
        + figures.short_abandons
        + figures.callbacks
    )
    return parts == figures.presented


def figures_as_dict(figures: LineFigures, places: int = 2) -> dict[str, object]:
    """The published keys of `civicdesk line_metrics --json`, times rounded to `places`."""

    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, places)

    return {
        "line": figures.line,
        "presented": figures.presented,
        "answered": figures.answered,
        "abandoned_ivr": figures.abandoned_ivr,
        "abandoned_queue": figures.abandoned_queue,
        "short_abandons": figures.short_abandons,
        "callbacks": figures.callbacks,
        "ata_seconds": rounded(figures.ata_seconds),
        "mean_wait_seconds": rounded(figures.mean_wait_seconds),
        "aht_seconds": rounded(figures.aht_seconds),
        "service_level": None if figures.service_level is None else round(figures.service_level, 4),
        "transferred": figures.transferred,
        "transfer_rate": None if figures.transfer_rate is None else round(figures.transfer_rate, 4),
    }

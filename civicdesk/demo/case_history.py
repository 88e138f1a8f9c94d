"""The demo's months of cases: every step written at its own moment, through the services.

The demo's contacts and the moves of the cases they raise are steps on one timeline, run in
time order with the clock set to each step's moment (`core.clock.clock_set_to`), so timelines,
due times, pauses and breaches are what the services make of them. When a case is opened it is
given a course (where it should stand today); each move then picks the moment of the next from
the case as it is (its due time may have moved with a pause), and a move that would fall after
the moment the demo is loaded is not made: the case stays where it got to. The breach check
runs when huey would have run it, five minutes past each running case's due time.

Most cases end resolved on time and closed; some are resolved late; some are still open, and
many of the older of those overdue; a few wait on the resident or a third party.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import count
from random import Random
from typing import Any

from civicdesk.cases.models import Case
from civicdesk.cases.services import (
    case_assign,
    case_flag_breaches,
    case_note_add,
    case_transition,
)
from civicdesk.cases.vocabulary import Outcome, Status
from civicdesk.core.clock import clock_set_to

# The first cases (in time order) take every status in turn, so any demo, however small, has
# each; the rest follow these weights, by whether their standard has passed at load time.
IN_TURN = (
    Status.CLOSED,
    Status.RESOLVED,
    Status.IN_PROGRESS,
    Status.AWAITING_RESIDENT,
    Status.AWAITING_THIRD_PARTY,
    Status.OPEN,
)
WEIGHTS_WHEN_PAST_DUE = {
    Status.OPEN: 3,
    Status.IN_PROGRESS: 6,
    Status.AWAITING_RESIDENT: 4,
    Status.AWAITING_THIRD_PARTY: 3,
    Status.RESOLVED: 30,
    Status.CLOSED: 54,
}
WEIGHTS_WHEN_NOT_DUE = {
    Status.OPEN: 3,
    Status.IN_PROGRESS: 4,
    Status.AWAITING_RESIDENT: 1,
    Status.AWAITING_THIRD_PARTY: 1,
    Status.RESOLVED: 3,
    Status.CLOSED: 0,
}
LATE = 0.15  # of the cases that get resolved, how many only after their due time
ROUND_TRIP = 0.25  # of those, how many waited on the resident for a while first
MOVES: dict[Status, tuple[str, ...]] = {
    Status.OPEN: (),
    Status.IN_PROGRESS: ("start",),
    Status.AWAITING_RESIDENT: ("start", "ask_resident"),
    Status.AWAITING_THIRD_PARTY: ("start", "ask_third_party"),
    Status.RESOLVED: ("start", "resolve"),
    Status.CLOSED: ("start", "resolve", "close"),
}
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


@dataclass(order=True)
class _Step:
    at: datetime
    order: int
    action: Callable[[], None] = field(compare=False)


@dataclass
class _Course:
    case: Case
    moves: list[str]
    late: bool
    not_before: datetime | None  # the resident chases until then: not finished before
    last: datetime = field(init=False)

    def __post_init__(self) -> None:
        self.last = self.case.opened_at


def _check(moment: datetime) -> None:
    case_flag_breaches(moment=moment)


class CaseHistory:
    """A timeline of steps up to `until`; `run` makes them in time order."""

    def __init__(self, *, until: datetime, advisor: Any, leader: Any, rng: Random) -> None:
        self.until = until
        self.advisor = advisor
        self.leader = leader
        self.rng = rng
        self._steps: list[_Step] = []
        self._order = count()
        self._cases = 0
        self._checks: set[datetime] = set()

    def add(self, at: datetime, action: Callable[[], None]) -> None:
        if at <= self.until:
            heapq.heappush(self._steps, _Step(at, next(self._order), action))

    def run(self) -> None:
        while self._steps:
            step = heapq.heappop(self._steps)
            with clock_set_to(step.at):
                step.action()

    def opened(self, case: Case, *, not_before: datetime | None = None) -> None:
        """A contact has just raised `case`: give it its course and plan its first move."""
        n, self._cases = self._cases, self._cases + 1
        rng = self.rng
        if n < len(IN_TURN):
            target = IN_TURN[n]
        else:
            past_due = case.due_at is not None and case.due_at < self.until
            weights = WEIGHTS_WHEN_PAST_DUE if past_due else WEIGHTS_WHEN_NOT_DUE
            target = rng.choices(list(weights), list(weights.values()))[0]
        moves = list(MOVES[target])
        if "resolve" in moves and rng.random() < ROUND_TRIP:
            moves[1:1] = ["ask_resident", "reply"]
        course = _Course(case, moves, late=rng.random() < LATE, not_before=not_before)
        self._watch(case)
        self._next(course, final_in_turn=n < len(IN_TURN))

    def _watch(self, case: Case) -> None:
        """The five-minute breach check that would first see the running case overdue."""
        if case.due_at is None or case.sla_paused_at is not None or case.breached_at:
            return
        due = case.due_at.replace(second=0, microsecond=0)
        tick = due - timedelta(minutes=due.minute % 5) + timedelta(minutes=5)
        if tick not in self._checks:
            self._checks.add(tick)
            self.add(tick, lambda: _check(tick))

    def _next(self, course: _Course, *, final_in_turn: bool = False) -> None:
        if not course.moves:
            return
        move = course.moves[0]
        at = self._when(course, move)
        if final_in_turn and at > self.until:
            at = max(course.last, self.until - self.rng.uniform(1, 48) * HOUR)

        def make() -> None:
            course.moves.pop(0)
            course.case = self._make(course.case, move)
            course.last = at
            self._watch(course.case)
            self._next(course, final_in_turn=final_in_turn)

        self.add(at, make)

    def _when(self, course: _Course, move: str) -> datetime:
        rng, last, due = self.rng, course.last, course.case.due_at
        if move == "start":
            return last + timedelta(minutes=rng.randint(5, 26 * 60))
        if move == "reply":
            return last + rng.uniform(1, 12) * DAY
        if move == "close":
            return last + rng.uniform(1, 10) * DAY
        if due is None:  # no standard: a few days' work
            at = last + rng.uniform(1, 8) * DAY
        elif move == "resolve" and course.late:
            at = max(last, due) + rng.uniform(2, 240) * HOUR
        elif due > last:  # within the time left, or part of it for a question
            share = rng.uniform(0.1, 0.6) if move.startswith("ask") else rng.uniform(0.2, 0.95)
            at = last + (due - last) * share
        else:  # already overdue: done as soon as it can be
            at = last + rng.uniform(1, 72) * HOUR
        if move.startswith("ask") and not course.moves[1:]:
            # Waiting today: asked in the last few weeks, not months ago.
            at = max(at, self.until - rng.uniform(1, 25) * DAY)
        if course.not_before is not None:
            at = max(at, course.not_before + HOUR)
        return at

    def _make(self, case: Case, move: str) -> Case:
        advisor, rng = self.advisor, self.rng
        if move == "start":
            case = case_assign(case=case, actor=self.leader, assignee=advisor)
            return case_transition(case=case, actor=advisor, to=Status.IN_PROGRESS)
        if move == "ask_resident":
            case_note_add(case=case, actor=advisor, text="Asked the resident for evidence.")
            return case_transition(case=case, actor=advisor, to=Status.AWAITING_RESIDENT)
        if move == "ask_third_party":
            return case_transition(
                case=case,
                actor=advisor,
                to=Status.AWAITING_THIRD_PARTY,
                reason="Waiting on the contractor.",
            )
        if move == "reply":
            case_note_add(case=case, actor=advisor, text="The resident sent the evidence.")
            return case_transition(case=case, actor=advisor, to=Status.IN_PROGRESS)
        if move == "resolve":
            outcome = rng.choice([*[Outcome.DONE] * 5, *Outcome.values])
            return case_transition(case=case, actor=advisor, to=Status.RESOLVED, outcome=outcome)
        return case_transition(
            case=case, actor=self.leader, to=Status.CLOSED, outcome=case.outcome or Outcome.DONE
        )

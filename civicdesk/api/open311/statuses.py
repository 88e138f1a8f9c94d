"""Our case statuses and outcomes in Open311's words, both ways.

GeoReport v2 itself knows only "open" and "closed". mySociety's extension (servicerequestupdates)
has the extended statuses FixMyStreet understands; docs/open311.md has the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from civicdesk.cases.vocabulary import FINISHED_STATUSES, OPEN_STATUSES, Outcome, Status


class Extended(StrEnum):
    OPEN = "OPEN"
    IN_PROGRESS = "IN_PROGRESS"
    ACTION_SCHEDULED = "ACTION_SCHEDULED"
    INVESTIGATING = "INVESTIGATING"
    DUPLICATE = "DUPLICATE"
    NOT_COUNCILS_RESPONSIBILITY = "NOT_COUNCILS_RESPONSIBILITY"
    NO_FURTHER_ACTION = "NO_FURTHER_ACTION"
    INTERNAL_REFERRAL = "INTERNAL_REFERRAL"
    CLOSED = "CLOSED"
    FIXED = "FIXED"
    REOPEN = "REOPEN"


def plain(status: str) -> str:
    """GeoReport v2's status: open or closed."""
    return "open" if status in OPEN_STATUSES else "closed"


_WORKING = {
    Status.OPEN: Extended.OPEN,
    Status.IN_PROGRESS: Extended.IN_PROGRESS,
    Status.AWAITING_RESIDENT: Extended.INVESTIGATING,
    Status.AWAITING_THIRD_PARTY: Extended.ACTION_SCHEDULED,
}
_FINISHED = {
    Outcome.DONE: Extended.FIXED,
    Outcome.NO_FURTHER_ACTION: Extended.NO_FURTHER_ACTION,
    Outcome.NOT_COUNCIL_RESPONSIBILITY: Extended.NOT_COUNCILS_RESPONSIBILITY,
    Outcome.DUPLICATE: Extended.DUPLICATE,
    Outcome.REFERRED: Extended.INTERNAL_REFERRAL,
}


def extended(status: str, outcome: str = "", *, reopened: bool = False) -> Extended:
    """The extended status of a case that is `status` with `outcome`."""
    if reopened:
        return Extended.REOPEN
    if status in FINISHED_STATUSES:
        return _FINISHED.get(Outcome(outcome), Extended.CLOSED) if outcome else Extended.CLOSED
    return _WORKING.get(Status(status), Extended.OPEN)


@dataclass(frozen=True)
class Target:
    """Where an incoming extended status takes a case."""

    to: Status
    outcome: str = ""


# An incoming extended status. OPEN and REOPEN leave an open case as it is (FixMyStreet sends
# OPEN with every comment on an open report) and reopen a finished one; a finishing status leaves
# a closed case as it is (and CLOSED with every comment on a closed one). INVESTIGATING means the
# council is working on it: we do not pause the clock on a client's word.
INCOMING: dict[Extended, Target] = {
    Extended.OPEN: Target(Status.OPEN),
    Extended.REOPEN: Target(Status.OPEN),
    Extended.IN_PROGRESS: Target(Status.IN_PROGRESS),
    Extended.INVESTIGATING: Target(Status.IN_PROGRESS),
    Extended.ACTION_SCHEDULED: Target(Status.AWAITING_THIRD_PARTY),
    Extended.FIXED: Target(Status.RESOLVED, Outcome.DONE),
    Extended.CLOSED: Target(Status.CLOSED, Outcome.DONE),
    Extended.DUPLICATE: Target(Status.CLOSED, Outcome.DUPLICATE),
    Extended.NOT_COUNCILS_RESPONSIBILITY: Target(Status.CLOSED, Outcome.NOT_COUNCIL_RESPONSIBILITY),
    Extended.NO_FURTHER_ACTION: Target(Status.CLOSED, Outcome.NO_FURTHER_ACTION),
    Extended.INTERNAL_REFERRAL: Target(Status.CLOSED, Outcome.REFERRED),
}


def parse_extended(text: str) -> Extended | None:
    """FixMyStreet writes "NOT_COUNCILS_RESPONSIBILITY", others "not councils responsibility"."""
    word = text.strip().upper().replace(" ", "_").replace("'", "")
    return Extended(word) if word in Extended.__members__ else None


def transition_for(status: str, outcome: str, incoming: Extended) -> Target | None:
    """The transition an incoming status asks of a case that is `status` with `outcome`, or
    None when there is nothing to change."""
    target = INCOMING[incoming]
    if target.to is Status.OPEN and status in OPEN_STATUSES:
        return None
    if target.to in FINISHED_STATUSES and status == Status.CLOSED:
        return None
    if target.to == status and target.outcome == outcome:
        return None
    return target

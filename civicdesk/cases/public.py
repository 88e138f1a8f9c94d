"""What residents and outside clients may read of a case: the one place that decides.

Every public surface takes its words from here: the tracking page, Open311's requests
(`status_notes`) and `servicerequestupdates`, and the staff page's preview of an update. Only
timeline rows marked `public` appear, each in fixed words for its kind, status and outcome, with
its `public_text`: an update written for the resident on purpose (ADR 24). Reasons, notes and
everything else in a row's `data` never appear, whatever they say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from civicdesk.cases.models import Case, CaseEvent
from civicdesk.cases.vocabulary import EventKind, Outcome, Status

# What staff may write in one update (the pages and the staff API hold to it): a few
# sentences, not a letter. Open311 clients' own words are bounded by that interface.
PUBLIC_UPDATE_MAX_LENGTH = 2000

# The kinds of row a resident may see, and those Open311 lists as updates.
PUBLISHED_KINDS = (
    EventKind.OPENED,
    EventKind.STATUS_CHANGED,
    EventKind.REOPENED,
    EventKind.PUBLIC_UPDATE,
)
UPDATE_KINDS = (EventKind.STATUS_CHANGED, EventKind.REOPENED, EventKind.PUBLIC_UPDATE)

# What each status means to a resident, and the colour of its tag.
STATUS_WORDS: dict[str, tuple[str, str]] = {
    Status.OPEN: ("Received", "govuk-tag--blue"),
    Status.IN_PROGRESS: ("In progress", "govuk-tag--light-blue"),
    Status.AWAITING_RESIDENT: ("Waiting for you", "govuk-tag--yellow"),
    Status.AWAITING_THIRD_PARTY: ("Waiting for someone else", "govuk-tag--yellow"),
    Status.RESOLVED: ("Done", "govuk-tag--green"),
    Status.CLOSED: ("Closed", "govuk-tag--grey"),
}
STATUS_EXPLAINED: dict[str, str] = {
    Status.OPEN: "We have it and will start work on it soon.",
    Status.IN_PROGRESS: "We are working on it.",
    Status.AWAITING_RESIDENT: "We need something from you. We will have contacted you to ask.",
    Status.AWAITING_THIRD_PARTY: "We are waiting for another organisation before we can go on.",
    Status.RESOLVED: "We have finished dealing with it.",
    Status.CLOSED: "We have finished dealing with it.",
}
OUTCOME_WORDS: dict[str, str] = {
    Outcome.DONE: "We have dealt with it.",
    Outcome.NO_FURTHER_ACTION: "We have looked into it and will take no further action.",
    Outcome.NOT_COUNCIL_RESPONSIBILITY: "This is not something the council is responsible for.",
    Outcome.DUPLICATE: "Someone had already reported this. We dealt with it under their report.",
    Outcome.REFERRED: "We have passed it to the organisation that deals with it.",
}


@dataclass(frozen=True)
class PublicUpdate:
    """One entry of the tracking page's updates."""

    at: datetime
    title: str
    text: str  # our fixed words for what happened
    message: str = ""  # the update written for the resident, if there is one

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.message.splitlines() if line.strip()]


def published_events() -> QuerySet[CaseEvent]:
    """Timeline rows a resident or an Open311 client may see (in the words below only)."""
    return CaseEvent.objects.filter(public=True, kind__in=PUBLISHED_KINDS)


def public_update_of(
    *, kind: str, to: str = "", outcome: str = "", public_text: str = "", at: datetime
) -> PublicUpdate | None:
    """The entry for a row of this kind. Takes the status and outcome codes and the text
    written for the resident, and nothing else of the row."""
    if kind == EventKind.OPENED:
        return PublicUpdate(at, "Received", "We received it.", public_text)
    if kind in (EventKind.STATUS_CHANGED, EventKind.REOPENED):
        words = STATUS_WORDS.get(to, ("Updated", ""))[0]
        title = "Reopened" if kind == EventKind.REOPENED else f"Status: {words}"
        text = OUTCOME_WORDS.get(outcome, "") or STATUS_EXPLAINED.get(to, "")
        return PublicUpdate(at, title, text, public_text)
    if kind == EventKind.PUBLIC_UPDATE and public_text:
        return PublicUpdate(at, "Update", "", public_text)
    return None


def public_update(event: CaseEvent) -> PublicUpdate | None:
    if not event.public or event.kind not in PUBLISHED_KINDS:
        return None
    data: dict[str, Any] = event.data or {}
    return public_update_of(
        kind=event.kind,
        to=str(data.get("to") or ""),
        outcome=str(data.get("outcome") or ""),
        public_text=event.public_text,
        at=event.at,
    )


def public_history(case: Case) -> list[PublicUpdate]:
    """What the resident may see of the timeline, newest first."""
    events = published_events().filter(case=case).order_by("-at", "-pk")
    return [u for u in (public_update(e) for e in events) if u is not None]


def history_with(case: Case, update: PublicUpdate | None) -> list[PublicUpdate]:
    """The tracking page's updates as they will be once `update` is sent: for the preview."""
    return [*([update] if update else []), *public_history(case)]

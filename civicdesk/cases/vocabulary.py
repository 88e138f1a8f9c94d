"""Case statuses, the transitions between them, outcomes and priorities."""

from __future__ import annotations

from django.db import models


class Status(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    AWAITING_RESIDENT = "awaiting_resident", "Awaiting the resident"
    AWAITING_THIRD_PARTY = "awaiting_third_party", "Awaiting a third party"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = frozenset(
    {Status.OPEN, Status.IN_PROGRESS, Status.AWAITING_RESIDENT, Status.AWAITING_THIRD_PARTY}
)
PAUSED_STATUSES = frozenset({Status.AWAITING_RESIDENT, Status.AWAITING_THIRD_PARTY})
FINISHED_STATUSES = frozenset({Status.RESOLVED, Status.CLOSED})

_WORKING = [Status.IN_PROGRESS, Status.AWAITING_RESIDENT, Status.AWAITING_THIRD_PARTY]
ALLOWED_TRANSITIONS: dict[Status, tuple[Status, ...]] = {
    Status.OPEN: (*_WORKING, Status.RESOLVED, Status.CLOSED),
    Status.IN_PROGRESS: (
        Status.AWAITING_RESIDENT,
        Status.AWAITING_THIRD_PARTY,
        Status.RESOLVED,
        Status.CLOSED,
    ),
    Status.AWAITING_RESIDENT: (
        Status.IN_PROGRESS,
        Status.AWAITING_THIRD_PARTY,
        Status.RESOLVED,
        Status.CLOSED,
    ),
    Status.AWAITING_THIRD_PARTY: (
        Status.IN_PROGRESS,
        Status.AWAITING_RESIDENT,
        Status.RESOLVED,
        Status.CLOSED,
    ),
    # Reopening is a move back to open; nothing else leaves a finished case.
    Status.RESOLVED: (Status.CLOSED, Status.OPEN),
    Status.CLOSED: (Status.OPEN,),
}


class Outcome(models.TextChoices):
    """Honest closure outcomes."""

    DONE = "done", "Done"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    NOT_COUNCIL_RESPONSIBILITY = "not_council_responsibility", "Not the council's responsibility"
    DUPLICATE = "duplicate", "Duplicate"
    REFERRED = "referred", "Referred elsewhere"


class Priority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


class EventKind(models.TextChoices):
    OPENED = "opened", "Opened"
    STATUS_CHANGED = "status_changed", "Status changed"
    REOPENED = "reopened", "Reopened"
    NOTE = "note", "Note"  # for staff only
    PUBLIC_UPDATE = "public_update", "Update for the resident"
    ASSIGNED = "assigned", "Assigned"
    TRANSFERRED = "transferred", "Transferred to tier 2"
    CONTACT_LINKED = "contact_linked", "Contact linked"
    CHASED = "chased", "Chased by the resident"
    ESCALATED = "escalated", "Escalated to the team leader"
    BREACHED = "breached", "Service standard breached"
    SLA_PAUSED = "sla_paused", "Clock paused"
    SLA_RESUMED = "sla_resumed", "Clock resumed"

"""Writes for cases. Each takes the acting user, runs in one transaction and writes the timeline.

Reasons and notes are for staff. What the resident reads is written on purpose, as a public
update (`public_update` of a transition, or `case_public_update_add`), and kept apart in
`CaseEvent.public_text`; `cases.public` decides what is shown (ADR 24).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from civicdesk.cases import clock
from civicdesk.cases.errors import CaseErrorCode
from civicdesk.cases.models import Case, CaseEvent
from civicdesk.cases.places import check_location, refuse_a_second_at_the_place
from civicdesk.cases.references import new_reference
from civicdesk.cases.timeline import (
    actor_or_system,
    locked,
    record_event,
    save_versioned,
)
from civicdesk.cases.vocabulary import (
    ALLOWED_TRANSITIONS,
    FINISHED_STATUSES,
    OPEN_STATUSES,
    PAUSED_STATUSES,
    EventKind,
    Outcome,
    Priority,
    Status,
)
from civicdesk.catalogue.models import QueryType
from civicdesk.core.clock import now
from civicdesk.core.errors import DomainError, ErrorKind
from civicdesk.residents.models import Resident


def case_open(
    *,
    query_type: QueryType,
    actor: Any,
    description: str,
    resident: Resident | None = None,
    address: str = "",
    uprn: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    priority: str = Priority.NORMAL,
    allow_duplicate: bool = False,
    public: bool = True,
    answers: dict[str, Any] | None = None,
    place_locked: bool = False,
) -> Case:
    """Open a case. A report of the same query type at the same place while one is open is
    refused with the existing cases, so the caller can link to one instead (or insist).
    `place_locked`: the caller's transaction already holds `place_lock` for this query type,
    these UPRNs and this point (contact_record takes it before its chase check), so it is not
    taken a second time."""
    if not description.strip():
        raise DomainError(
            CaseErrorCode.DESCRIPTION_REQUIRED,
            "Describe what the resident needs",
            field="description",
        )
    if resident is not None and resident.merged_into_id:
        resident = resident.merged_into  # a merged-away record: the case goes to the kept one
    if resident is not None and resident.council_id != query_type.council_id:
        raise DomainError(
            CaseErrorCode.WRONG_COUNCIL,
            "The resident belongs to another council",
            field="resident",
            kind=ErrorKind.NOT_FOUND,
        )
    if priority not in Priority.values:
        raise DomainError(
            CaseErrorCode.UNKNOWN_STATUS,
            f"unknown priority {priority!r}; use {', '.join(Priority.values)}",
            field="priority",
        )
    check_location(latitude, longitude)
    moment = now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                if not allow_duplicate:
                    refuse_a_second_at_the_place(
                        query_type, uprn.strip(), latitude, longitude, locked=place_locked
                    )
                case = Case(
                    council=query_type.council,
                    reference=new_reference(),
                    query_type=query_type,
                    resident=resident,
                    description=description.strip(),
                    address=address.strip(),
                    uprn=uprn.strip(),
                    latitude=latitude,
                    longitude=longitude,
                    answers=answers or {},
                    priority=priority,
                    team=query_type.team,
                    opened_at=moment,
                    opened_by=actor_or_system(actor),
                )
                case.due_at = clock.initial_due(case)
                case.save()
                record_event(
                    case,
                    EventKind.OPENED,
                    actor_or_system(actor),
                    moment,
                    public=public,
                    status=Status.OPEN.value,
                    due_at=case.due_at.isoformat() if case.due_at else None,
                )
                return case
        except IntegrityError:
            continue  # the random reference was taken: draw another
    raise RuntimeError("could not find a free case reference")


def case_transition(
    *,
    case: Case,
    actor: Any,
    to: str,
    outcome: str = "",
    reason: str = "",
    public_update: str = "",
    expected_version: int | None = None,
) -> Case:
    """Move the case on. `reason` is for staff; `public_update`, if given, is what the resident
    reads with the new status (the status itself is always shown, in our fixed words)."""
    public_text = public_update.strip()
    if to not in Status.values:
        raise DomainError(
            CaseErrorCode.UNKNOWN_STATUS,
            f"unknown status {to!r}; use {', '.join(Status.values)}",
            field="to",
        )
    target = Status(to)
    if target in FINISHED_STATUSES and outcome not in Outcome.values:
        raise DomainError(
            CaseErrorCode.OUTCOME_REQUIRED if not outcome else CaseErrorCode.UNKNOWN_OUTCOME,
            f"Choose an outcome to {target.label.lower()} a case: {', '.join(Outcome.values)}",
            field="outcome",
        )
    moment = now()
    with transaction.atomic():
        current = locked(case, expected_version)
        source = Status(current.status)
        allowed = ALLOWED_TRANSITIONS[source]
        if target not in allowed:
            raise DomainError(
                CaseErrorCode.TRANSITION_NOT_ALLOWED,
                f"A case that is {source.label.lower()} cannot go to {target.label.lower()}"
                + (" without reopening it first" if source in FINISHED_STATUSES else ""),
                kind=ErrorKind.CONFLICT,
                field="to",
                allowed=[s.value for s in allowed],
            )
        fields = ["status"]
        current.status = target
        if source in PAUSED_STATUSES and target not in PAUSED_STATUSES:
            clock.resume(current, moment)
            fields += ["due_at", "sla_paused_at", "sla_remaining_seconds"]
            record_event(
                current,
                EventKind.SLA_RESUMED,
                actor_or_system(actor),
                moment,
                due_at=current.due_at.isoformat() if current.due_at else None,
            )
        if target in PAUSED_STATUSES and source not in PAUSED_STATUSES:
            clock.pause(current, moment)
            fields += ["sla_paused_at", "sla_remaining_seconds"]
            record_event(current, EventKind.SLA_PAUSED, actor_or_system(actor), moment)
        if target in FINISHED_STATUSES:
            current.outcome = outcome
            fields.append("outcome")
            if target is Status.RESOLVED:
                current.resolved_at = moment
                fields.append("resolved_at")
            else:
                current.closed_at = moment
                fields.append("closed_at")
        reopened = target is Status.OPEN and source in FINISHED_STATUSES
        if reopened:
            current.outcome = ""
            current.resolved_at = current.closed_at = None
            fields += ["outcome", "resolved_at", "closed_at"]
        save_versioned(current, fields)
        record_event(
            current,
            EventKind.REOPENED if reopened else EventKind.STATUS_CHANGED,
            actor_or_system(actor),
            moment,
            public=True,
            public_text=public_text,
            **{"from": source.value, "to": target.value, "outcome": outcome, "reason": reason},
        )
    return current


def case_note_add(
    *,
    case: Case,
    actor: Any,
    text: str,
    expected_version: int | None = None,
) -> CaseEvent:
    """A note for staff on the timeline; never shown to the resident. With
    `expected_version`, refused if the case changed since."""
    if not text.strip():
        raise DomainError(CaseErrorCode.REASON_REQUIRED, "Write the note", field="text")
    with transaction.atomic():
        current = locked(case, expected_version)
        save_versioned(current, [])  # a note is a change too: the next stale save is refused
        return record_event(
            current, EventKind.NOTE, actor_or_system(actor), now(), text=text.strip()
        )


def case_public_update_add(
    *,
    case: Case,
    actor: Any,
    text: str,
    expected_version: int | None = None,
) -> CaseEvent:
    """An update written for the resident: shown on the tracking page and over Open311 as it
    is. With `expected_version`, refused if the case changed since."""
    public_text = text.strip()
    if not public_text:
        raise DomainError(
            CaseErrorCode.PUBLIC_UPDATE_REQUIRED, "Write the update for the resident", field="text"
        )
    with transaction.atomic():
        current = locked(case, expected_version)
        save_versioned(current, [])
        return record_event(
            current,
            EventKind.PUBLIC_UPDATE,
            actor_or_system(actor),
            now(),
            public=True,
            public_text=public_text,
        )


def case_assign(
    *,
    case: Case,
    actor: Any,
    team: Any = None,
    assignee: Any = None,
    expected_version: int | None = None,
) -> Case:
    with transaction.atomic():
        current = locked(case, expected_version)
        if team is not None and team.council_id != current.council_id:
            raise DomainError(
                CaseErrorCode.WRONG_COUNCIL, "That team belongs to another council", field="team"
            )
        current.team = team if team is not None else current.team
        current.assignee = assignee
        save_versioned(current, ["team", "assignee"])
        record_event(
            current,
            EventKind.ASSIGNED,
            actor_or_system(actor),
            now(),
            team=current.team.name if current.team else None,
            assignee=assignee.get_username() if assignee else None,
        )
    return current


def case_transfer(
    *,
    case: Case,
    actor: Any,
    reason: str,
    team: Any = None,
    expected_version: int | None = None,
) -> Case:
    """Tier 1 → tier 2, with the reason the first tier could not finish it."""
    if not reason.strip():
        raise DomainError(
            CaseErrorCode.REASON_REQUIRED, "Say why it goes to tier 2", field="reason"
        )
    with transaction.atomic():
        current = locked(case, expected_version)
        if current.tier >= 2:
            raise DomainError(
                CaseErrorCode.ALREADY_TIER_TWO,
                "The case is already at tier 2",
                kind=ErrorKind.CONFLICT,
            )
        current.tier = 2
        if team is not None:
            current.team = team
        current.assignee = None
        save_versioned(current, ["tier", "team", "assignee"])
        record_event(
            current,
            EventKind.TRANSFERRED,
            actor_or_system(actor),
            now(),
            reason=reason.strip(),
            team=current.team.name if current.team else None,
        )
    return current


def case_chased(*, case: Case, actor: Any, contact_id: int) -> Case:
    """The resident chased this case. Past the council's threshold it goes to the team leader."""
    moment = now()
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(
            chase_count=F("chase_count") + 1, version=F("version") + 1
        )
        # Lock the case row only: PostgreSQL cannot lock the nullable side of the team join.
        current = (
            Case.objects.select_for_update(of=("self",))
            .select_related("team", "council")
            .get(pk=case.pk)
        )
        record_event(
            current,
            EventKind.CHASED,
            actor_or_system(actor),
            moment,
            contact=contact_id,
            chase_count=current.chase_count,
        )
        threshold = current.council.chase_escalation_threshold
        if current.chase_count > threshold and current.escalated_at is None:
            leader = current.team.leader if current.team else None
            current.escalated_at = moment
            current.escalated_to = leader
            save_versioned(current, ["escalated_at", "escalated_to"])
            record_event(
                current,
                EventKind.ESCALATED,
                None,
                moment,
                to=leader.get_username() if leader else None,
                chase_count=current.chase_count,
            )
    return current


def case_contact_linked(*, case: Case, actor: Any, contact_id: int) -> CaseEvent:
    with transaction.atomic():
        current = locked(case, None)
        save_versioned(current, [])
        return record_event(
            current, EventKind.CONTACT_LINKED, actor_or_system(actor), now(), contact=contact_id
        )


def case_flag_breaches(*, moment: datetime | None = None) -> int:
    """Mark open, running cases past their due time. Safe to run twice: a case is flagged once."""
    moment = moment or now()
    flagged = 0
    due = Case.objects.filter(
        status__in=OPEN_STATUSES - PAUSED_STATUSES,
        sla_paused_at__isnull=True,
        breached_at__isnull=True,
        due_at__lt=moment,
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            updated = Case.objects.filter(pk=pk, breached_at__isnull=True).update(
                breached_at=moment
            )
            if updated:
                case = Case.objects.get(pk=pk)
                record_event(
                    case,
                    EventKind.BREACHED,
                    None,
                    moment,
                    due_at=case.due_at.isoformat() if case.due_at else None,
                )
                flagged += 1
    return flagged

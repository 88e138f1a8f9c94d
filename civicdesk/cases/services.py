"""Writes for cases. Each takes the acting user, runs in one transaction and writes the timeline."""

from __future__ import annotations

import math
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from civicdesk.cases import clock
from civicdesk.cases.errors import CaseErrorCode
from civicdesk.cases.models import Case, CaseEvent
from civicdesk.cases.references import new_reference
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


def _event(
    case: Case, kind: EventKind, actor: Any, at: datetime, *, public: bool = False, **data: Any
) -> CaseEvent:
    return CaseEvent.objects.create(
        council=case.council, case=case, kind=kind, actor=actor, at=at, data=data, public=public
    )


def _actor(actor: Any) -> Any:
    """A signed-in user, or None for the system (a task, an API client without a user)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def cases_at_same_place(
    *,
    query_type: QueryType,
    uprn: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> list[Case]:
    """Open cases of this query type at the same UPRN or within the council's distance."""
    council = query_type.council
    open_here = Case.objects.filter(
        council=council, query_type=query_type, status__in=OPEN_STATUSES
    )
    found: dict[int, Case] = {}
    if uprn:
        found.update({c.pk: c for c in open_here.filter(uprn=uprn)})
    if latitude is not None and longitude is not None:
        metres = council.duplicate_distance_metres
        degrees = Decimal(metres / 111_000 * 2)
        nearby = open_here.filter(
            latitude__range=(latitude - degrees, latitude + degrees),
            longitude__range=(longitude - degrees * 2, longitude + degrees * 2),
        )
        for case in nearby:
            here = (case.latitude, case.longitude)
            if None not in here and _metres_apart(latitude, longitude, *here) <= metres:  # type: ignore[arg-type]
                found[case.pk] = case
    return sorted(found.values(), key=lambda c: c.opened_at)


def _metres_apart(lat1: Decimal, lon1: Decimal, lat2: Decimal, lon2: Decimal) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def _check_location(latitude: Decimal | None, longitude: Decimal | None) -> None:
    if (latitude is None) != (longitude is None):
        raise DomainError(
            CaseErrorCode.INVALID_LOCATION,
            "Give both latitude and longitude, or neither",
            field="latitude" if latitude is None else "longitude",
        )
    if latitude is not None and not -90 <= latitude <= 90:
        raise DomainError(
            CaseErrorCode.INVALID_LOCATION, "latitude must be between -90 and 90", field="latitude"
        )
    if longitude is not None and not -180 <= longitude <= 180:
        raise DomainError(
            CaseErrorCode.INVALID_LOCATION,
            "longitude must be between -180 and 180",
            field="longitude",
        )


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
) -> Case:
    """Open a case. A report of the same query type at the same place while one is open is
    refused with the existing cases, so the caller can link to one instead (or insist)."""
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
    _check_location(latitude, longitude)
    if not allow_duplicate:
        existing = cases_at_same_place(
            query_type=query_type, uprn=uprn, latitude=latitude, longitude=longitude
        )
        if existing:
            raise DomainError(
                CaseErrorCode.POSSIBLE_DUPLICATE,
                "There is already an open case for this at the same place: link to it instead",
                kind=ErrorKind.CONFLICT,
                existing=[c.reference for c in existing],
            )
    moment = now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
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
                    opened_by=_actor(actor),
                )
                case.due_at = clock.initial_due(case)
                case.save()
                _event(
                    case,
                    EventKind.OPENED,
                    _actor(actor),
                    moment,
                    public=public,
                    status=Status.OPEN.value,
                    due_at=case.due_at.isoformat() if case.due_at else None,
                )
                return case
        except IntegrityError:
            continue  # the random reference was taken: draw another
    raise RuntimeError("could not find a free case reference")


def _locked(case: Case, expected_version: int | None) -> Case:
    current = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and current.version != expected_version:
        raise DomainError(
            CaseErrorCode.CHANGED_BY_SOMEONE_ELSE,
            f"Case {current.reference} was changed by someone else since you opened it "
            f"(now version {current.version}, status {current.get_status_display().lower()}). "
            "Reload it and try again.",
            kind=ErrorKind.CONFLICT,
            current_version=current.version,
            current_status=current.status,
        )
    return current


def _save(case: Case, fields: list[str]) -> None:
    case.version = F("version") + 1
    case.save(update_fields=[*fields, "version"])
    case.refresh_from_db()


def case_transition(
    *,
    case: Case,
    actor: Any,
    to: str,
    outcome: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> Case:
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
        current = _locked(case, expected_version)
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
            _event(
                current,
                EventKind.SLA_RESUMED,
                _actor(actor),
                moment,
                due_at=current.due_at.isoformat() if current.due_at else None,
            )
        if target in PAUSED_STATUSES and source not in PAUSED_STATUSES:
            clock.pause(current, moment)
            fields += ["sla_paused_at", "sla_remaining_seconds"]
            _event(current, EventKind.SLA_PAUSED, _actor(actor), moment)
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
        _save(current, fields)
        _event(
            current,
            EventKind.REOPENED if reopened else EventKind.STATUS_CHANGED,
            _actor(actor),
            moment,
            public=True,
            **{"from": source.value, "to": target.value, "outcome": outcome, "reason": reason},
        )
    return current


def case_note_add(
    *,
    case: Case,
    actor: Any,
    text: str,
    public: bool = False,
    expected_version: int | None = None,
) -> CaseEvent:
    """A note on the timeline. With `expected_version`, refused if the case changed since."""
    if not text.strip():
        raise DomainError(CaseErrorCode.REASON_REQUIRED, "Write the note", field="text")
    with transaction.atomic():
        current = _locked(case, expected_version)
        return _event(
            current, EventKind.NOTE, _actor(actor), now(), public=public, text=text.strip()
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
        current = _locked(case, expected_version)
        if team is not None and team.council_id != current.council_id:
            raise DomainError(
                CaseErrorCode.WRONG_COUNCIL, "That team belongs to another council", field="team"
            )
        current.team = team if team is not None else current.team
        current.assignee = assignee
        _save(current, ["team", "assignee"])
        _event(
            current,
            EventKind.ASSIGNED,
            _actor(actor),
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
        current = _locked(case, expected_version)
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
        _save(current, ["tier", "team", "assignee"])
        _event(
            current,
            EventKind.TRANSFERRED,
            _actor(actor),
            now(),
            reason=reason.strip(),
            team=current.team.name if current.team else None,
        )
    return current


def case_chased(*, case: Case, actor: Any, contact_id: int) -> Case:
    """The resident chased this case. Past the council's threshold it goes to the team leader."""
    moment = now()
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(chase_count=F("chase_count") + 1)
        # Lock the case row only: PostgreSQL cannot lock the nullable side of the team join.
        current = (
            Case.objects.select_for_update(of=("self",))
            .select_related("team", "council")
            .get(pk=case.pk)
        )
        _event(
            current,
            EventKind.CHASED,
            _actor(actor),
            moment,
            contact=contact_id,
            chase_count=current.chase_count,
        )
        threshold = current.council.chase_escalation_threshold
        if current.chase_count > threshold and current.escalated_at is None:
            leader = current.team.leader if current.team else None
            current.escalated_at = moment
            current.escalated_to = leader
            _save(current, ["escalated_at", "escalated_to"])
            _event(
                current,
                EventKind.ESCALATED,
                None,
                moment,
                to=leader.get_username() if leader else None,
                chase_count=current.chase_count,
            )
    return current


def case_contact_linked(*, case: Case, actor: Any, contact_id: int) -> CaseEvent:
    return _event(case, EventKind.CONTACT_LINKED, _actor(actor), now(), contact=contact_id)


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
                _event(
                    case,
                    EventKind.BREACHED,
                    None,
                    moment,
                    due_at=case.due_at.isoformat() if case.due_at else None,
                )
                flagged += 1
    return flagged

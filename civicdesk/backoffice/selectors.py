"""Reads for the staff pages: every one takes the council, so nothing crosses councils."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Case as SqlCase
from django.db.models import Count, F, IntegerField, Q, QuerySet, Value, When

from civicdesk.cases import clock
from civicdesk.cases.models import Case, CaseEvent
from civicdesk.cases.references import normalise_reference
from civicdesk.cases.vocabulary import OPEN_STATUSES
from civicdesk.catalogue.triage import Circumstances
from civicdesk.contacts.models import Contact
from civicdesk.councils.models import Council, Team
from civicdesk.residents.models import Resident, VulnerabilityFlag
from civicdesk.residents.selectors import residents_matching

TIMELINE_LIMIT = 100
WORKLIST_LIMIT = 200
# Needs that change triage, by the name Circumstances.from_names knows them by.
NEEDS_FOR_TRIAGE = ("assisted_digital", "no_internet", "hearing_loss")


def residents_found(council: Council, text: str) -> QuerySet[Resident]:
    """Residents matching the search, each with the number of their open cases."""
    return residents_matching(council, text).annotate(
        open_cases=Count("cases", filter=Q(cases__status__in=OPEN_STATUSES), distinct=True)
    )


def case_by_reference(council: Council, text: str) -> Case | None:
    reference = normalise_reference(text)
    if reference is None:
        return None
    return (
        Case.objects.filter(council=council, reference=reference)
        .select_related("query_type__service", "resident", "team", "assignee", "escalated_to")
        .first()
    )


def has_active_vulnerability(resident: Resident) -> bool:
    """Whether a flag is recorded: no details, so it is not a view of special-category data."""
    return VulnerabilityFlag.objects.filter(
        council=resident.council_id, resident=resident, active=True
    ).exists()


def triage_circumstances(resident: Resident) -> tuple[Circumstances, list[str]]:
    """What triage should take into account for this resident, and the names of those things."""
    names = [n for n in NEEDS_FOR_TRIAGE if n in resident.needs]
    if has_active_vulnerability(resident):
        names.append("vulnerable")
    return Circumstances.from_names(names), names


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    contact: Contact | None = None
    case: Case | None = None
    breached: bool = False


def resident_timeline(resident: Resident, *, moment: datetime) -> list[TimelineEntry]:
    """Contacts and cases of the resident on every channel, newest first."""
    contacts = (
        Contact.objects.filter(council=resident.council_id, resident=resident)
        .select_related("query_type__service", "case", "advisor")
        .order_by("-presented_at", "-pk")[:TIMELINE_LIMIT]
    )
    cases = (
        Case.objects.filter(council=resident.council_id, resident=resident)
        .select_related("query_type__service", "team")
        .order_by("-opened_at", "-pk")[:TIMELINE_LIMIT]
    )
    entries = [TimelineEntry(at=c.presented_at, contact=c) for c in contacts]
    entries += [
        TimelineEntry(
            at=c.opened_at,
            case=c,
            breached=clock.is_breached(c, moment),
        )
        for c in cases
    ]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def case_events(case: Case) -> list[CaseEvent]:
    """The case's timeline, newest first."""
    return list(
        CaseEvent.objects.filter(council=case.council_id, case=case)
        .select_related("actor")
        .order_by("-at", "-pk")
    )


def case_contacts(case: Case) -> list[Contact]:
    return list(
        Contact.objects.filter(council=case.council_id, case=case)
        .select_related("resident", "advisor", "query_type")
        .order_by("-presented_at", "-pk")
    )


def council_teams(council: Council) -> list[Team]:
    return list(Team.objects.filter(council=council, active=True).order_by("name"))


def council_staff(council: Council) -> list[Any]:
    return list(
        get_user_model()
        .objects.filter(memberships__council=council, is_active=True)
        .order_by("username")
    )


@dataclass(frozen=True)
class WorklistRow:
    case: Case
    breached: bool


def worklist(
    council: Council, *, moment: datetime, team: Team | None = None
) -> tuple[list[WorklistRow], bool]:
    """Open cases, the overdue ones first, then by due time (none last). True if cut short."""
    overdue = clock.breached_q(moment)
    cases = (
        Case.objects.filter(council=council, status__in=OPEN_STATUSES)
        .select_related("query_type__service", "resident", "team")
        .annotate(
            overdue_first=SqlCase(
                When(overdue, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("overdue_first", F("due_at").asc(nulls_last=True), "opened_at", "pk")
    )
    if team is not None:
        cases = cases.filter(team=team)
    rows = list(cases[: WORKLIST_LIMIT + 1])
    return [WorklistRow(case=c, breached=c.overdue_first == 0) for c in rows[:WORKLIST_LIMIT]], len(
        rows
    ) > WORKLIST_LIMIT


def open_cases_of(resident: Resident) -> list[Case]:
    return list(
        Case.objects.filter(
            council=resident.council_id, resident=resident, status__in=OPEN_STATUSES
        )
        .select_related("query_type__service")
        .order_by("-opened_at")
    )


def team_by_code(council: Council, code: str) -> Team | None:
    return Team.objects.filter(council=council, code=code, active=True).first() if code else None


def staff_member(council: Council, user_id: str) -> Any:
    """A staff user working for this council, or None."""
    if not (user_id.isascii() and user_id.isdigit() and len(user_id) <= 18):
        return None
    return (
        get_user_model()
        .objects.filter(pk=int(user_id), memberships__council=council, is_active=True)
        .first()
    )

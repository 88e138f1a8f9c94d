"""The SLA clock applied to a case: the calendar of its team, its due time, pause and resume."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F, Q

from civicdesk.cases import sla
from civicdesk.cases.models import Case
from civicdesk.cases.vocabulary import OPEN_STATUSES
from civicdesk.core.hours import WeeklyHours
from civicdesk.councils.models import Council, Team


def calendar_for(council: Council, team: Team | None) -> sla.WorkingCalendar:
    hours = team.working_hours if team else council.working_hours
    return sla.WorkingCalendar(
        hours=WeeklyHours.parse(hours),
        zone=ZoneInfo(settings.TIME_ZONE),
        closed=council.bank_holidays,
    )


def initial_due(case: Case) -> datetime | None:
    days = case.query_type.standard_days
    if not days:
        return None
    return sla.due_at(case.opened_at, days, calendar_for(case.council, case.team))


def pause(case: Case, moment: datetime) -> None:
    """Stop the clock: keep the working time left."""
    if case.due_at is None or case.sla_paused_at is not None:
        return
    calendar = calendar_for(case.council, case.team)
    case.sla_remaining_seconds = sla.remaining_when_paused(moment, case.due_at, calendar)
    case.sla_paused_at = moment


def resume(case: Case, moment: datetime) -> None:
    """Start the clock again: what was left counts forward from now."""
    if case.due_at is None or case.sla_paused_at is None:
        return
    calendar = calendar_for(case.council, case.team)
    case.due_at = sla.due_when_resumed(
        moment, case.sla_remaining_seconds or 0, case.due_at, calendar
    )
    case.sla_paused_at = None
    case.sla_remaining_seconds = None


def is_breached(case: Case, moment: datetime) -> bool:
    """Overdue: flagged by the breach check, or open, running and past its due time now."""
    return case.breached_at is not None or (
        case.is_open and case.sla_paused_at is None and sla.is_breached(moment, case.due_at)
    )


def breached_q(moment: datetime) -> Q:
    """`is_breached` as a query, for lists and filters."""
    return Q(breached_at__isnull=False) | Q(
        status__in=OPEN_STATUSES, sla_paused_at__isnull=True, due_at__lt=moment
    )


def resolved_on_time_q() -> Q:
    """Resolved cases that met their standard: `is_breached` taken at the moment of resolution
    (never flagged by the breach check, resolved by the due time). Resolving resumes a paused
    clock first, so `due_at` is final. Cases without a standard have no due time: not matched."""
    return Q(due_at__isnull=False, breached_at__isnull=True, resolved_at__lte=F("due_at"))

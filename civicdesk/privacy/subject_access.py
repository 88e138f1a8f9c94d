"""Subject access: everything Civic Desk holds about one resident (UK GDPR article 15).

`subject_access_data` gathers it into one dict. Moments are datetimes, dates are dates and
coordinates are Decimals, so pages can format them; `subject_access_json` writes them as ISO 8601
and strings. Reading the vulnerability flags goes through `vulnerabilities_seen`, so every export
is itself recorded in the vulnerability-view audit.
"""

from __future__ import annotations

import json
from collections import deque
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet

from civicdesk.cases.models import Case, CaseEvent
from civicdesk.contacts.models import Contact
from civicdesk.core.clock import now
from civicdesk.residents.models import Resident, ResidentMerge, VulnerabilityView
from civicdesk.residents.services import vulnerabilities_seen
from civicdesk.residents.vocabulary import ContactPointKind, Need

WHERE = "subject access export"

ABOUT = (
    "Everything this council's Civic Desk holds about the resident: their details, needs, "
    "contact points, vulnerability records and who has seen them, merges of their records, "
    "every contact on every channel (with those from their phone number or email address that "
    "were not linked to their record), and every case with its full timeline."
)
MERGED_NOTE = (
    "Other records of this resident were merged into this one. Their contacts, cases and "
    "contact points moved here when they were merged and are listed above; what still belongs "
    "to each merged record is listed under it."
)


def _coded(code: str, label: str) -> dict[str, str] | None:
    return {"code": code, "label": label} if code else None


def _username(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def _details(resident: Resident) -> dict[str, Any]:
    labels = dict(Need.choices)
    return {
        "id": resident.pk,
        "first_name": resident.first_name,
        "last_name": resident.last_name,
        "preferred_channel": _coded(
            resident.preferred_channel, resident.get_preferred_channel_display()
        ),
        "needs": [{"code": n, "label": labels.get(n, n)} for n in resident.needs],
        "language": resident.language,
        "needs_notes": resident.needs_notes,
        "merged_into": resident.merged_into_id,
        "created_at": resident.created_at,
        "updated_at": resident.updated_at,
    }


def _contact_points(resident: Resident) -> list[dict[str, Any]]:
    return [
        {
            "kind": _coded(p.kind, p.get_kind_display()),
            "value": p.value,
            "postcode": p.postcode,
            "uprn": p.uprn,
            "ward": p.ward,
            "verified": p.verified,
        }
        for p in resident.contact_points.all()
    ]


def _vulnerabilities(resident: Resident, actor: Any) -> list[dict[str, Any]]:
    flags = vulnerabilities_seen(resident=resident, actor=actor, where=WHERE, include_inactive=True)
    return [
        {
            "reason": f.reason,
            "consent_given": f.consent_given,
            "review_date": f.review_date,
            "recorded_by": _username(f.recorded_by),
            "recorded_at": f.recorded_at,
            "active": f.active,
        }
        for f in flags
    ]


def _vulnerability_views(resident: Resident) -> list[dict[str, Any]]:
    views = VulnerabilityView.objects.filter(resident=resident).select_related("viewed_by")
    return [
        {"viewed_by": _username(v.viewed_by), "viewed_at": v.viewed_at, "where": v.where}
        for v in views
    ]


def _merges(resident: Resident) -> list[dict[str, Any]]:
    merges = ResidentMerge.objects.filter(Q(kept=resident) | Q(merged=resident)).select_related(
        "kept", "merged", "merged_by", "undone_by"
    )
    return [
        {
            "kept": {"id": m.kept_id, "name": m.kept.full_name},
            "merged": {"id": m.merged_id, "name": m.merged.full_name},
            "merged_by": _username(m.merged_by),
            "merged_at": m.merged_at,
            "undone_by": _username(m.undone_by),
            "undone_at": m.undone_at,
        }
        for m in merges
    ]


def _query_type(query_type: Any) -> dict[str, str] | None:
    if query_type is None:
        return None
    return {"code": query_type.code, "name": query_type.name, "service": query_type.service.name}


def _contacts(resident: Resident) -> list[dict[str, Any]]:
    return _contact_rows(Contact.objects.filter(resident=resident))


def _unlinked_contacts(resident: Resident) -> list[dict[str, Any]]:
    """Contacts linked to no resident that came from this resident's phone or email."""
    points = resident.contact_points.all()
    phones = [p.value for p in points if p.kind == ContactPointKind.PHONE]
    emails = [p.value for p in points if p.kind == ContactPointKind.EMAIL]
    if not (phones or emails):
        return []
    return _contact_rows(
        Contact.objects.filter(council=resident.council, resident__isnull=True).filter(
            Q(from_phone__in=phones) | Q(from_email__in=emails)
        )
    )


def _contact_rows(contacts: QuerySet[Contact]) -> list[dict[str, Any]]:
    contacts = contacts.select_related("line", "venue", "query_type__service", "advisor", "case")
    return [
        {
            "id": c.pk,
            "presented_at": c.presented_at,
            "answered_at": c.answered_at,
            "ended_at": c.ended_at,
            "handling_seconds": c.handling_seconds,
            "channel": _coded(c.channel, c.get_channel_display()),
            "direction": _coded(c.direction, c.get_direction_display()),
            "line": c.line.name if c.line else None,
            "venue": c.venue.name if c.venue else None,
            "query_type": _query_type(c.query_type),
            "outcome": _coded(c.outcome, c.get_outcome_display()),
            "demand_type": _coded(c.demand_type, c.get_demand_type_display()),
            "failure_reason": _coded(c.failure_reason, c.get_failure_reason_display()),
            "demand_note": c.demand_note,
            "case": c.case.reference if c.case else None,
            "advisor": _username(c.advisor),
            "client": c.client,
            "from_phone": c.from_phone,
            "from_email": c.from_email,
            "uprn": c.uprn,
            "notes": c.notes,
            "recommendation": c.recommendation,
        }
        for c in contacts
    ]


def _timeline(events: list[CaseEvent]) -> list[dict[str, Any]]:
    return [
        {
            "at": e.at,
            "kind": _coded(e.kind, e.get_kind_display()),
            "actor": _username(e.actor),
            "public": e.public,
            "public_text": e.public_text,
            "data": e.data,
        }
        for e in events
    ]


def _cases(resident: Resident) -> list[dict[str, Any]]:
    cases = (
        Case.objects.filter(resident=resident)
        .select_related("query_type__service", "team", "assignee", "escalated_to", "opened_by")
        .prefetch_related("events__actor")
    )
    return [
        {
            "reference": c.reference,
            "query_type": _query_type(c.query_type),
            "status": _coded(c.status, c.get_status_display()),
            "outcome": _coded(c.outcome, c.get_outcome_display()),
            "priority": _coded(c.priority, c.get_priority_display()),
            "description": c.description,
            "address": c.address,
            "uprn": c.uprn,
            "latitude": c.latitude,
            "longitude": c.longitude,
            "team": c.team.name if c.team else None,
            "assignee": _username(c.assignee),
            "tier": c.tier,
            "chase_count": c.chase_count,
            "escalated_to": _username(c.escalated_to),
            "escalated_at": c.escalated_at,
            "opened_at": c.opened_at,
            "opened_by": _username(c.opened_by),
            "due_at": c.due_at,
            "breached_at": c.breached_at,
            "resolved_at": c.resolved_at,
            "closed_at": c.closed_at,
            "timeline": _timeline(list(c.events.all())),
        }
        for c in cases
    ]


def _held_about(resident: Resident, actor: Any) -> dict[str, Any]:
    vulnerabilities = _vulnerabilities(resident, actor)  # first: the audit row it writes is listed
    return {
        "resident": _details(resident),
        "contact_points": _contact_points(resident),
        "vulnerabilities": vulnerabilities,
        "vulnerability_views": _vulnerability_views(resident),
        "merges": _merges(resident),
        "contacts": _contacts(resident),
        "unlinked_contacts": _unlinked_contacts(resident),
        "cases": _cases(resident),
    }


def _merged_from(resident: Resident) -> list[Resident]:
    """Every record merged into this one, and those merged into them, in merge order."""
    found: list[Resident] = []
    seen = {resident.pk}
    queue = deque(resident.merged_from.order_by("pk"))
    while queue:
        other = queue.popleft()
        if other.pk in seen:
            continue
        seen.add(other.pk)
        found.append(other)
        queue.extend(other.merged_from.order_by("pk"))
    return found


def subject_access_data(*, resident: Resident, actor: Any) -> dict[str, Any]:
    """Everything held about the resident, for a subject access request. Records the read."""
    council = resident.council
    merged = _merged_from(resident)
    return {
        "generated_at": now(),
        "generated_by": _username(actor),
        "council": {"slug": council.slug, "name": council.name},
        "about": ABOUT,
        **_held_about(resident, actor),
        "merged_records_note": MERGED_NOTE if merged else "",
        "merged_records": [_held_about(other, actor) for other in merged],
    }


def subject_access_json(data: dict[str, Any]) -> str:
    """The export as JSON text: moments and dates in ISO 8601, coordinates as strings."""
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)

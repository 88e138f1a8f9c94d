"""Writes for residents: keyword-only, given the acting user, each in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from civicdesk.core.errors import DomainError, ErrorKind
from civicdesk.councils.models import Council
from civicdesk.residents import normalise
from civicdesk.residents.errors import ResidentErrorCode
from civicdesk.residents.models import (
    ContactPoint,
    Resident,
    ResidentMerge,
    VulnerabilityFlag,
    VulnerabilityView,
)
from civicdesk.residents.selectors import residents_reached_at
from civicdesk.residents.vocabulary import ContactPointKind, Need, PreferredChannel


@dataclass(frozen=True)
class AddressInput:
    lines: str
    postcode: str
    uprn: str = ""
    ward: str = ""


def _check_needs(needs: list[str]) -> list[str]:
    allowed = {n.value for n in Need}
    unknown = [n for n in needs if n not in allowed]
    if unknown:
        raise DomainError(
            ResidentErrorCode.UNKNOWN_NEED,
            f"unknown need {unknown[0]!r}; use {', '.join(sorted(allowed))}",
            field="needs",
        )
    return list(dict.fromkeys(needs))


def _contact_points(
    council: Council,
    phones: list[str],
    emails: list[str],
    addresses: list[AddressInput],
) -> list[ContactPoint]:
    """Normalise every contact point first, so a bad one stops the write before it starts."""
    points = [
        ContactPoint(
            council=council,
            kind=ContactPointKind.PHONE,
            value=normalise.phone_e164(p, field=f"phones[{i}]"),
        )
        for i, p in enumerate(phones)
    ]
    points += [
        ContactPoint(
            council=council,
            kind=ContactPointKind.EMAIL,
            value=normalise.email(e, field=f"emails[{i}]"),
        )
        for i, e in enumerate(emails)
    ]
    points += [
        ContactPoint(
            council=council,
            kind=ContactPointKind.ADDRESS,
            value=a.lines.strip(),
            postcode=normalise.postcode(a.postcode, field=f"addresses[{i}].postcode"),
            uprn=normalise.uprn(a.uprn, field=f"addresses[{i}].uprn") if a.uprn else "",
            ward=a.ward.strip(),
        )
        for i, a in enumerate(addresses)
    ]
    return points


def resident_create(
    *,
    council: Council,
    actor: Any,
    first_name: str = "",
    last_name: str = "",
    phones: list[str] | None = None,
    emails: list[str] | None = None,
    addresses: list[AddressInput] | None = None,
    preferred_channel: str = "",
    needs: list[str] | None = None,
    language: str = "",
    needs_notes: str = "",
) -> Resident:
    if not (first_name.strip() or last_name.strip()):
        raise DomainError(
            ResidentErrorCode.NAME_REQUIRED, "Enter the resident's name", field="last_name"
        )
    if preferred_channel and preferred_channel not in PreferredChannel.values:
        raise DomainError(
            ResidentErrorCode.UNKNOWN_NEED,
            f"unknown channel {preferred_channel!r}; use {', '.join(PreferredChannel.values)}",
            field="preferred_channel",
        )
    checked_needs = _check_needs(needs or [])
    points = _contact_points(council, phones or [], emails or [], addresses or [])
    with transaction.atomic():
        resident = Resident.objects.create(
            council=council,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            preferred_channel=preferred_channel,
            needs=checked_needs,
            language=language.strip(),
            needs_notes=needs_notes.strip(),
        )
        for point in points:
            point.resident = resident
        ContactPoint.objects.bulk_create(points)
    return resident


def resident_for_reporter(
    *,
    council: Council,
    actor: Any,
    email: str = "",
    phone: str = "",
    first_name: str = "",
    last_name: str = "",
) -> Resident | None:
    """Who reported something online: the one resident with this email (else phone), or a new
    one when we have a name, or nobody (the contact keeps the email and phone). When two
    residents share the email or phone: nobody, rather than a guess."""
    for given in (email, phone):
        if given:
            found = residents_reached_at(council, given, limit=2)
            if len(found) == 1:
                prefetch_related_objects(found, "contact_points")
                return found[0]
            if found:
                return None
    if not (first_name.strip() or last_name.strip()):
        return None
    return resident_create(
        council=council,
        actor=actor,
        first_name=first_name[:100],
        last_name=last_name[:100],
        emails=[email] if email else [],
        phones=[phone] if phone else [],
    )


def contact_point_add(
    *,
    resident: Resident,
    actor: Any,
    phone: str = "",
    email: str = "",
    address: AddressInput | None = None,
    verified: bool = False,
) -> ContactPoint:
    points = _contact_points(
        resident.council,
        [phone] if phone else [],
        [email] if email else [],
        [address] if address else [],
    )
    point = points[0]
    point.resident = resident
    point.verified = verified
    point.save()
    return point


def resident_needs_update(
    *, resident: Resident, actor: Any, needs: list[str], language: str = "", notes: str = ""
) -> Resident:
    resident.needs = _check_needs(needs)
    resident.language = language.strip()
    resident.needs_notes = notes.strip()
    resident.save(update_fields=["needs", "language", "needs_notes", "updated_at"])
    return resident


def vulnerability_record(
    *, resident: Resident, actor: Any, reason: str, consent_given: bool, review_date: date
) -> VulnerabilityFlag:
    return VulnerabilityFlag.objects.create(
        council=resident.council,
        resident=resident,
        reason=reason.strip(),
        consent_given=consent_given,
        review_date=review_date,
        recorded_by=actor,
    )


def vulnerabilities_seen(
    *, resident: Resident, actor: Any, where: str, include_inactive: bool = False
) -> list[VulnerabilityFlag]:
    """The resident's active vulnerability flags (all of them with `include_inactive`, as a
    subject-access export needs); reading them is recorded (who, when, where)."""
    flags = list(
        resident.vulnerabilities.all()
        if include_inactive
        else resident.vulnerabilities.filter(active=True)
    )
    if flags:
        VulnerabilityView.objects.create(
            council=resident.council, resident=resident, viewed_by=actor, where=where
        )
    return flags


# --- merging -------------------------------------------------------------------------------

_NOT_MOVED = {"merged_from", "merges_kept", "merges_merged"}


def _resident_relations() -> list[models.ManyToOneRel]:
    """Every foreign key that points at a resident, from any app (cases, contacts…)."""
    return [
        rel
        for rel in Resident._meta.related_objects
        if isinstance(rel, models.ManyToOneRel)
        and rel.get_accessor_name() not in _NOT_MOVED
        and rel.related_model is not VulnerabilityView
    ]


def _verified(resident: Resident) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for point in resident.contact_points.filter(verified=True):
        found.setdefault(point.kind, set()).add(point.value)
    return found


def resident_merge(
    *, kept: Resident, merged: Resident, actor: Any, verified_differ_confirmed: bool = False
) -> ResidentMerge:
    """Move everything of `merged` onto `kept`. Explicit, audited and undoable."""
    if kept.pk == merged.pk:
        raise DomainError(
            ResidentErrorCode.MERGE_SAME_RESIDENT, "A resident cannot be merged into themselves"
        )
    if kept.council_id != merged.council_id:
        raise DomainError(
            ResidentErrorCode.MERGE_ACROSS_COUNCILS,
            "Residents of different councils cannot be merged",
            kind=ErrorKind.CONFLICT,
        )
    if kept.merged_into_id or merged.merged_into_id:
        raise DomainError(
            ResidentErrorCode.MERGE_ALREADY_MERGED,
            "One of these records has already been merged",
            kind=ErrorKind.CONFLICT,
        )
    ours, theirs = _verified(kept), _verified(merged)
    differing = [k for k in ours.keys() & theirs.keys() if not ours[k] & theirs[k]]
    if differing and not verified_differ_confirmed:
        raise DomainError(
            ResidentErrorCode.MERGE_VERIFIED_IDENTIFIERS_DIFFER,
            f"Their verified {' and '.join(sorted(differing))} differ: check these are the same "
            "person, then confirm",
            kind=ErrorKind.CONFLICT,
        )
    with transaction.atomic():
        moved: dict[str, dict[str, list[int]]] = {}
        for rel in _resident_relations():
            model: Any = rel.related_model
            field = rel.field.name
            ids = list(model.objects.filter(**{field: merged}).values_list("pk", flat=True))
            if ids:
                model.objects.filter(pk__in=ids).update(**{field: kept})
                moved.setdefault(model._meta.label, {})[field] = ids
        merged.merged_into = kept
        merged.save(update_fields=["merged_into", "updated_at"])
        return ResidentMerge.objects.create(
            council=kept.council, kept=kept, merged=merged, moved=moved, merged_by=actor
        )


def resident_merge_undo(*, merge: ResidentMerge, actor: Any) -> Resident:
    """Put back exactly what the merge moved; the merged record is current again."""
    from django.apps import apps

    if merge.undone_at is not None:
        raise DomainError(
            ResidentErrorCode.MERGE_ALREADY_UNDONE,
            "This merge was already undone",
            kind=ErrorKind.CONFLICT,
        )
    with transaction.atomic():
        for label, fields in merge.moved.items():
            model: Any = apps.get_model(label)
            for field, ids in fields.items():
                model.objects.filter(pk__in=ids).update(**{field: merge.merged})
        Resident.objects.filter(pk=merge.merged_id).update(
            merged_into=None, updated_at=timezone.now()
        )
        merge.undone_by = actor
        merge.undone_at = timezone.now()
        merge.save(update_fields=["undone_by", "undone_at"])
    merge.merged.refresh_from_db()
    return merge.merged

"""Reads of residents for screens and the API, always within one council."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from civicdesk.core.errors import DomainError
from civicdesk.core.rows import columns, fetch, table
from civicdesk.councils.models import Council
from civicdesk.residents import normalise
from civicdesk.residents.models import ContactPoint, Resident
from civicdesk.residents.vocabulary import ContactPointKind


def residents_matching(council: Council, text: str) -> QuerySet[Resident]:
    """By name, phone, email or postcode. Merged-away records are left out."""
    base = Resident.objects.for_council(council).current().prefetch_related("contact_points")
    text = text.strip()
    if not text:
        return base.none()
    if "@" in text:
        return base.filter(
            contact_points__kind=ContactPointKind.EMAIL, contact_points__value=text.lower()
        ).distinct()
    if normalise.looks_like_phone(text):
        try:
            e164 = normalise.phone_e164(text)
        except DomainError:
            return base.none()
        return base.filter(
            contact_points__kind=ContactPointKind.PHONE, contact_points__value=e164
        ).distinct()
    try:
        code = normalise.postcode(text)
    except DomainError:
        code = ""
    if code:
        return base.filter(contact_points__postcode=code).distinct()
    query = Q()
    for word in text.split():
        query &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return base.filter(query)


def residents_reached_at(council: Council, text: str, *, limit: int) -> list[Resident]:
    """`residents_matching(council, text)[:limit]` for an email or a phone, written out (one
    query, contact points not read): Open311 asks it of every report. Other text goes to
    `residents_matching`."""
    text = text.strip()
    if "@" in text:
        kind, value = ContactPointKind.EMAIL, text.lower()
    elif text and normalise.looks_like_phone(text):
        try:
            kind, value = ContactPointKind.PHONE, normalise.phone_e164(text)
        except DomainError:
            return []
    else:
        return list(residents_matching(council, text)[:limit])
    sql = (
        f"SELECT {columns(Resident, 'r')} FROM {table(Resident)} r"  # noqa: S608 -- our names
        " WHERE r.council_id = %s AND r.merged_into_id IS NULL AND r.id IN"
        f" (SELECT p.resident_id FROM {table(ContactPoint)} p WHERE p.kind = %s AND p.value = %s)"
        f" ORDER BY r.last_name ASC, r.first_name ASC, r.id ASC LIMIT {int(limit)}"
    )
    return [row[0] for row in fetch(sql, [council.pk, kind.value, value], Resident)]


def resident_in_council(council: Council, resident_id: int) -> Resident | None:
    return Resident.objects.filter(council=council, pk=resident_id).first()

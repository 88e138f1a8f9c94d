"""What a staff user may reach: their councils. What they may do there is
`councils.permissions`, one rule per permission."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from civicdesk.councils.models import Council, Membership
from civicdesk.councils.permissions import Permission, role_allows


class CouncilNotFound(LookupError):
    """No council of that slug among the user's. Shown as 404 so as not to reveal others."""


def _memberships(user: Any) -> QuerySet[Membership]:
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return Membership.objects.select_related("council").filter(user=user, council__active=True)


def memberships_of(user: Any) -> list[Membership]:
    """The user's memberships of active councils, each with its council: one query, for a
    caller to keep while it serves one request (`api.scoping.memberships`)."""
    return list(_memberships(user))


def council_among(memberships: list[Membership], slug: str) -> Council:
    """The council of that slug among these memberships, in any role."""
    for membership in memberships:
        if membership.council.slug == slug:
            return membership.council
    raise CouncilNotFound(slug)


def council_for_user(user: Any, slug: str) -> Council:
    """The council of that slug if the user works for it, in any role."""
    membership = _memberships(user).filter(council__slug=slug).first()
    if membership is None:
        raise CouncilNotFound(slug)
    return membership.council


def councils_for_user(user: Any, *, permission: Permission | None = None) -> list[Council]:
    """The councils the user works for; with `permission`, those where they have it."""
    return [
        m.council
        for m in _memberships(user)
        if permission is None or role_allows(m.role, permission)
    ]


def public_council(slug: str) -> Council:
    council = Council.objects.filter(slug=slug, active=True).first()
    if council is None:
        raise CouncilNotFound(slug)
    return council

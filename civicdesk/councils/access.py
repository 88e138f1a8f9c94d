"""What a staff user may reach: their councils, and their role in each."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from civicdesk.councils.models import Council, Membership, Role


class CouncilNotFound(LookupError):
    """No council of that slug among the user's. Shown as 404 so as not to reveal others."""


def _memberships(user: Any) -> QuerySet[Membership]:
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return Membership.objects.select_related("council").filter(user=user, council__active=True)


def council_for_user(user: Any, slug: str, *, role: Role = Role.ADVISOR) -> Council:
    membership = _memberships(user).filter(council__slug=slug).first()
    if membership is None or not membership.allows(role):
        raise CouncilNotFound(slug)
    return membership.council


def councils_for_user(user: Any, *, role: Role = Role.ADVISOR) -> list[Council]:
    return [m.council for m in _memberships(user) if m.allows(role)]


def public_council(slug: str) -> Council:
    council = Council.objects.filter(slug=slug, active=True).first()
    if council is None:
        raise CouncilNotFound(slug)
    return council

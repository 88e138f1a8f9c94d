"""What the signed-in user may reach through the API: their councils, and rows of those only.

Anything of a council the user has no membership in answers 404, exactly as a row that does not
exist, so its existence does not leak (ADR 4). A too-low role on a council the user works for is
a 403: they know the row is there.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from civicdesk.api.errors import ApiError, ErrorCode, not_found
from civicdesk.cases.models import Case
from civicdesk.cases.references import normalise_reference
from civicdesk.catalogue.models import QueryType
from civicdesk.catalogue.selectors import query_type_by_code
from civicdesk.contacts.models import Contact
from civicdesk.core.rows import columns, fetch, table
from civicdesk.councils.access import CouncilNotFound, council_among, memberships_of
from civicdesk.councils.models import Council, Membership, Team
from civicdesk.councils.permissions import Permission, allowed, refusal
from civicdesk.residents.models import ContactPoint, Resident


def memberships(request: Request) -> list[Membership]:
    """The signed-in user's memberships, with their councils: read once per request."""
    found: list[Membership] | None = getattr(request, "_civicdesk_memberships", None)
    if found is None:
        found = _memberships_of(request.user)
        request._civicdesk_memberships = found  # type: ignore[attr-defined]
    return found


@cache
def _memberships_sql() -> str:
    return (
        f"SELECT {columns(Membership, 'm')}, {columns(Council, 'c')}"  # noqa: S608 -- our names
        f" FROM {table(Membership)} m INNER JOIN {table(Council)} c ON c.id = m.council_id"
        " WHERE m.user_id = %s AND c.active = %s"
    )


def _memberships_of(user: Any) -> list[Membership]:
    """`councils.access.memberships_of`, written out: the ORM's select_related costs more
    Python than the rest of a triage request."""
    if not getattr(user, "is_authenticated", False):
        return memberships_of(user)
    found = []
    for membership, council in fetch(_memberships_sql(), [user.pk, True], Membership, Council):
        membership.council = council
        found.append(membership)
    return found


def your_councils(request: Request) -> list[Council]:
    """Every council the signed-in user works for."""
    return [membership.council for membership in memberships(request)]


def council_or_404(request: Request, slug: str, *, field: str = "council") -> Council:
    try:
        return council_among(memberships(request), slug)
    except CouncilNotFound:
        raise not_found(f"No council {slug!r} among yours.", field=field) from None


def councils_in_scope(request: Request, slug: str = "") -> list[Council]:
    """The council asked for (?council=SLUG), or else every council the user works for."""
    if slug:
        return [council_or_404(request, slug)]
    return your_councils(request)


def scoped_list(
    view: GenericAPIView[Any],
    request: Request,
    params: type[serializers.Serializer[Any]],
    select: Callable[[list[Council], dict[str, Any]], QuerySet[Any]],
    out: type[serializers.BaseSerializer[Any]],
) -> Response:
    """A list endpoint: check the query parameters, keep to the user's councils, paginate."""
    checked = params(data=request.query_params)
    checked.is_valid(raise_exception=True)
    councils = councils_in_scope(request, checked.validated_data.get("council", ""))
    page = view.paginate_queryset(select(councils, checked.validated_data))
    return view.get_paginated_response(out(page, many=True).data)


def require_permission(request: Request, council: Council, permission: Permission) -> None:
    """403 permission_denied unless the user's role at `council` allows `permission`: the same
    rule as the staff pages (`councils.permissions`)."""
    if not allowed(request.user, council, permission):
        raise ApiError(
            status_code=status.HTTP_403_FORBIDDEN,
            code=ErrorCode.PERMISSION_DENIED,
            message=refusal(council, permission),
            permission=permission.value,
        )


def resident_or_404(request: Request, resident_id: Any, *, field: str | None = None) -> Resident:
    councils = {council.pk: council for council in your_councils(request)}
    resident = _resident_with_points(list(councils), resident_id) if councils else None
    if resident is not None:
        resident.council = councils[resident.council_id]
    if resident is None:
        raise not_found(f"No resident {resident_id} among your councils' residents.", field=field)
    return resident


@cache
def _resident_sql(councils: int) -> str:
    marks = ", ".join(["%s"] * councils)
    return (
        f"SELECT {columns(Resident, 'r')}, {columns(ContactPoint, 'p')}"  # noqa: S608 -- ours
        f" FROM {table(Resident)} r"
        f" LEFT OUTER JOIN {table(ContactPoint)} p ON p.resident_id = r.id"
        f" WHERE r.id = %s AND r.council_id IN ({marks}) ORDER BY p.kind, p.id"
    )


def _resident_with_points(council_ids: list[int], resident_id: int) -> Resident | None:
    """The resident with its contact points (in ContactPoint.Meta's order) already in place
    of `prefetch_related("contact_points")`: one written-out query, not two built ones."""
    sql = _resident_sql(len(council_ids))
    rows = fetch(sql, [resident_id, *council_ids], Resident, ContactPoint)
    if not rows:
        return None
    resident = rows[0][0]
    points = [point for _, point in rows if point is not None]
    for point in points:
        ContactPoint.resident.field.set_cached_value(point, resident)
    kept = resident.contact_points.all()
    kept._result_cache = points
    kept._prefetch_done = True
    resident._prefetched_objects_cache = {"contact_points": kept}
    return resident


def case_or_404(request: Request, reference: str, *, field: str | None = None) -> Case:
    """A case by its reference, however typed ("ac3e f4hj", "AC3EF4HJ")."""
    wanted = normalise_reference(reference)
    case = (
        Case.objects.filter(council__in=your_councils(request), reference=wanted)
        .select_related("council", "query_type", "team", "assignee", "escalated_to")
        .first()
        if wanted
        else None
    )
    if case is None:
        raise not_found(f"No case {reference!r} among your councils' cases.", field=field)
    return case


def contact_or_404(request: Request, contact_id: Any) -> Contact:
    contact = (
        Contact.objects.filter(council__in=your_councils(request), pk=contact_id)
        .select_related("council", "query_type", "advisor", "case")
        .first()
    )
    if contact is None:
        raise not_found(f"No contact {contact_id} among your councils' contacts.")
    return contact


def query_type_or_404(council: Council, code: str, *, field: str = "query_type") -> QueryType:
    query_type = query_type_by_code(council, code)
    if query_type is None:
        raise not_found(f"No query type {code!r} at {council.name}.", field=field)
    return query_type


def team_or_404(council: Council, code: str, *, field: str = "team") -> Team:
    team = Team.objects.filter(council=council, code=code, active=True).first()
    if team is None:
        raise not_found(f"No team {code!r} at {council.name}.", field=field)
    return team


def member_or_404(council: Council, username: str, *, field: str = "assignee") -> Any:
    membership = (
        council.memberships.select_related("user")
        .filter(user__username=username, user__is_active=True)
        .first()
    )
    if membership is None:
        raise not_found(f"No staff member {username!r} at {council.name}.", field=field)
    return membership.user

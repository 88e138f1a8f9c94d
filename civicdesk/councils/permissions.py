"""Who may do what: one rule per permission, the same on every page and in the staff API.

A permission is something a staff user may do at a council (open a case, assign it, merge two
records...). Each has a minimum role; a role may do what the roles before it may (`Role` is
ordered). Pages and the API ask `allowed(user, council, permission)` or
`permissions_for(user, council)`; nothing else compares roles. Being a member of the council at
all is checked first, in `councils.access`: staff of another council get "not found" (ADR 4),
members whose role is too low get "forbidden", in the words of `refusal` (ADR 25).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from civicdesk.councils.models import ROLE_RANK, Council, Membership, Role


class Permission(StrEnum):
    OPEN_CASE = "open_case"
    TRANSITION = "transition"
    ADD_NOTE = "add_note"
    PUBLISH_UPDATE = "publish_update"
    ASSIGN = "assign"
    TRANSFER_TIER_TWO = "transfer_tier_two"
    MERGE_RESIDENTS = "merge_residents"
    UNDO_MERGE = "undo_merge"
    VIEW_VULNERABILITY = "view_vulnerability"
    RECORD_VULNERABILITY = "record_vulnerability"
    SUBJECT_ACCESS_EXPORT = "subject_access_export"
    VIEW_DASHBOARDS = "view_dashboards"
    PLANNING = "planning"
    EDIT_CATALOGUE = "edit_catalogue"
    EDIT_PERFORMANCE_SETTINGS = "edit_performance_settings"
    MANAGE_OPEN311_KEYS = "manage_open311_keys"


# The one table. Change a council's practice here, and every surface follows.
MINIMUM_ROLE: dict[Permission, Role] = {
    Permission.OPEN_CASE: Role.ADVISOR,
    Permission.TRANSITION: Role.ADVISOR,
    Permission.ADD_NOTE: Role.ADVISOR,
    Permission.PUBLISH_UPDATE: Role.ADVISOR,
    Permission.ASSIGN: Role.TEAM_LEADER,
    Permission.TRANSFER_TIER_TWO: Role.ADVISOR,
    Permission.MERGE_RESIDENTS: Role.TEAM_LEADER,
    Permission.UNDO_MERGE: Role.TEAM_LEADER,
    Permission.VIEW_VULNERABILITY: Role.ADVISOR,
    Permission.RECORD_VULNERABILITY: Role.ADVISOR,
    Permission.SUBJECT_ACCESS_EXPORT: Role.TEAM_LEADER,
    Permission.VIEW_DASHBOARDS: Role.TEAM_LEADER,
    Permission.PLANNING: Role.TEAM_LEADER,
    Permission.EDIT_CATALOGUE: Role.COUNCIL_ADMIN,
    Permission.EDIT_PERFORMANCE_SETTINGS: Role.COUNCIL_ADMIN,
    Permission.MANAGE_OPEN311_KEYS: Role.COUNCIL_ADMIN,
}

# What the permission lets one do, to finish "Only a team leader or above may ...".
PERMISSION_WORDS: dict[Permission, str] = {
    Permission.OPEN_CASE: "open cases",
    Permission.TRANSITION: "change the status of cases",
    Permission.ADD_NOTE: "add notes to cases",
    Permission.PUBLISH_UPDATE: "publish updates for residents",
    Permission.ASSIGN: "assign cases",
    Permission.TRANSFER_TIER_TWO: "transfer cases to tier 2",
    Permission.MERGE_RESIDENTS: "merge residents' records",
    Permission.UNDO_MERGE: "undo a merge of residents' records",
    Permission.VIEW_VULNERABILITY: "see vulnerability details",
    Permission.RECORD_VULNERABILITY: "record a vulnerability",
    Permission.SUBJECT_ACCESS_EXPORT: "make subject access exports",
    Permission.VIEW_DASHBOARDS: "see the performance dashboards",
    Permission.PLANNING: "use the planning pages",
    Permission.EDIT_CATALOGUE: "edit the catalogue",
    Permission.EDIT_PERFORMANCE_SETTINGS: "edit contact costs and line standards",
    Permission.MANAGE_OPEN311_KEYS: "manage Open311 keys",
}


def role_allows(role: Role | str, permission: Permission) -> bool:
    """The rule itself: is `role` at least the permission's minimum role?"""
    return ROLE_RANK[Role(role)] >= ROLE_RANK[MINIMUM_ROLE[permission]]


def _role(user: Any, council: Council) -> Role | None:
    if not getattr(user, "is_authenticated", False):
        return None
    role = (
        Membership.objects.filter(user=user, council=council, council__active=True)
        .values_list("role", flat=True)
        .first()
    )
    return Role(role) if role else None


def allowed(user: Any, council: Council, permission: Permission) -> bool:
    """May this user do this at this council? False for staff of other councils."""
    role = _role(user, council)
    return role is not None and role_allows(role, permission)


def permissions_for(user: Any, council: Council) -> frozenset[Permission]:
    """Everything this user may do at this council: for pages to show only what they may use."""
    role = _role(user, council)
    if role is None:
        return frozenset()
    return frozenset(p for p in Permission if role_allows(role, p))


def refusal(council: Council, permission: Permission) -> str:
    """Why a member may not: one sentence for a 403 page or the API's error message."""
    needed = MINIMUM_ROLE[permission].label.lower()
    article = "an" if needed[0] in "aeiou" else "a"
    return f"Only {article} {needed} or above may {PERMISSION_WORDS[permission]} at {council.name}."

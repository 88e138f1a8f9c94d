"""One permission rule per action, held on every surface: each role and each action, on the staff
pages and the staff API (where both exist), allowed or refused with 403 as the one table says.
Pages show only what the user may use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from civicdesk.cases.models import Case
from civicdesk.cases.services import case_open
from civicdesk.councils.models import ROLE_RANK, Council, Role
from civicdesk.councils.permissions import MINIMUM_ROLE, Permission, role_allows
from civicdesk.residents.models import Resident, ResidentMerge
from civicdesk.residents.services import resident_create, resident_merge, vulnerability_record
from tests.factories import (
    CouncilFactory,
    MembershipFactory,
    QueryTypeFactory,
    TeamFactory,
    UserFactory,
)


@dataclass
class World:
    council: Council
    case: Case
    resident: Resident
    duplicate: Resident
    merge: ResidentMerge
    query_type_code: str


@pytest.fixture
def world(db: None) -> World:
    council = CouncilFactory.create(slug="perms", name="Permission Test Council")
    team = TeamFactory.create(council=council, code="crew", name="Crew")
    query_type = QueryTypeFactory.create(council=council, team=team)
    leader = UserFactory.create(username="setup-leader")
    MembershipFactory.create(user=leader, council=council, role=Role.TEAM_LEADER)
    resident = resident_create(council=council, actor=leader, first_name="Ada", last_name="One")
    vulnerability_record(
        resident=resident,
        actor=leader,
        reason="Recently bereaved",
        consent_given=True,
        review_date=timezone.localdate() + timedelta(days=30),
    )
    kept = resident_create(council=council, actor=leader, first_name="Kept", last_name="Two")
    gone = resident_create(council=council, actor=leader, first_name="Gone", last_name="Two")
    return World(
        council=council,
        case=case_open(
            query_type=query_type, actor=leader, description="Bin missed", resident=resident
        ),
        resident=resident,
        duplicate=resident_create(
            council=council, actor=leader, first_name="Ada", last_name="Again"
        ),
        merge=resident_merge(kept=kept, merged=gone, actor=leader),
        query_type_code=query_type.code,
    )


def _member(council: Council, role: Role) -> Client:
    user = UserFactory.create(username=f"a-{role.value}", is_staff=True)
    MembershipFactory.create(user=user, council=council, role=role)
    client = Client()
    client.force_login(user)
    return client


Request = Callable[[Client, World], Any]


def _page(path: str, body: Callable[[World], dict[str, str]] | None = None) -> Request:
    """GET the page, or POST it the body, at the world's council."""

    def send(client: Client, w: World) -> Any:
        url = f"/staff/perms/{path.format(w=w)}"
        return client.post(url, body(w)) if body is not None else client.get(url)

    return send


def _api(path: str, body: dict[str, Any]) -> Request:
    def send(client: Client, w: World) -> Any:
        return client.post(
            f"/api/v1/{path.format(w=w)}", {"council": "perms", **body}, "application/json"
        )

    return send


def _admin(path: str) -> Request:
    return lambda client, w: client.get(f"/admin/{path}/")


def _version(w: World) -> str:
    w.case.refresh_from_db()
    return str(w.case.version)


CASE = "cases/{w.case.reference}/"
RESIDENT = "residents/{w.resident.pk}/"

# Every action, on every surface that does it: (action, surface, request).
SURFACES: list[tuple[Permission, str, Request]] = [
    (
        Permission.OPEN_CASE,
        "page",
        _page(
            "contact/",
            lambda w: {
                "channel": "phone",
                "query_type": w.query_type_code,
                "raise_case": "on",
                "description": "Another bin missed",
                "priority": "normal",
                "allow_duplicate": "on",
            },
        ),
    ),
    (
        Permission.OPEN_CASE,
        "api",
        lambda c, w: c.post(
            "/api/v1/cases/",
            {
                "council": "perms",
                "query_type": w.query_type_code,
                "description": "Another bin missed",
                "allow_duplicate": True,
            },
            "application/json",
        ),
    ),
    (
        Permission.TRANSITION,
        "page",
        _page(CASE + "status/", lambda w: {"status-version": "1", "status-to": "in_progress"}),
    ),
    (Permission.TRANSITION, "api", _api(CASE + "transition/", {"to": "in_progress"})),
    (
        Permission.ADD_NOTE,
        "page",
        _page(CASE + "note/", lambda w: {"note-version": "1", "note-text": "Rang the depot"}),
    ),
    (Permission.ADD_NOTE, "api", _api(CASE + "notes/", {"text": "Rang the depot"})),
    (
        Permission.PUBLISH_UPDATE,
        "page",
        _page(
            CASE + "update/",
            lambda w: {
                "update-version": "1",
                "update-text": "The crew comes on Friday",
                "update-confirmed": "on",
            },
        ),
    ),
    (
        Permission.PUBLISH_UPDATE,
        "api",
        _api(CASE + "updates/", {"text": "The crew comes on Friday"}),
    ),
    (
        Permission.PUBLISH_UPDATE,
        "page, with a status change",
        _page(
            CASE + "status/",
            lambda w: {
                "status-version": "1",
                "status-to": "in_progress",
                "status-public_update": "We are on it",
            },
        ),
    ),
    (
        Permission.ASSIGN,
        "page",
        _page(CASE + "assign/", lambda w: {"assign-version": "1", "assign-team": "crew"}),
    ),
    (Permission.ASSIGN, "api", _api(CASE + "assign/", {"team": "crew"})),
    (
        Permission.TRANSFER_TIER_TWO,
        "page",
        _page(
            CASE + "tier-two/", lambda w: {"transfer-version": "1", "transfer-reason": "Specialist"}
        ),
    ),
    (Permission.MERGE_RESIDENTS, "page", _page(RESIDENT + "merge/")),
    (
        Permission.MERGE_RESIDENTS,
        "page, sent",
        _page(RESIDENT + "merge/", lambda w: {"merged": str(w.duplicate.pk)}),
    ),
    (Permission.UNDO_MERGE, "page", _page("merges/{w.merge.pk}/undo/", lambda w: {})),
    (Permission.VIEW_VULNERABILITY, "page", _page(RESIDENT + "?show=vulnerability")),
    (Permission.RECORD_VULNERABILITY, "page", _page(RESIDENT + "vulnerability/")),
    (Permission.SUBJECT_ACCESS_EXPORT, "page", _page(RESIDENT + "subject-access/")),
    (
        Permission.SUBJECT_ACCESS_EXPORT,
        "download",
        _page("residents/{w.resident.pk}/subject-access.json"),
    ),
    (Permission.VIEW_DASHBOARDS, "page", _page("performance/")),
    (Permission.VIEW_DASHBOARDS, "a dashboard", _page("performance/channels/")),
    (Permission.PLANNING, "page", _page("planning/scenarios/")),
    (Permission.EDIT_CATALOGUE, "admin", _admin("catalogue/querytype")),
    (Permission.EDIT_PERFORMANCE_SETTINGS, "admin", _admin("performance/channelcost")),
    (Permission.MANAGE_OPEN311_KEYS, "admin", _admin("api/open311client")),
]


def test_every_action_has_a_minimum_role_and_a_surface() -> None:
    assert set(MINIMUM_ROLE) == set(Permission)
    assert {action for action, _, _ in SURFACES} == set(Permission)


@pytest.mark.parametrize("action", list(Permission))
def test_a_role_may_do_what_the_roles_before_it_may(action: Permission) -> None:
    allowed = [role_allows(role, action) for role in Role]
    assert allowed == sorted(allowed)  # never allowed, then allowed from some role on
    assert allowed[ROLE_RANK[MINIMUM_ROLE[action]]]


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
@pytest.mark.parametrize(
    ("action", "surface", "send"),
    SURFACES,
    ids=[f"{action.value}-{surface}" for action, surface, _ in SURFACES],
)
def test_each_role_on_each_surface_as_the_table_says(
    world: World, role: Role, action: Permission, surface: str, send: Request
) -> None:
    response = send(_member(world.council, role), world)
    if role_allows(role, action):
        assert response.status_code in (200, 201, 302), response.content[:500]
        assert "login" not in response.get("Location", "")
        return
    assert response.status_code == 403, response.content[:500]
    if surface == "api":
        assert response.json()["error"]["code"] == "permission_denied"
        assert "Permission Test Council" in response.json()["error"]["message"]
    elif surface != "admin":
        assert "You cannot" in response.text  # a GOV.UK page saying so
    world.case.refresh_from_db()
    assert world.case.version == 1  # nothing was written


def test_staff_of_another_council_get_not_found(world: World) -> None:
    other = CouncilFactory.create(slug="elsewhere")
    stranger = _member(other, Role.COUNCIL_ADMIN)
    for action, surface, send in SURFACES:
        if surface != "admin":
            assert send(stranger, world).status_code == 404, (action, surface)


# What each form, link or button on a page needs.
CASE_PAGE_FORMS = {
    'id="status-form"': Permission.TRANSITION,
    'id="update-form"': Permission.PUBLISH_UPDATE,
    'name="status-public_update"': Permission.PUBLISH_UPDATE,
    'id="note-form"': Permission.ADD_NOTE,
    'id="transfer-form"': Permission.TRANSFER_TIER_TWO,
    'id="assign-form"': Permission.ASSIGN,
}
RESIDENT_PAGE_LINKS = {
    "Merge another record of this resident": Permission.MERGE_RESIDENTS,
    "Show vulnerability details": Permission.VIEW_VULNERABILITY,
    "Record a vulnerability": Permission.RECORD_VULNERABILITY,
    'href="/staff/perms/performance/"': Permission.VIEW_DASHBOARDS,
}


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_pages_show_only_what_the_role_may_use(world: World, role: Role) -> None:
    client = _member(world.council, role)
    case_page = client.get(f"/staff/perms/cases/{world.case.reference}/").text
    for marker, action in CASE_PAGE_FORMS.items():
        assert (marker in case_page) == role_allows(role, action), marker
    resident_page = client.get(f"/staff/perms/residents/{world.resident.pk}/").text
    for marker, action in RESIDENT_PAGE_LINKS.items():
        assert (marker in resident_page) == role_allows(role, action), marker
    kept_page = client.get(f"/staff/perms/residents/{world.merge.kept_id}/").text
    assert ("Undo merge of record" in kept_page) == role_allows(role, Permission.UNDO_MERGE)

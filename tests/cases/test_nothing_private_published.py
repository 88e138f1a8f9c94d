"""Nothing staff write for each other reaches anything a resident or an unauthenticated client
can read; the updates written for the resident on purpose do.

One case, reported online and joined by an Open311 client, goes through every kind of change
through the staff pages and the staff API, each carrying its own internal words. Then every
public surface is fetched without signing in.
"""

from __future__ import annotations

import importlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from civicdesk.cases.models import Case, CaseEvent
from civicdesk.contacts.services import contact_link_to_case, contact_record
from civicdesk.contacts.vocabulary import ContactChannel
from civicdesk.councils.models import Council, Role
from civicdesk.residents.services import resident_create, vulnerability_record
from tests.factories import MembershipFactory, UserFactory
from tests.portal.catalogue_questions import add_questions
from tests.portal.test_report_page import MISSED, missed_bin

PRIVATE = "zq-private"  # in every piece of internal text, so any leak is found
ASSIGNEE = "zz-quietly-assigned"
MERGED_NAME = "Zebedee Quillfeather"
PUBLIC_FIRST = "Our crew will come back on Friday."
PUBLIC_SECOND = "The crew found the bin behind a parked van and will empty it."
PUBLIC_LAST = "Your bin has been emptied. Thank you for telling us."
EMAIL = "ada@example.org"


@pytest.fixture
def reported(demo: Council, settings: Any, tmp_path: Path) -> tuple[Client, Case]:
    """Reported on the resident pages (so the reporter's browser has the confirmation page),
    then joined by FixMyStreet (so the case is a request over Open311)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    add_questions(demo)
    reporter = Client()
    sent = reporter.post(
        MISSED, missed_bin(email=EMAIL, postcode="LE1 6ZG", address="12 Mill Lane")
    )
    assert sent.status_code == 302
    case = Case.objects.get()
    joined = contact_record(
        council=demo,
        actor=None,
        channel=ContactChannel.API,
        client="FixMyStreet",
        query_type=case.query_type,
        from_email=EMAIL,
    )
    if joined.case_id is None:
        contact_link_to_case(contact=joined, case=case, actor=None)
    return reporter, case


def _api(client: Client, case: Case, what: str, body: dict[str, Any]) -> Any:
    response = client.post(
        f"/api/v1/cases/{case.reference}/{what}/", body, content_type="application/json"
    )
    assert response.status_code in (200, 201), response.content
    return response.json()


def _page(client: Client, case: Case, what: str, body: dict[str, str]) -> Any:
    response = client.post(f"/staff/demo/cases/{case.reference}/{what}/", body)
    assert response.status_code in (200, 302), response.content
    return response


def _version(case: Case) -> str:
    case.refresh_from_db()
    return str(case.version)


def _previewed_and_sent(client: Client, case: Case, what: str, body: dict[str, str]) -> None:
    """A page form with words for the resident: the preview first, then the confirmation."""
    preview = _page(client, case, what, body)
    assert preview.status_code == 200
    assert "Check the update before you send it" in preview.text
    prefix = next(iter(body)).split("-")[0]
    sent = _page(client, case, what, {**body, f"{prefix}-confirmed": "on"})
    assert sent.status_code == 302


def _every_kind_of_change(
    demo: Council,
    case: Case,
    advisor_client: Client,
    manager_client: Client,
) -> None:
    MembershipFactory.create(
        user=UserFactory.create(username=ASSIGNEE), council=demo, role=Role.ADVISOR
    )
    manager = get_user_model().objects.get(username="manager")
    resident = case.resident
    assert resident is not None

    # The staff API: a status change with its reason and an update, a note, an assignment.
    _api(
        advisor_client,
        case,
        "transition",
        {
            "to": "in_progress",
            "reason": f"{PRIVATE} reason: the crew lead is off sick",
            "public_update": PUBLIC_FIRST,
        },
    )
    _api(advisor_client, case, "notes", {"text": f"{PRIVATE} api note: resident sounded cross"})
    _api(manager_client, case, "assign", {"assignee": ASSIGNEE})

    # The staff pages: a note, tier two, an assignment, a status change with only a reason.
    _page(
        advisor_client,
        case,
        "note",
        {"note-version": _version(case), "note-text": f"{PRIVATE} page note: neighbour dispute"},
    )
    _page(
        advisor_client,
        case,
        "tier-two",
        {"transfer-version": _version(case), "transfer-reason": f"{PRIVATE} needs enforcement"},
    )
    _page(
        manager_client,
        case,
        "assign",
        {"assign-version": _version(case), "assign-assignee": str(manager.pk)},
    )
    _page(
        advisor_client,
        case,
        "status",
        {
            "status-version": _version(case),
            "status-to": "awaiting_third_party",
            "status-reason": f"{PRIVATE} reason: waiting on Bloggs Contractors",
        },
    )

    # The resident chases with something said in confidence, and a vulnerability is recorded.
    contact_record(
        council=demo,
        actor=manager,
        channel="phone",
        resident=resident,
        query_type=case.query_type,
        notes=f"{PRIVATE} contact notes: she was recently bereaved",
    )
    vulnerability_record(
        resident=resident,
        actor=manager,
        reason=f"{PRIVATE} vulnerability: recently bereaved",
        consent_given=True,
        review_date=timezone.localdate() + timedelta(days=90),
    )

    # A second record of the same resident is merged into the first.
    duplicate = resident_create(
        council=demo, actor=manager, first_name="Zebedee", last_name="Quillfeather"
    )
    merged = manager_client.post(
        f"/staff/demo/residents/{resident.pk}/merge/", {"merged": duplicate.pk}
    )
    assert merged.status_code == 302

    # Words for the resident on purpose, each previewed: an update, then the closing status.
    _previewed_and_sent(
        advisor_client,
        case,
        "update",
        {"update-version": _version(case), "update-text": PUBLIC_SECOND},
    )
    _previewed_and_sent(
        advisor_client,
        case,
        "status",
        {
            "status-version": _version(case),
            "status-to": "resolved",
            "status-outcome": "done",
            "status-reason": f"{PRIVATE} reason: supervisor signed it off",
            "status-public_update": PUBLIC_LAST,
        },
    )


def _open311(path: str, **params: str) -> str:
    response = Client().get(f"/open311/v2/{path}", {"jurisdiction_id": "demo", **params})
    assert response.status_code == 200, (path, response.content)
    return response.content.decode()


def _public_surfaces(reporter: Client, case: Case) -> dict[str, str]:
    """Everything a resident or an unauthenticated client can read about the case."""
    ref = case.reference
    tracker = Client()
    found = tracker.post("/councils/demo/track/", {"reference": ref, "contact": EMAIL})
    assert found.status_code == 302
    surfaces = {
        "tracking page, the reporter": reporter.get(f"/councils/demo/track/{ref}/").text,
        "tracking page, found by email": tracker.get(found["Location"]).text,
        "confirmation page": reporter.get(f"/councils/demo/report/done/{ref}/").text,
        "service standards page": Client().get("/councils/demo/standards/").text,
    }
    for fmt in ("json", "xml"):
        surfaces[f"requests.{fmt}"] = _open311(f"requests.{fmt}")
        surfaces[f"requests/{{id}}.{fmt}"] = _open311(f"requests/{ref}.{fmt}")
        surfaces[f"tokens/{{id}}.{fmt}"] = _open311(f"tokens/{ref}.{fmt}")
        surfaces[f"servicerequestupdates.{fmt}"] = _open311(f"servicerequestupdates.{fmt}")
    return surfaces


def test_no_internal_text_reaches_any_public_surface(
    demo: Council,
    reported: tuple[Client, Case],
    advisor_client: Client,
    manager_client: Client,
) -> None:
    reporter, case = reported
    _every_kind_of_change(demo, case, advisor_client, manager_client)

    # Staff see all of it (so the internal words really were written).
    staff_page = advisor_client.get(f"/staff/demo/cases/{case.reference}/").text
    assert staff_page.count(PRIVATE) >= 4
    kinds = set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert {"note", "assigned", "transferred", "chased", "public_update"} <= kinds

    surfaces = _public_surfaces(reporter, case)
    for name, body in surfaces.items():
        for private in (PRIVATE, ASSIGNEE, MERGED_NAME, "Zebedee", "Bloggs", "bereaved"):
            assert private not in body, f"{private!r} is published on the {name}"

    for name in ("tracking page, the reporter", "tracking page, found by email"):
        for public in (PUBLIC_FIRST, PUBLIC_SECOND, PUBLIC_LAST):
            assert public in surfaces[name], (public, name)
    for fmt in ("json", "xml"):
        for public in (PUBLIC_FIRST, PUBLIC_SECOND, PUBLIC_LAST):
            assert public in surfaces[f"servicerequestupdates.{fmt}"], (public, fmt)
        assert PUBLIC_LAST in surfaces[f"requests/{{id}}.{fmt}"]  # its status_notes


def test_what_was_published_before_is_sorted_out(
    demo: Council, reported: tuple[Client, Case]
) -> None:
    """Rows written before public updates had their own column: a status change's reason stops
    being shown; a note marked public, and an Open311 client's own words, stay public."""
    reporter, case = reported
    common = {"council": demo, "case": case, "at": case.opened_at, "actor": None}
    staff = get_user_model().objects.get(username="advisor")
    CaseEvent.objects.create(
        **{**common, "actor": staff},
        kind="status_changed",
        public=True,
        data={"from": "open", "to": "in_progress", "outcome": "", "reason": f"{PRIVATE} old"},
    )
    CaseEvent.objects.create(
        **common, kind="note", public=True, data={"text": "We will be there on Monday."}
    )
    CaseEvent.objects.create(
        **common,
        kind="status_changed",
        public=True,
        data={"from": "in_progress", "to": "open", "reason": "Via FixMyStreet: still there"},
    )
    CaseEvent.objects.create(
        **{**common, "actor": staff}, kind="note", data={"text": f"{PRIVATE} staff note"}
    )
    migration = importlib.import_module(
        "civicdesk.cases.migrations.0004_public_updates_written_on_purpose"
    )
    migration.sort_out_what_was_published(apps, None)

    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", "public_text"))
    assert ("public_update", "We will be there on Monday.") in kinds
    assert ("status_changed", "Via FixMyStreet: still there") in kinds
    for body in _public_surfaces(reporter, case).values():
        assert PRIVATE not in body
    tracking = reporter.get(f"/councils/demo/track/{case.reference}/").text
    assert "We will be there on Monday." in tracking
    assert "Via FixMyStreet: still there" in tracking

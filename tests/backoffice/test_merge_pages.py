"""Merging two records from the console: explicit, reversible, for team leaders."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from civicdesk.councils.models import Council
from civicdesk.residents.models import Resident, ResidentMerge
from civicdesk.residents.services import contact_point_add, resident_create


def _two(demo: Council) -> tuple[Resident, Resident]:
    actor = get_user_model().objects.get(username="manager")
    kept = resident_create(
        council=demo, actor=actor, first_name="Ada", last_name="Lovelace", phones=["07700 900123"]
    )
    dup = resident_create(
        council=demo, actor=actor, first_name="A", last_name="Lovelace", emails=["ada@example.org"]
    )
    return kept, dup


def test_a_manager_merges_and_undoes(manager_client: Client, demo: Council) -> None:
    kept, dup = _two(demo)
    base = f"/staff/demo/residents/{kept.pk}/merge/"
    search = manager_client.get(base, {"q": "Lovelace"}).content.decode()
    assert f"?merged={dup.pk}" in search
    confirm = manager_client.get(base, {"merged": dup.pk}).content.decode()
    assert "ada@example.org" in confirm
    assert not ResidentMerge.objects.exists()  # looking changes nothing
    response = manager_client.post(base, {"merged": dup.pk})
    assert response.status_code == 302
    dup.refresh_from_db()
    assert dup.merged_into == kept
    page = manager_client.get(f"/staff/demo/residents/{kept.pk}/").content.decode()
    assert "ada@example.org" in page
    assert f"Undo merge of record {dup.pk}" in page
    merge = ResidentMerge.objects.get()
    manager_client.post(f"/staff/demo/merges/{merge.pk}/undo/")
    dup.refresh_from_db()
    assert dup.merged_into is None
    assert not kept.contact_points.filter(value="ada@example.org").exists()


def test_differing_verified_details_need_the_box_ticked(
    manager_client: Client, demo: Council
) -> None:
    kept, dup = _two(demo)
    actor = get_user_model().objects.get(username="manager")
    contact_point_add(resident=kept, actor=actor, email="one@example.org", verified=True)
    contact_point_add(resident=dup, actor=actor, email="two@example.org", verified=True)
    refused = manager_client.post(f"/staff/demo/residents/{kept.pk}/merge/", {"merged": dup.pk})
    assert "verified email differ" in refused.content.decode()
    dup.refresh_from_db()
    assert dup.merged_into is None
    manager_client.post(
        f"/staff/demo/residents/{kept.pk}/merge/",
        {"merged": dup.pk, "verified_differ_confirmed": "on"},
    )
    dup.refresh_from_db()
    assert dup.merged_into == kept


def test_an_advisor_cannot_merge(advisor_client: Client, demo: Council) -> None:
    kept, dup = _two(demo)
    response = advisor_client.post(f"/staff/demo/residents/{kept.pk}/merge/", {"merged": dup.pk})
    assert response.status_code == 403
    assert "Only a team leader or above may merge residents" in response.text
    dup.refresh_from_db()
    assert dup.merged_into is None
    assert (
        "Merge another record"
        not in advisor_client.get(f"/staff/demo/residents/{kept.pk}/").content.decode()
    )

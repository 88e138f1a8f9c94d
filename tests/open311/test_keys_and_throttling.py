"""Open311 keys: printed once by the command, kept hashed, revoked in the admin, scoped to the
council admin's councils; and the rates that throttle reads and writes."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from civicdesk.api.models import Open311Client
from civicdesk.api.open311.keys import open311_client_for_key, open311_key_create
from civicdesk.councils.models import Council
from tests.open311.conftest import BASE, get, post, report


def test_the_command_prints_a_key_that_works_and_keeps_only_its_hash(demo: Council) -> None:
    out, err = StringIO(), StringIO()
    call_command(
        "create_open311_key", "--council", "demo", "--client", "FixMyStreet", stdout=out, stderr=err
    )
    key = out.getvalue().strip()
    assert len(key) >= 40
    row = Open311Client.objects.get()
    assert (row.council, row.name, row.key_prefix) == (demo, "FixMyStreet", key[:8])
    assert key not in row.key_hash
    assert "shown once" in err.getvalue()
    assert open311_client_for_key(key) == row
    assert post("requests.json", report(key)).status_code == 200


def test_the_command_refuses_an_unknown_council(demo: Council) -> None:
    with pytest.raises(CommandError, match="No council"):
        call_command("create_open311_key", "--council", "atlantis", "--client", "X")


def test_keys_differ_and_a_near_miss_fails(demo: Council) -> None:
    _, first = open311_key_create(council=demo, client="A", actor=None)
    _, second = open311_key_create(council=demo, client="B", actor=None)
    assert first != second
    assert open311_client_for_key(first[:-1] + ("A" if first[-1] != "A" else "B")) is None
    assert open311_client_for_key(first[:8]) is None


def test_a_council_admin_revokes_a_key_in_the_admin(
    demo: Council, neighbour: Council, manager_client: Client
) -> None:
    ours, key = open311_key_create(council=demo, client="FixMyStreet", actor=None)
    theirs, _ = open311_key_create(council=neighbour, client="Elsewhere", actor=None)
    listing = manager_client.get("/admin/api/open311client/")
    assert listing.status_code == 200
    assert b"FixMyStreet" in listing.content
    assert b"Elsewhere" not in listing.content  # another council's keys are not theirs
    response = manager_client.post(
        "/admin/api/open311client/",
        {"action": "revoke", "_selected_action": [ours.pk, theirs.pk]},
    )
    assert response.status_code == 302
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.revoked_at is not None
    assert theirs.revoked_at is None  # out of the manager's reach
    assert post("requests.json", report(key)).status_code == 403


def test_adding_a_client_in_the_admin_shows_its_key_once(
    demo: Council, manager_client: Client
) -> None:
    response = manager_client.post(
        "/admin/api/open311client/add/", {"council": demo.pk, "name": "Council app"}, follow=True
    )
    assert response.status_code == 200
    row = Open311Client.objects.get(name="Council app")
    text = response.content.decode()
    start = text.index("The key for Council app is ") + len("The key for Council app is ")
    key = text[start:].split(" ", 1)[0]
    assert key.startswith(row.key_prefix)
    assert open311_client_for_key(key) == row


def test_an_advisor_cannot_reach_the_keys(demo: Council, advisor_client: Client) -> None:
    response = advisor_client.get("/admin/api/open311client/")
    assert response.status_code in {302, 403}


def _rates(read: str, write: str) -> Any:
    from django.conf import settings

    framework = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"open311_read": read, "open311_write": write},
    }
    return override_settings(REST_FRAMEWORK=framework)


def test_reads_are_throttled_per_address(demo: Council) -> None:
    with _rates("2/minute", "100/minute"):
        assert get("services.json").status_code == 200
        assert get("services.xml").status_code == 200
        response = get("services.json")
    assert response.status_code == 429
    assert response.json()[0]["code"] == 429
    assert int(response["Retry-After"]) >= 1


def test_posts_are_throttled_apart_from_reads(demo: Council, key: str) -> None:
    with _rates("100/minute", "1/minute"):
        assert post("requests.json", report(key)).status_code == 200
        throttled = post("requests.xml", report(key, lat="52.7"))
        assert Client().get(BASE + "services.json", {"jurisdiction_id": "demo"}).status_code == 200
    assert throttled.status_code == 429
    assert b"<code>429</code>" in throttled.content

"""Subject access: everything held about a resident, for team leaders and above of their council."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from civicdesk.contacts.services import contact_record
from civicdesk.councils.models import Council
from civicdesk.privacy.subject_access import subject_access_data
from civicdesk.residents.models import Resident, VulnerabilityView
from civicdesk.residents.services import resident_create, resident_merge
from tests.factories import MembershipFactory, UserFactory


def urls(resident: Resident, council: str = "demo") -> tuple[str, str]:
    base = f"/staff/{council}/residents/{resident.pk}/subject-access"
    return f"{base}/", f"{base}.json"


def export(client: Client, resident: Resident) -> dict[str, Any]:
    response = client.get(urls(resident)[1])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="subject-access-demo-resident-{resident.pk}-'
    )
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    return json.loads(response.content)


def test_the_json_export_holds_contacts_cases_with_timelines_and_vulnerability(
    manager_client: Client, demo: Council, ada: Resident, advisor: Any
) -> None:
    # A text from Ada's phone that nobody linked to her record is held about her too.
    contact_record(
        council=demo, actor=advisor, channel="sms", from_phone="020 7946 0123", notes="Call me"
    )
    contact_record(council=demo, actor=advisor, channel="sms", from_phone="020 7946 0999")
    data = export(manager_client, ada)
    assert data["council"] == {"slug": "demo", "name": "Demo City Council"}
    assert data["generated_by"] == "manager"
    assert data["resident"]["last_name"] == "Lovelace"
    assert data["resident"]["needs"][0]["code"] == "large_print"
    assert {p["value"] for p in data["contact_points"]} == {
        "+442079460123",
        "ada.lovelace@example.org",
        "1 Engine Way, Demo City",
    }
    assert [f["reason"] for f in data["vulnerabilities"]] == ["Recently bereaved"]
    assert data["vulnerabilities"][0]["review_date"] == "2027-01-31"
    assert data["vulnerabilities"][0]["recorded_by"] == "advisor"

    channels = sorted(c["channel"]["code"] for c in data["contacts"])
    assert channels == ["email", "phone"]
    chase = next(c for c in data["contacts"] if c["channel"]["code"] == "email")
    assert chase["failure_reason"]["code"] == "chasing"
    phoned = next(c for c in data["contacts"] if c["channel"]["code"] == "phone")
    assert phoned["notes"] == "Payment has not arrived"
    assert phoned["advisor"] == "advisor"

    assert [(c["channel"]["code"], c["notes"]) for c in data["unlinked_contacts"]] == [
        ("sms", "Call me")
    ]

    (case,) = data["cases"]
    assert case["reference"] == phoned["case"] == chase["case"]
    assert case["description"] == "Housing benefit payment missing for May"
    assert case["status"]["code"] == "in_progress"
    assert case["query_type"]["code"] == "hb-payment-enquiry"
    kinds = [event["kind"]["code"] for event in case["timeline"]]
    assert kinds[0] == "opened"
    assert {"chased", "status_changed"} <= set(kinds)
    assert data["merged_records"] == []
    assert data["merged_records_note"] == ""


def test_exporting_is_recorded_in_the_vulnerability_audit(
    manager_client: Client, ada: Resident
) -> None:
    assert not VulnerabilityView.objects.filter(resident=ada).exists()
    data = export(manager_client, ada)
    view = VulnerabilityView.objects.get(resident=ada)
    assert view.viewed_by.get_username() == "manager"
    assert view.where == "subject access export"
    # The export lists who has seen the vulnerability, its own reading included.
    assert [(v["viewed_by"], v["where"]) for v in data["vulnerability_views"]] == [
        ("manager", "subject access export")
    ]
    manager_client.get(urls(ada)[0])
    assert VulnerabilityView.objects.filter(resident=ada).count() == 2


def test_the_page_is_readable_and_says_how_to_make_a_pdf(
    manager_client: Client, demo: Council, ada: Resident, advisor: Any
) -> None:
    contact_record(
        council=demo, actor=advisor, channel="sms", from_email="ada.lovelace@example.org"
    )
    response = manager_client.get(urls(ada)[0])
    assert response.status_code == 200
    page = response.content.decode()
    reference = ada.cases.get().reference
    for text in (
        "Subject access export",
        "Ada Lovelace",
        "Save as PDF",
        "Recently bereaved",
        "Who has seen the vulnerability records",
        f"Timeline of case {reference}",
        "Chased by the resident",
        "020 7946 0123",
        "Failure demand: chasing progress",
        "not linked to their record (1)",
        urls(ada)[1],
    ):
        assert text in page, text
    assert 'class="govuk-!-display-none-print"' in page


def test_an_advisor_cannot_export(advisor_client: Client, ada: Resident) -> None:
    for url in urls(ada):
        refused = advisor_client.get(url)
        assert refused.status_code == 403
        assert "Only a team leader or above may make subject access exports" in refused.text
    assert not VulnerabilityView.objects.filter(resident=ada).exists()


def test_a_team_leader_can_export(demo: Council, ada: Resident) -> None:
    leader = UserFactory.create(username="leader")
    MembershipFactory.create(user=leader, council=demo, role="team_leader")
    client = Client()
    client.force_login(leader)
    assert client.get(urls(ada)[0]).status_code == 200


def test_staff_of_another_council_get_not_found(
    neighbour_client: Client, neighbour: Council, ada: Resident
) -> None:
    # Even made a manager of their own council, they cannot reach Demo City's residents.
    user = get_user_model().objects.get(username="neighbour-advisor")
    user.memberships.update(role="council_admin")
    for url in (*urls(ada), *urls(ada, council="neighbour")):
        assert neighbour_client.get(url).status_code == 404
    assert not VulnerabilityView.objects.filter(resident=ada).exists()


def test_signing_in_is_required(client: Client, ada: Resident) -> None:
    response = client.get(urls(ada)[1])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_records_merged_into_the_resident_are_followed(
    manager_client: Client, demo: Council, ada: Resident, advisor: Any
) -> None:
    older = resident_create(
        council=demo, actor=advisor, first_name="Augusta", last_name="King", language="French"
    )
    oldest = resident_create(council=demo, actor=advisor, first_name="A.", last_name="Byron")
    resident_merge(kept=older, merged=oldest, actor=advisor)
    resident_merge(kept=ada, merged=older, actor=advisor)

    data = export(manager_client, ada)
    assert "merged into this one" in data["merged_records_note"]
    merged = [(m["resident"]["id"], m["resident"]["last_name"]) for m in data["merged_records"]]
    assert merged == [(older.pk, "King"), (oldest.pk, "Byron")]
    assert data["merged_records"][0]["resident"]["language"] == "French"
    assert data["merged_records"][0]["resident"]["merged_into"] == ada.pk
    assert [(m["kept"]["id"], m["merged"]["id"]) for m in data["merges"]] == [(ada.pk, older.pk)]
    page = manager_client.get(urls(ada)[0]).content.decode()
    assert "Records merged into this one" in page
    assert f"Merged record {older.pk}: Augusta King" in page


def test_inactive_vulnerability_flags_are_in_the_export(ada: Resident, advisor: Any) -> None:
    ada.vulnerabilities.update(active=False)
    data = subject_access_data(resident=ada, actor=advisor)
    assert [(f["reason"], f["active"]) for f in data["vulnerabilities"]] == [
        ("Recently bereaved", False)
    ]
    assert VulnerabilityView.objects.filter(resident=ada, viewed_by=advisor).count() == 1

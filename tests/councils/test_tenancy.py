"""One council's staff get nothing of another council's."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from civicdesk.catalogue.models import QueryType
from civicdesk.councils.models import Council


def test_the_api_does_not_triage_for_another_council(
    neighbour_client: Client, demo: Council
) -> None:
    response = neighbour_client.get(
        "/api/v1/triage/",
        {"council": "demo", "query_type": "hb-payment-enquiry", "channel": "phone"},
    )
    assert response.status_code == 404
    assert response.json()["error"]["field"] == "council"
    assert "Housing Benefit" not in response.content.decode()


def test_the_api_lists_only_the_users_own_query_types(
    neighbour_client: Client, demo: Council
) -> None:
    assert neighbour_client.get("/api/v1/query-types/", {"council": "demo"}).status_code == 404
    own = neighbour_client.get("/api/v1/query-types/", {"council": "neighbour"}).json()
    # The neighbour has a missed-collection query type with the same code as the demo's.
    assert {r["id"] for r in own["results"]} == set(
        QueryType.objects.filter(council__slug="neighbour").values_list("code", flat=True)
    )
    assert "hb-payment-enquiry" not in {r["id"] for r in own["results"]}


def test_the_staff_page_of_another_council_is_not_found(neighbour_client: Client) -> None:
    assert neighbour_client.get("/staff/demo/triage/", {"q": "payment"}).status_code == 404
    assert neighbour_client.get("/staff/neighbour/triage/").status_code == 200


def test_staff_home_goes_to_the_users_only_council(neighbour_client: Client) -> None:
    response = neighbour_client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/neighbour/triage/"


def test_a_council_administrator_edits_only_their_councils_catalogue(
    manager_client: Client, neighbour: Council
) -> None:
    listing = manager_client.get("/admin/catalogue/querytype/")
    assert listing.status_code == 200
    assert "Reporting missed collection" in listing.content.decode()
    assert "Neighbour District Council" not in listing.content.decode()
    theirs = QueryType.objects.get(council=neighbour, code="waste-missed-collection")
    response = manager_client.get(f"/admin/catalogue/querytype/{theirs.pk}/change/")
    # Django's admin treats a row outside the user's queryset as missing.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_an_advisor_cannot_reach_the_admin(advisor_client: Client) -> None:
    response = advisor_client.get("/admin/catalogue/querytype/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_signed_out_staff_pages_ask_for_sign_in(db: None) -> None:
    client = Client()
    response = client.get("/staff/demo/triage/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    api = client.get("/api/v1/triage/", {"council": "demo"})
    assert api.status_code == 403
    assert api.json()["error"]["code"] == "permission_denied"


def test_there_is_no_sign_up_for_staff_accounts(db: None) -> None:
    response = Client().post(
        "/accounts/signup/",
        {
            "username": "intruder",
            "password1": "x-long-password-1",
            "password2": "x-long-password-1",
        },
    )
    assert "sign up is currently closed" in response.content.decode()
    assert not get_user_model().objects.filter(username="intruder").exists()

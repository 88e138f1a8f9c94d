"""The resident page 'What do you need help with?', without JavaScript (plain HTTP)."""

from __future__ import annotations

from django.test import Client

from civicdesk.councils.models import Council


def test_an_online_query_offers_the_online_route_first(demo: Council) -> None:
    html = Client().get("/councils/demo/help/", {"q": "missed bin"}).content.decode()
    assert "Reporting missed collection" in html
    online = html.index("Go online")
    phone = html.index("If you cannot go online, call us")
    assert online < phone
    assert "Waste Management line" in html


def test_a_query_not_available_online_gives_the_line_to_ring(demo: Council) -> None:
    html = Client().get("/councils/demo/help/", {"q": "rent balance"}).content.decode()
    assert "Check the balance" in html
    assert "Go online" not in html
    assert "Call us" in html
    assert "Payments and Rent Enquiries" in html


def test_an_empty_search_explains_what_to_enter(demo: Council) -> None:
    response = Client().get("/councils/demo/help/", {"q": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter what you need help with" in html
    assert "<title>Error:" in html


def test_an_unknown_council_is_not_found(db: None) -> None:
    assert Client().get("/councils/nowhere/help/").status_code == 404


def test_the_start_page_lists_the_councils(demo: Council) -> None:
    html = Client().get("/").content.decode()
    assert "Demo City Council" in html
    assert "Neighbour District Council" in html


def test_what_can_be_reported_online_offers_the_report_journey(demo: Council) -> None:
    html = Client().get("/councils/demo/help/", {"q": "missed bin"}).content.decode()
    assert 'href="/councils/demo/report/waste-missed-collection/"' in html
    assert "Report it online" in html
    assert html.index("Report it online") < html.index("Go online: My Account")
    assert html.index("Go online") < html.index("If you cannot go online, call us")


def test_a_request_is_offered_as_a_request(demo: Council) -> None:
    html = Client().get("/councils/demo/help/", {"q": "new bin"}).content.decode()
    assert "Request it online" in html
    assert 'href="/councils/demo/report/waste-new-bin/"' in html


def test_nothing_to_report_online_when_the_query_is_not_online(demo: Council) -> None:
    html = Client().get("/councils/demo/help/", {"q": "rent balance"}).content.decode()
    assert "it online" not in html
    assert "/report/" not in html


def test_other_matches_offer_their_own_report_journey(demo: Council) -> None:
    html = Client().get("/councils/demo/help/", {"q": "missed bin"}).content.decode()
    others = html[html.index("Did you mean something else?") :]
    assert 'href="/councils/demo/report/waste-new-bin/"' in others
    assert 'Request it online<span class="govuk-visually-hidden">: Requesting a new bin' in others

"""Issue 11, point 6: residents are told how to reach us — a number they can tap, the hours, the
address to visit — and something the council does not list still gets a way forward."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from civicdesk.catalogue.models import ServiceLine, Venue
from civicdesk.catalogue.transfer.service import CatalogueFileInvalid, catalogue_import
from civicdesk.councils.models import Council

# Ofcom's numbers kept for drama, Leicester's: 0116 496 0000 to 0116 496 0999.
DRAMA = re.compile(r"^0116 496 0[0-9]{3}$")


def _help(council: str, q: str) -> str:
    return Client().get(f"/councils/{council}/help/", {"q": q}).content.decode()


def test_every_demo_line_has_a_drama_number_and_every_venue_an_address(demo: Council) -> None:
    lines = ServiceLine.objects.all()
    assert lines.count() == 18
    assert [line.code for line in lines if not DRAMA.match(line.phone_number)] == []
    assert len({line.phone_number for line in lines}) == lines.count()
    assert [venue.code for venue in Venue.objects.all() if not venue.address] == []


def test_call_us_gives_the_number_as_a_link_with_the_hours(demo: Council) -> None:
    html = _help("demo", "missed bin")
    assert (
        'Waste Management line: <strong><a class="govuk-link" href="tel:01164960500">'
        "0116 496 0500</a>" in html
    )
    assert "Opening hours of the Waste Management line" in html
    assert "09:30 to 15:30" in html


def test_visit_us_gives_the_address(demo: Council) -> None:
    html = _help("demo", "missed bin")
    assert "York House, York House, 12 Granary Street, Demo City DM1 4YH" not in html
    assert "12 Granary Street, Demo City DM1 4YH" in html


def test_something_not_listed_gets_the_general_line_and_the_venue(demo: Council) -> None:
    html = _help("demo", "pothole")
    assert "We could not find that" in html
    assert "Corporate General Enquiries" in html
    assert 'href="tel:01164960001"' in html
    assert "Opening hours of the Corporate General Enquiries" in html
    assert "Visit us" in html
    assert "12 Granary Street, Demo City DM1 4YH" in html
    assert "Opening hours of York House" in html


def test_a_council_without_a_general_line_offers_its_first_contact_lines(
    neighbour: Council,
) -> None:
    html = _help("neighbour", "pothole")
    assert "We could not find that" in html
    assert 'href="tel:01164960950"' in html  # Waste and Recycling line
    assert 'href="tel:01164960960"' in html  # Revenues line
    assert "3 High Street, Millbrook NB7 2QT" in html


def test_a_match_with_no_online_route_and_no_line_gets_the_general_line(demo: Council) -> None:
    ServiceLine.objects.filter(council=demo, code="payments-rents").update(active=False)
    html = _help("demo", "rent balance")
    assert "Check the balance" in html
    assert "Call us and we will help" in html
    assert 'href="tel:01164960001"' in html


def test_a_resident_without_a_reference_is_told_whom_to_call(demo: Council) -> None:
    html = Client().get("/councils/demo/track/").content.decode()
    assert "If you do not have your reference number" in html
    assert 'href="tel:01164960001"' in html
    assert "12 Granary Street, Demo City DM1 4YH" in html


def test_the_advisors_triage_gives_the_number_to_read_out(advisor_client: Client) -> None:
    html = advisor_client.get(
        "/staff/demo/triage/", {"query_type": "waste-missed-collection", "channel": "phone"}
    ).content.decode()
    assert 'href="tel:01164960500"' in html
    assert "0116 496 0500" in html


def _import_line(demo: Council, tmp_path: Path, number: str) -> None:
    path = tmp_path / "lines.yaml"
    path.write_text(
        f'lines:\n  - {{code: new-line, name: New line, tier: 1, phone_number: "{number}"}}\n'
    )
    catalogue_import(council=demo, path=path, actor="test")


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("01164960123", "0116 496 0123"),
        ("+44 116 496 0123", "0116 496 0123"),
        ("020 7946 0999", "020 7946 0999"),
        ("0808 157 0123", "0808 157 0123"),
    ],
)
def test_import_stores_a_uk_number_as_residents_read_it(
    demo: Council, tmp_path: Path, written: str, stored: str
) -> None:
    _import_line(demo, tmp_path, written)
    assert ServiceLine.objects.get(council=demo, code="new-line").phone_number == stored


@pytest.mark.parametrize("written", ["ring us", "999", "+33 1 23 45 67 89", "0116 496"])
def test_import_refuses_what_is_not_a_uk_number(
    demo: Council, tmp_path: Path, written: str
) -> None:
    with pytest.raises(CatalogueFileInvalid) as refused:
        _import_line(demo, tmp_path, written)
    [problem] = refused.value.problems
    assert (problem.table, problem.row, problem.column) == ("lines", 1, "phone_number")
    assert "is not a UK phone number" in problem.message
    assert not ServiceLine.objects.filter(council=demo, code="new-line").exists()

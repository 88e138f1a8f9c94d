"""`civicdesk simulate SCENARIO_FILE`: the demo council's Housing Benefit calls, generated for 2023
(1 January to 31 August) as `make demo` makes them, and the scenario "Housing Benefits payment
enquiries online only"."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from civicdesk.catalogue.models import QueryType, ServiceLine
from civicdesk.contacts.services import contact_record
from civicdesk.councils.models import Council
from civicdesk.demo.calls_write import calls_generate
from civicdesk.performance.rollups import tallies_between

pytestmark = pytest.mark.django_db

ONLINE_ONLY = """
name: Housing Benefits payment enquiries online only
council: demo
changes:
  - online: hb-payment-enquiry
"""


@pytest.fixture
def hb_calls(demo: Council) -> ServiceLine:
    calls_generate(council=demo, year=2023, lines=["housing-benefit"])
    return ServiceLine.objects.get(council=demo, code="housing-benefit")


def _simulate(tmp_path: Path, text: str, *args: str, **options: Any) -> str:
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("simulate", str(path), *args, stdout=out, **options)
    return out.getvalue()


def test_json_compares_the_scenario_with_its_baseline_line_by_line(
    tmp_path: Path, demo: Council, hb_calls: ServiceLine
) -> None:
    report = json.loads(_simulate(tmp_path, ONLINE_ONLY, "--json"))
    assert set(report) == {
        "scenario",
        "changes",
        "lines",
        "query_types",
        "costs",
        "before",
        "after",
        "change",
        "annual_saving_pence",
        "simulation",
        "notes",
    }
    # The default period: the last 28 days with calls.
    assert report["scenario"] | {"name": ""} == {
        "name": "",
        "council": "demo",
        "from": "2023-08-04",
        "to": "2023-08-31",
        "days": 28,
        "arrivals": "recorded",
        "interval_minutes": 30,
        "baseline_staffing": "required",
        "scenario_staffing": "keep",
        "method": "erlang_a",
        "figures_from": "2023-08-04",
        "figures_to": "2023-08-31",
    }
    assert [line["line"] for line in report["before"]["lines"]] == ["housing-benefit"]
    recorded = tallies_between(
        council=demo, start=date(2023, 8, 4), end=date(2023, 8, 31), line_ids=[hb_calls.pk]
    )[hb_calls.pk]
    before, after = report["before"]["lines"][0], report["after"]["lines"][0]
    assert before["calls"] == recorded.presented
    assert report["lines"][0]["aht_seconds"] == round(recorded.figures("").aht_seconds or 0, 1)
    # No phone contacts recorded: each of the line's 9 query types the contact centre deals
    # with is a ninth of its calls, and 10% of those residents still call.
    share = 1 / 9
    assert report["query_types"]["hb-payment-enquiry"]["share"] == round(share, 4)
    moved = recorded.presented * share * 0.9
    assert after["moved_online"] == round(moved, 1)
    assert after["calls"] == round(recorded.presented - moved, 1)
    assert report["change"]["cost_pence"] == round(-moved * (150 - 15))
    assert after["staff_hours"] == before["staff_hours"]
    assert after["ata_seconds"] < before["ata_seconds"]
    assert after["abandonment_rate"] <= before["abandonment_rate"]
    assert set(before) == {
        "line",
        "name",
        "calls",
        "answered",
        "abandoned",
        "abandonment_rate",
        "ata_seconds",
        "mean_wait_seconds",
        "service_level",
        "staff_hours",
        "occupancy",
        "moved_online",
        "refused",
        "cost_pence",
    }
    assert report["before"]["total"]["line"] == "all"
    assert any("equal share" in note for note in report["notes"])
    assert report["simulation"] is None


def test_text_output_and_a_seeded_simulation(
    tmp_path: Path, demo: Council, hb_calls: ServiceLine
) -> None:
    scenario = ONLINE_ONLY + "period: {from: 2023-08-21, to: 2023-08-25}\n"
    text = _simulate(tmp_path, scenario)
    assert "recorded calls from 2023-08-21 to 2023-08-25" in text
    assert "Move 100% of Housing Benefits: Payment enquiry online" in text
    assert "Average time to answer" in text
    assert "Cost" in text
    first = json.loads(_simulate(tmp_path, scenario, "--json", "--simulate", "--seed", "7"))
    again = json.loads(_simulate(tmp_path, scenario, "--json", "--simulate", "--seed", "7"))
    assert first["simulation"] == again["simulation"]
    assert first["simulation"]["seed"] == 7
    simulated = first["simulation"]["after"]["total"]
    assert simulated["moved_online"] == first["after"]["total"]["moved_online"]
    assert simulated["calls"] > 0


def test_given_agents_and_changes_to_hours_and_staffing(
    tmp_path: Path, demo: Council, hb_calls: ServiceLine
) -> None:
    scenario = """
council: demo
period: {from: 2023-08-21, to: 2023-08-25}
staffing:
  baseline: given
  agents: {housing-benefit: 10}
changes:
  - hours: housing-benefit
    fri: closed
    closed_calls: drop
  - staffing: housing-benefit
    add: 2
    days: [mon]
    from: "09:30"
    to: "11:30"
"""
    report = json.loads(_simulate(tmp_path, scenario, "--json"))
    before, after = report["before"]["lines"][0], report["after"]["lines"][0]
    # Open 09:30 to 15:30, Monday to Friday: 12 half hours a day with 10 agents.
    assert before["staff_hours"] == 5 * 12 * 10 / 2
    # Closed on Friday, two more agents for four half hours on Monday.
    assert after["staff_hours"] == 4 * 12 * 10 / 2 + 2 * 4 / 2
    friday = tallies_between(
        council=demo, start=date(2023, 8, 25), end=date(2023, 8, 25), line_ids=[hb_calls.pk]
    )[hb_calls.pk].presented
    assert after["refused"] == friday
    assert after["calls"] == before["calls"] - friday
    assert report["changes"][0]["hours"] == {"fri": ""}


def test_the_share_comes_from_recorded_phone_contacts_when_there_are_enough(
    tmp_path: Path, demo: Council, hb_calls: ServiceLine, advisor: Any
) -> None:
    payment = QueryType.objects.get(council=demo, code="hb-payment-enquiry")
    other = QueryType.objects.get(council=demo, code="hb-chasing-claim-progress")
    for query_type, count in ((payment, 30), (other, 90)):
        for _ in range(count):
            contact_record(council=demo, actor=advisor, channel="phone", query_type=query_type)
    contact_record(council=demo, actor=advisor, channel="email", query_type=payment)  # not a call
    report = json.loads(_simulate(tmp_path, ONLINE_ONLY, "--json"))
    assert report["query_types"]["hb-payment-enquiry"]["share"] == 0.25
    assert any("30 of the line's 120 phone contacts" in note for note in report["notes"])


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ("  - online: no-such-query\n", "changes[0].online", "no active query type"),
        ("  - online: hb-discuss-overpayment\n", "changes[0].online", "not available online"),
        ("  - online: hb-payment-enquiry\n    share: -0.1\n", "changes[0].share", "from 0 to 1"),
        ("  - hours: no-such-line\n    mon: 09:00-17:00\n", "changes[0].hours", "no active line"),
        ("  - staffing: housing-benefit\n", "changes[0]", "give one of add, agents or scale"),
    ],
)
def test_mistakes_in_the_scenario_name_the_field(
    tmp_path: Path, demo: Council, change: str, field: str, words: str
) -> None:
    with pytest.raises(CommandError) as error:
        _simulate(tmp_path, "council: demo\nchanges:\n" + change)
    assert str(error.value).startswith(f"{field}: ")
    assert words in str(error.value)


def test_files_councils_and_periods_that_cannot_be_used(
    tmp_path: Path, demo: Council, hb_calls: ServiceLine
) -> None:
    with pytest.raises(CommandError, match="file: is not valid YAML at line 2"):
        _simulate(tmp_path, "council: demo\nname: a: b\nchanges: []\n")
    with pytest.raises(CommandError, match="No council with slug 'nowhere'"):
        _simulate(tmp_path, ONLINE_ONLY.replace("council: demo", "council: nowhere"))
    with pytest.raises(CommandError, match="period: no calls were recorded from 2021-01-01"):
        _simulate(tmp_path, ONLINE_ONLY + "period: {from: 2021-01-01, to: 2021-01-31}\n")
    with pytest.raises(CommandError, match="Cannot read the scenario file"):
        call_command("simulate", str(tmp_path / "missing.yaml"), stdout=StringIO())

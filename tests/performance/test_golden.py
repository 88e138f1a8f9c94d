"""The golden file: 13 calls on two lines, every figure worked out by hand below."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from civicdesk.catalogue.models import ServiceLine
from civicdesk.councils.models import Council
from civicdesk.performance.models import LineStandard
from civicdesk.performance.selectors import council_line_metrics
from tests.performance.conftest import DATA

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(council: Council, tax_line: ServiceLine, waste_line: ServiceLine) -> Council:
    call_command("import_calls", str(DATA / "golden.csv"), council=council.slug, stdout=StringIO())
    return council


def test_golden_figures_match_the_hand_computed_ones(imported: Council) -> None:
    tax, waste = council_line_metrics(
        council=imported, start=date(2023, 3, 1), end=date(2023, 3, 1)
    )
    # Council Tax: C01 answered, C02 answered, C03 transferred (answered, then to tier 2),
    # C04 abandoned in queue after 60 s, C05 abandoned in queue after 3 s (< 5 s: short abandon),
    # C06 abandoned in the IVR after 30 s, C07 chose a callback.
    # ATA (queue entry -> answer): C01 30, C02 10, C03 20 -> 60 / 3 = 20.0
    # wait of every queued call: C01 30, C02 10, C03 20, C04 60, C05 3, C07 30 -> 153 / 6 = 25.5
    # AHT (talk + wrap): C01 300+60=360, C02 180+30=210, C03 120+0=120 -> 690 / 3 = 230.0
    # service level (<= 20 s): C02, C03 -> 2 / (3 answered + 1 abandoned in queue) = 0.5
    # transfer rate: 1 transferred / 3 answered
    assert asdict(tax) == {
        "line": "Council Tax",
        "presented": 7,
        "answered": 3,
        "abandoned_ivr": 1,
        "abandoned_queue": 1,
        "short_abandons": 1,
        "callbacks": 1,
        "ata_seconds": 20.0,
        "mean_wait_seconds": 25.5,
        "aht_seconds": 230.0,
        "service_level": 0.5,
        "transferred": 1,
        "transfer_rate": pytest.approx(1 / 3),
    }
    # Waste: W01 answered with no queue (ATA from presentation: 8 s), W02 answered, W03 abandoned
    # in the IVR after 3 s (short abandon), W04 abandoned in queue (no queue exit: until the end,
    # 45 s), W05 transferred, W06 callback.
    # ATA: W01 8, W02 40, W05 25 -> 73 / 3 = 24.333...
    # wait: W02 40, W04 45, W05 25, W06 60 -> 170 / 4 = 42.5  (W01 and W03 never queued)
    # AHT: W01 120+12=132, W02 240+0=240, W05 360+30=390 -> 762 / 3 = 254.0
    # service level: W01 (8 s) only -> 1 / (3 answered + 1 abandoned in queue) = 0.25
    assert asdict(waste) == {
        "line": "Waste",
        "presented": 6,
        "answered": 3,
        "abandoned_ivr": 0,
        "abandoned_queue": 1,
        "short_abandons": 1,
        "callbacks": 1,
        "ata_seconds": pytest.approx(73 / 3),
        "mean_wait_seconds": 42.5,
        "aht_seconds": 254.0,
        "service_level": 0.25,
        "transferred": 1,
        "transfer_rate": pytest.approx(1 / 3),
    }


def test_line_metrics_json(imported: Council) -> None:
    out = StringIO()
    call_command(
        "line_metrics",
        council=imported.slug,
        start="2023-03-01",
        end="2023-03-31",
        json=True,
        stdout=out,
    )
    rows = json.loads(out.getvalue())
    assert rows == [
        {
            "line": "Council Tax",
            "presented": 7,
            "answered": 3,
            "abandoned_ivr": 1,
            "abandoned_queue": 1,
            "short_abandons": 1,
            "callbacks": 1,
            "ata_seconds": 20.0,
            "mean_wait_seconds": 25.5,
            "aht_seconds": 230.0,
            "service_level": 0.5,
            "transferred": 1,
            "transfer_rate": 0.3333,  # 1 / 3 to 4 places
        },
        {
            "line": "Waste",
            "presented": 6,
            "answered": 3,
            "abandoned_ivr": 0,
            "abandoned_queue": 1,
            "short_abandons": 1,
            "callbacks": 1,
            "ata_seconds": 24.33,  # 73 / 3 rounded to 2 places
            "mean_wait_seconds": 42.5,
            "aht_seconds": 254.0,
            "service_level": 0.25,
            "transferred": 1,
            "transfer_rate": 0.3333,
        },
    ]
    # answered + abandoned (IVR, queue) + short abandons + callbacks = presented: 3+1+1+1+1 = 7
    # and 3+0+1+1+1 = 6.
    for row in rows:
        parts = ("answered", "abandoned_ivr", "abandoned_queue", "short_abandons", "callbacks")
        assert sum(row[key] for key in parts) == row["presented"]


def test_line_metrics_for_one_line_and_outside_the_range(imported: Council) -> None:
    out = StringIO()
    call_command(
        "line_metrics",
        council=imported.slug,
        start="2023-03-01",
        end="2023-03-01",
        line="bins & recycling",
        json=True,
        stdout=out,
    )
    assert [row["line"] for row in json.loads(out.getvalue())] == ["Waste"]
    out = StringIO()
    call_command(
        "line_metrics", council=imported.slug, start="2023-03-02", end="2023-03-31", stdout=out
    )
    assert out.getvalue().strip().splitlines() == [
        "line\tpresented\tanswered\tabandoned_ivr\tabandoned_queue\tshort_abandons\tcallbacks\t"
        "ata_seconds\tmean_wait_seconds\taht_seconds\tservice_level\ttransferred\ttransfer_rate"
    ]


def _json(council: Council, **options: object) -> dict[str, dict[str, object]]:
    out = StringIO()
    call_command(
        "line_metrics",
        council=council.slug,
        start="2023-03-01",
        end="2023-03-01",
        json=True,
        stdout=out,
        **options,
    )
    return {row["line"]: row for row in json.loads(out.getvalue())}


def test_a_what_if_on_t_keeps_each_lines_short_abandon_threshold(
    council: Council, tax_line: ServiceLine, waste_line: ServiceLine
) -> None:
    # Council Tax counts abandons under 2 s as short: C05 (3 s in the queue) is a real abandon.
    LineStandard.objects.create(
        council=council, line=tax_line, answer_within_seconds=20, short_abandon_seconds=2
    )
    call_command("import_calls", str(DATA / "golden.csv"), council=council.slug, stdout=StringIO())
    published = _json(council)
    what_if = _json(council, service_level_seconds=20)
    # The same T as the standard: the same figures from the call records as from the rollups.
    assert what_if == published
    tax = what_if["Council Tax"]
    assert (tax["abandoned_queue"], tax["short_abandons"]) == (2, 0)  # C04 and C05; none short
    # service level: C02 (10 s), C03 (20 s) / (3 answered + 2 abandoned in the queue) = 0.4
    assert tax["service_level"] == 0.4
    # Waste has no standard: 5 s, so W03 (3 s in the IVR) stays a short abandon.
    assert (what_if["Waste"]["abandoned_ivr"], what_if["Waste"]["short_abandons"]) == (0, 1)


def test_a_service_level_within_0_seconds_is_a_threshold_not_the_default(
    imported: Council,
) -> None:
    rows = _json(imported, service_level_seconds=0)
    # No call was answered in 0 s (the quickest, W01, took 8 s): 0 / 4 on both lines.
    assert rows["Council Tax"]["service_level"] == 0.0
    assert rows["Waste"]["service_level"] == 0.0
    # The other figures do not depend on T.
    assert rows["Council Tax"]["short_abandons"] == 1
    assert rows["Waste"]["answered"] == 3

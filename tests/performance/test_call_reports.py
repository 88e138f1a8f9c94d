"""Line by period figures and the year-on-year table from a small file, worked out by hand.

tests/performance/data/year_on_year.csv holds 14 calls on two lines. Each answered call queues
10 s after it is presented; "ATA" is queue entry to answer, "AHT" talk plus wrap-up:

Council Tax 2022: T22a 10 Jan answered (ATA 40, AHT 200+40=240), T22b 15 Jun answered (20,
100+20=120), T22c 2 Nov abandoned in the queue after 60 s, T22d 20 Dec answered (60, 280+20=300).
Waste 2022: W22a 1 Mar answered (10, 110+10=120), W22b 2 Mar abandoned in the IVR after 30 s.
Council Tax 2023: T23a 5 Jan answered (30, 150+30=180), T23b 20 Jan answered (90, 240+60=300),
T23c 14 Feb answered and transferred (60, 60+0=60), T23d 3 Mar abandoned in the queue after
30 s, T23e 31 Mar answered (120, 300+0=300) — the last call of 2023.
Waste 2023: W23a 1 Feb answered (20, 160+20=180), W23b 2 Feb answered (40, 180+0=180),
W23c 10 Mar chose a callback after 50 s in the queue.
"""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from civicdesk.catalogue.models import ServiceLine
from civicdesk.councils.models import Council
from civicdesk.performance.call_reports import (
    ALL_LINES,
    PeriodRow,
    line_by_period,
    period_totals,
    year_on_year,
)
from civicdesk.performance.calls_import import calls_import
from tests.performance.conftest import DATA

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(council: Council, tax_line: ServiceLine, waste_line: ServiceLine) -> Council:
    text = (DATA / "year_on_year.csv").read_text(encoding="utf-8")
    summary = calls_import(council=council, text=text)
    assert summary.created == 14
    return council


def _by(rows: list[PeriodRow], line: str) -> dict[date, PeriodRow]:
    return {row.starts_on: row for row in rows if row.line == line}


def test_line_by_month_gives_every_measure_per_line_and_month(imported: Council) -> None:
    rows = line_by_period(imported, "month", date(2023, 1, 1), date(2023, 3, 31))
    assert [(r.line, r.starts_on.month) for r in rows] == [
        ("Council Tax", 1),
        ("Council Tax", 2),
        ("Council Tax", 3),
        ("Waste", 2),
        ("Waste", 3),
    ]
    tax, waste = _by(rows, "Council Tax"), _by(rows, "Waste")
    january = tax[date(2023, 1, 1)].figures  # T23a, T23b
    assert (january.presented, january.answered) == (2, 2)
    assert january.ata_seconds == 60.0  # (30 + 90) / 2
    assert january.aht_seconds == 240.0  # (180 + 300) / 2
    february = tax[date(2023, 2, 1)].figures  # T23c, transferred
    assert (february.transferred, february.transfer_rate) == (1, 1.0)
    march = tax[date(2023, 3, 1)]  # T23d abandoned after 30 s, T23e answered after 120 s
    assert (march.figures.presented, march.figures.abandoned_queue) == (2, 1)
    assert march.figures.mean_wait_seconds == 75.0  # (30 + 120) / 2
    assert march.figures.service_level == 0.0  # nothing answered within 20 s
    assert march.answered_share == 0.5
    assert not march.partial
    waste_feb = waste[date(2023, 2, 1)].figures  # W23a 20 s, W23b 40 s
    assert waste_feb.service_level == 0.5
    assert waste_feb.ata_seconds == 30.0
    waste_mar = waste[date(2023, 3, 1)].figures  # W23c, a callback: not abandoned
    assert (waste_mar.callbacks, waste_mar.abandoned_queue, waste_mar.answered) == (1, 0, 0)
    assert waste_mar.ata_seconds is None
    assert waste_mar.mean_wait_seconds == 50.0


def test_totals_per_month_average_over_calls_not_over_lines(imported: Council) -> None:
    rows = line_by_period(imported, "month", date(2023, 1, 1), date(2023, 3, 31))
    totals = {row.starts_on.month: row for row in period_totals(rows)}
    february = totals[2]  # T23c (ATA 60, AHT 60), W23a (20, 180), W23b (40, 180)
    assert february.line == ALL_LINES
    assert (february.figures.presented, february.figures.answered) == (3, 3)
    assert february.figures.ata_seconds == 40.0  # (60 + 20 + 40) / 3; by lines it would be 45
    assert february.figures.aht_seconds == 140.0  # (60 + 180 + 180) / 3


def test_partial_periods_at_the_ends_of_the_range_count_only_its_days(imported: Council) -> None:
    rows = line_by_period(imported, "month", date(2023, 1, 15), date(2023, 3, 5))
    tax = _by(rows, "Council Tax")
    january = tax[date(2023, 1, 1)]  # from the 15th: T23b only
    assert (january.first_day, january.last_day, january.partial) == (
        date(2023, 1, 15),
        date(2023, 1, 31),
        True,
    )
    assert (january.figures.presented, january.figures.ata_seconds) == (1, 90.0)
    march = tax[date(2023, 3, 1)]  # to the 5th: T23d only
    assert (march.figures.presented, march.figures.abandoned_queue) == (1, 1)
    assert date(2023, 3, 1) not in _by(rows, "Waste")  # W23c is on the 10th


def test_weeks_and_days_and_a_chosen_line(
    imported: Council, tax_line: ServiceLine, waste_line: ServiceLine
) -> None:
    weeks = line_by_period(
        imported, "week", date(2023, 1, 1), date(2023, 2, 28), line_ids=[waste_line.pk]
    )
    # W23a (Wednesday 1 Feb) and W23b (Thursday 2 Feb) are in the week from Monday 30 January.
    assert [(r.line, r.starts_on, r.figures.presented) for r in weeks] == [
        ("Waste", date(2023, 1, 30), 2)
    ]
    days = line_by_period(imported, "day", date(2022, 1, 1), date(2022, 12, 31), [tax_line.pk])
    assert [r.starts_on for r in days] == [
        date(2022, 1, 10),
        date(2022, 6, 15),
        date(2022, 11, 2),
        date(2022, 12, 20),
    ]


def test_year_on_year_compares_a_whole_year_with_the_next_year_to_date(
    imported: Council,
) -> None:
    report = year_on_year(imported, 2022, 2023)
    assert report.label == "2022 vs 2023 YTD (end Mar)"  # the last call of 2023 is on 31 March
    assert (report.after.start, report.after.end) == (date(2023, 1, 1), date(2023, 3, 31))
    assert (report.before.start, report.before.end) == (date(2022, 1, 1), date(2022, 12, 31))
    total, tax, waste = report.rows
    assert (total.line, tax.line, waste.line) == (ALL_LINES, "Council Tax", "Waste")

    assert total.before is not None
    assert total.after is not None
    assert (total.before.presented, total.before.answered) == (6, 4)
    assert total.before.ata_seconds == 32.5  # (40 + 20 + 60 + 10) / 4, not (40 + 10) / 2
    assert total.before.aht_seconds == 195.0  # (240 + 120 + 300 + 120) / 4
    assert (total.after.presented, total.after.answered) == (8, 6)
    assert total.after.ata_seconds == 60.0  # (30 + 90 + 60 + 120 + 20 + 40) / 6
    assert total.after.aht_seconds == 200.0  # (180 + 300 + 60 + 300 + 180 + 180) / 6
    # Presented per month: 6 / 12 = 0.5 in 2022, 8 / 3 in 2023; volume is neither good nor bad.
    assert (total.presented.direction, total.presented.verdict) == ("up", "neutral")
    assert total.presented.relative == pytest.approx((8 / 3) / 0.5 - 1)
    assert (total.answered.direction, total.answered.words) == ("up", "up, better")  # 4/6 -> 6/8
    assert total.ata.words == "up, worse"  # 32.5 -> 60
    assert total.aht.words == "up, worse"  # 195 -> 200

    assert tax.before is not None
    assert tax.after is not None
    assert (tax.before.ata_seconds, tax.after.ata_seconds) == (40.0, 75.0)
    assert (tax.before.aht_seconds, tax.after.aht_seconds) == (220.0, 210.0)
    assert tax.aht.words == "down, better"
    assert tax.answered.words == "up, better"  # 3/4 -> 4/5
    assert waste.ata.words == "up, worse"  # 10 -> 30
    assert waste.answered.words == "up, better"  # 1/2 -> 2/3

    # Seed 001's "% transferred": transferred / answered. Only T23c was transferred.
    assert (total.before.transfer_rate, total.after.transfer_rate) == (0.0, pytest.approx(1 / 6))
    assert total.transfer_rate.words == "up"  # neither better nor worse
    assert (tax.before.transfer_rate, tax.after.transfer_rate) == (0.0, 0.25)  # 0/3 -> 1/4
    assert tax.transfer_rate.relative == 0.25
    assert waste.transfer_rate.words == "same"  # 0/1 -> 0/2


def test_like_for_like_counts_the_same_span_of_both_years(imported: Council) -> None:
    report = year_on_year(imported, 2022, 2023, like_for_like=True)
    assert (report.before.start, report.before.end) == (date(2022, 1, 1), date(2022, 3, 31))
    assert report.label == "2022 vs 2023, 1 Jan to 31 Mar"
    total, tax, _ = report.rows
    assert total.before is not None
    # 2022 to 31 March: T22a, W22a, W22b.
    assert (total.before.presented, total.before.answered) == (3, 2)
    assert total.before.ata_seconds == 25.0  # (40 + 10) / 2
    assert total.presented.relative == pytest.approx(8 / 3 - 1)
    assert tax.answered.words == "down, worse"  # 1/1 -> 4/5
    assert tax.aht.words == "down, better"  # 240 -> 210


def test_a_chosen_end_and_a_line_without_calls_in_one_year(
    imported: Council, waste_line: ServiceLine
) -> None:
    report = year_on_year(imported, 2022, 2023, date(2023, 1, 31), line_ids=[waste_line.pk])
    assert report.label == "2022 vs 2023 YTD (end Jan)"
    _total, waste = report.rows
    assert waste.after is None  # no waste calls in January 2023
    assert waste.ata.direction is None
    assert waste.ata.words == "not comparable"
    with pytest.raises(ValueError, match="2023"):
        year_on_year(imported, 2022, 2023, date(2022, 12, 31))


def test_the_command_prints_the_table_as_json(imported: Council) -> None:
    out = StringIO()
    call_command(
        "year_on_year",
        council=imported.slug,
        year_a=2022,
        year_b=2023,
        json=True,
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["label"] == "2022 vs 2023 YTD (end Mar)"
    total = data["rows"][0]
    assert total["total"] is True
    assert total["year_a"] == {
        "presented": 6,
        "answered": 4,
        "ata_seconds": 32.5,
        "aht_seconds": 195.0,
        "transferred": 0,
        "transfer_rate": 0.0,
    }
    assert total["year_b"]["transferred"] == 1
    assert total["year_b"]["transfer_rate"] == 0.1667  # 1 / 6 to 4 places
    assert total["transfer_rate"] == {"direction": "up", "verdict": "neutral", "change": 0.1667}
    assert total["ata"] == {
        "direction": "up",
        "verdict": "worse",
        "change": pytest.approx(27.5 / 32.5, abs=1e-4),
    }
    tax = data["rows"][1]
    assert (tax["line"], tax["aht"]["direction"], tax["aht"]["verdict"]) == (
        "Council Tax",
        "down",
        "better",
    )


def test_the_command_like_for_like_as_text_and_its_errors(imported: Council) -> None:
    out = StringIO()
    call_command(
        "year_on_year",
        "--council",
        imported.slug,
        "--from-year",
        "2022",
        "--to-year",
        "2023",
        "--like-for-like",
        "--line",
        "CTAX",
        stdout=out,
    )
    text = out.getvalue()
    assert text.splitlines()[0] == "2022 vs 2023, 1 Jan to 31 Mar"
    assert "Average handling time\t0:04:00\t0:03:30\t↓ down, better" in text
    # Council Tax to 31 March: T22a answered (0 of 1) in 2022, T23c transferred (1 of 4) in 2023.
    assert "% transferred\t0.0%\t25.0%\t↑ up" in text
    assert "Waste" not in text
    with pytest.raises(CommandError, match="No line Parking"):
        call_command(
            "year_on_year",
            "--council",
            imported.slug,
            "--from-year",
            "2022",
            "--to-year",
            "2023",
            "--line",
            "Parking",
            stdout=StringIO(),
        )

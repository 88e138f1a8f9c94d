"""The demo's calls (made to match seed 001's 2022 figures): every published count adds up."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from civicdesk.core.hours import WEEKDAYS, WeeklyHours
from civicdesk.councils.bank_holidays import BankHolidayRegion, BankHolidays
from civicdesk.demo.calls import LineInfo, call_figures, generate_year, line_plans
from civicdesk.performance.metrics import figures_as_dict, line_metrics

DEMO_CATALOGUE = Path(__file__).parents[2] / "civicdesk" / "demo" / "data" / "demo.yaml"
OUTCOMES = ("answered", "abandoned_ivr", "abandoned_queue", "short_abandons", "callbacks")
# Seed 001, 2022: presented and answered, and the "% Transferred" rows.
SEED_2022 = {
    "Housing Options line": (34111, 33053, 0.50),
    "Local Taxation line": (65786, 52073, 0.22),
}


@pytest.fixture(scope="module")
def rows() -> dict[str, dict[str, object]]:
    data = yaml.safe_load(DEMO_CATALOGUE.read_text(encoding="utf-8"))
    lines = [
        LineInfo(
            number,
            line["code"],
            line["name"],
            tuple(line.get("aliases") or ()),
            WeeklyHours.parse({day: line.get(day) for day in WEEKDAYS}),
        )
        for number, line in enumerate(data["lines"])
        if line["name"] in SEED_2022
    ]
    plans = line_plans(lines, call_figures(), 2022)
    year = generate_year(plans, year=2022, closed=BankHolidays(BankHolidayRegion.ENGLAND_AND_WALES))
    calls = [call for line in year for call in line.calls()]
    # The demo's standards keep 5 s for short abandons (civicdesk/demo/data/standards.yaml).
    return {
        figures.line: figures_as_dict(figures)
        for figures in line_metrics(calls, service_level_seconds=120, short_abandon_seconds=5)
    }


def test_the_demo_lines_counts_add_up_to_the_seeds_presented(
    rows: dict[str, dict[str, object]],
) -> None:
    assert set(rows) == set(SEED_2022)
    for name, (presented, answered, transferred_share) in SEED_2022.items():
        row = rows[name]
        assert (row["presented"], row["answered"]) == (presented, answered)
        counts = [row[key] for key in OUTCOMES]
        assert all(isinstance(count, int) for count in counts)
        assert sum(count for count in counts if isinstance(count, int)) == presented
        assert row["transfer_rate"] == pytest.approx(transferred_share, abs=0.001)

"""`civicdesk staffing`: one interval given by hand, and every line and interval of a forecast."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from civicdesk.catalogue.models import ServiceLine
from civicdesk.councils.models import Council
from civicdesk.performance.calls_import import calls_import
from civicdesk.performance.models import LineStandard
from civicdesk.performance.services import line_standard_save
from civicdesk.planning.erlang import erlang_a_required, erlang_c_required
from tests.factories import CouncilFactory, ServiceLineFactory

CLASSIC = {"calls": 100, "interval_minutes": 30, "aht": 180, "target_level": 0.8}


def _strict(text: str) -> Any:
    """JSON as other tools read it: no NaN or Infinity."""

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def _staffing(**options: Any) -> str:
    out = StringIO()
    call_command("staffing", stdout=out, **options)
    return out.getvalue()


def _interval(**options: Any) -> dict[str, Any]:
    report: dict[str, Any] = _strict(_staffing(**{**CLASSIC, "target_seconds": 20, **options}))
    return report


# One interval given by hand ----------------------------------------------------------------


def test_the_classic_case_needs_14_agents() -> None:
    report = _interval(json=True)

    assert report["model"] == "erlang_c"
    assert (report["agents"], report["positions"]) == (14, 14)
    assert report["service_level"] == pytest.approx(0.8884, abs=5e-5)
    assert report["p_wait"] == pytest.approx(0.1741, abs=5e-5)
    assert report["p_abandon"] is None  # Erlang C: no one hangs up
    assert report["ata_seconds"] == pytest.approx(7.84, abs=0.01)
    assert report["occupancy"] == pytest.approx(10 / 14)  # 10 Erlangs on 14 agents
    assert report["meets_target"] is True


def test_13_agents_fall_short_of_the_target() -> None:
    report = _interval(agents=13, json=True)

    assert report["agents"] == 13
    assert report["service_level"] == pytest.approx(0.7956, abs=5e-5)
    assert report["meets_target"] is False


def test_shrinkage_turns_14_agents_into_20_positions() -> None:
    report = _interval(shrinkage=0.3, json=True)
    assert (report["agents"], report["positions"]) == (14, 20)


def test_too_few_agents_for_the_load_is_valid_json_with_an_unbounded_wait() -> None:
    report = _interval(agents=10, json=True)  # 10 Erlangs on 10 agents: the queue never empties

    assert (report["service_level"], report["p_wait"]) == (0.0, 1.0)
    assert report["ata_seconds"] is None


def test_patience_switches_to_erlang_a() -> None:
    report = _interval(patience=120, max_abandon=0.05, json=True)
    expected = erlang_a_required(
        calls=100,
        interval_seconds=1800,
        aht_seconds=180,
        patience_seconds=120,
        target_service_level=0.8,
        target_seconds=20,
        max_abandonment=0.05,
    )

    assert report["model"] == "erlang_a"
    assert report["agents"] == expected.agents
    assert report["agents"] <= 14  # residents who hang up free the agents up
    assert report["service_level"] == pytest.approx(expected.service_level)
    assert report["p_abandon"] == pytest.approx(expected.p_abandon)
    assert 0 < report["p_abandon"] <= 0.05
    assert report["ata_seconds"] == pytest.approx(expected.ata_seconds)

    fewer = _interval(patience=120, max_abandon=0.05, agents=expected.agents - 1, json=True)
    assert fewer["meets_target"] is False
    assert fewer["p_abandon"] > 0.05


def test_a_maximum_occupancy_can_need_more_agents() -> None:
    report = _interval(max_occupancy=0.7, json=True)
    assert report["agents"] == 15  # 10 Erlangs / 0.7 = 14.3
    assert report["occupancy"] <= 0.7


def test_the_text_output_says_whether_the_target_is_met() -> None:
    text = _staffing(**CLASSIC, agents=13, shrinkage=0.3)

    assert "Erlang C: 100 calls in 30 minutes, AHT 180 s" in text
    assert "agents         13" in text
    assert "positions      19 (after 30% shrinkage)" in text
    assert "79.6% answered within 20 s (target 80.0%)" in text
    assert "targets        not met" in text


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"calls": -5, "aht": 180}, "--calls must be at least 0; got -5"),
        ({"calls": 100, "aht": 180, "target_level": 1.5}, "--target-level must be above 0 and"),
        ({"calls": 100, "aht": 180, "target_level": 0}, "--target-level must be above 0 and"),
        ({"calls": 100}, "--aht is needed with --calls"),
        ({"calls": 100, "aht": 0}, "--aht must be above 0; got 0"),
        ({"calls": 100, "aht": 180, "agents": 2.5}, "--agents must be a whole number"),
        ({"calls": 100, "aht": 180, "shrinkage": 1}, "--shrinkage must be at least 0 and below 1"),
        ({"calls": 100, "aht": 180, "patience": 0}, "--patience must be above 0"),
        ({"calls": 100, "aht": 180, "max_abandon": 0.05}, "--max-abandon needs --patience"),
        ({"calls": 100, "aht": 180, "max_occupancy": 1.2}, "--max-occupancy must be above 0"),
        ({"calls": 100, "aht": 180, "weeks": 2}, "--weeks is for a council's forecast"),
        ({"calls": 100, "aht": 180, "csv": True}, "--csv is for a council's forecast"),
        ({"calls": "many", "aht": 180}, "--calls must be a number; got 'many'"),
        ({"calls": 100, "aht": float("inf")}, "--aht must be above 0; got inf"),
        ({"aht": 180}, "Give --calls and --aht for one interval, or --council"),
        ({"calls": 100, "aht": 180, "json": True, "csv": True}, "Choose one of --json and --csv"),
    ],
)
def test_bad_options_are_command_errors_naming_the_option(
    options: dict[str, Any], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        _staffing(**options)


def test_bad_options_on_the_command_line_are_command_errors() -> None:
    with pytest.raises(CommandError, match="argument --agents: invalid int value"):
        call_command("staffing", "--calls", "100", "--aht", "180", "--agents", "many")


# The council's forecast --------------------------------------------------------------------

HEADER = (
    "call_id,line,presented_at,ivr_exit_at,queue_entered_at,queue_exited_at,answered_at,"
    "ended_at,outcome,agent,transferred_to,wrap_seconds\n"
)
FIRST, LAST = date(2023, 4, 24), date(2023, 6, 2)  # six weeks, Monday to Friday
BANK_HOLIDAYS = {date(2023, 5, 1), date(2023, 5, 8), date(2023, 5, 29)}
# UK time: 20 calls from 09:00, 10 from 10:00 and 3 from 14:30 every working day.
OFFSETS = (
    *(timedelta(hours=9, seconds=85 * n) for n in range(20)),
    *(timedelta(hours=10, seconds=170 * n) for n in range(10)),
    *(timedelta(hours=14, minutes=30 + 9 * n) for n in range(3)),
)


def _calls(line: str, *, answered: bool) -> str:
    """Calls on every working day; answered ones take 160 s of talk and 10 s of wrap."""
    rows = []
    day = FIRST
    while day <= LAST:
        if day.weekday() < 5 and day not in BANK_HOLIDAYS:
            for n, offset in enumerate(OFFSETS):
                start = datetime.combine(day, datetime.min.time()) + offset
                waited = (start + timedelta(seconds=20)).isoformat()
                ended = (start + timedelta(minutes=3)).isoformat()
                call_id = f"{line[:3]}{day:%Y%m%d}-{n}"
                if answered:
                    rows.append(
                        f"{call_id},{line},{start.isoformat()},,{start.isoformat()},{waited},"
                        f"{waited},{ended},answered,,,10\n"
                    )
                else:
                    rows.append(
                        f"{call_id},{line},{start.isoformat()},,{start.isoformat()},{waited},,"
                        f"{waited},abandoned_queue,,,\n"
                    )
        day += timedelta(days=1)
    return HEADER + "".join(rows)


@pytest.fixture
def council() -> Council:
    return CouncilFactory.create(slug="staffing-test", name="Staffing Test Council")


@pytest.fixture
def lines(council: Council) -> tuple[ServiceLine, ServiceLine]:
    """Two lines open 09:00-17:00 on weekdays: Tax with a standard of 95% in 10 s and at most
    2% abandoned, and Waste with none (80% in 20 s)."""
    tax = ServiceLineFactory.create(council=council, code="tax", name="Tax")
    waste = ServiceLineFactory.create(council=council, code="waste", name="Waste")
    standard = LineStandard(
        council=council,
        line=tax,
        answer_within_seconds=10,
        service_level_target=Decimal("0.95"),
        abandon_rate_target=Decimal("0.02"),
    )
    line_standard_save(standard=standard, actor="test")
    calls_import(council=council, text=_calls("Tax", answered=True))
    calls_import(council=council, text=_calls("Waste", answered=True))
    return tax, waste


def _rows(**options: Any) -> list[dict[str, str]]:
    text = _staffing(council="staffing-test", csv=True, **options)
    return list(csv.DictReader(StringIO(text)))


@pytest.mark.django_db
def test_the_forecast_is_staffed_for_every_line_and_interval(lines: object) -> None:
    rows = _rows(weeks=1)

    assert list(rows[0]) == [
        "line",
        "date",
        "interval_start",
        "calls",
        "aht_seconds",
        "agents",
        "positions",
        "service_level",
        "occupancy",
    ]
    assert len(rows) == 2 * 7 * 48
    assert {(r["line"], r["date"]) for r in rows} == {
        (line, (date(2023, 6, 3) + timedelta(days=d)).isoformat())
        for line in ("tax", "waste")
        for d in range(7)
    }
    targets = {"tax": (0.95, 10), "waste": (0.8, 20)}
    busy = {"tax": 0, "waste": 0}
    for row in rows:
        calls, agents = float(row["calls"]), int(row["agents"])
        assert float(row["aht_seconds"]) == 170  # 160 s of talk and 10 s of wrap
        opened = (
            date.fromisoformat(row["date"]).weekday() < 5
            and "09:00" <= row["interval_start"] < "17:00"
        )
        if not opened:
            assert (calls, agents) == (0, 0)
        if calls == 0:
            assert agents == 0
            continue
        busy[row["line"]] += 1
        level, seconds = targets[row["line"]]
        expected = erlang_c_required(
            calls=calls,
            interval_seconds=1800,
            aht_seconds=170,
            target_service_level=level,
            target_seconds=seconds,
        )
        assert agents == expected.agents >= 1
        assert float(row["service_level"]) >= level - 5e-5
        assert row["positions"] == row["agents"]  # no shrinkage
    assert busy == {"tax": 15, "waste": 15}  # 3 intervals with calls on 5 weekdays
    # The stricter standard needs more agents for the same calls.
    peak = {
        r["line"]: int(r["agents"])
        for r in rows
        if r["date"] == "2023-06-05" and r["interval_start"] == "09:00"
    }
    assert peak["tax"] > peak["waste"]


@pytest.mark.django_db
def test_the_forecast_with_patience_uses_erlang_a_and_the_abandonment_standard(
    lines: object,
) -> None:
    report = _strict(
        _staffing(council="staffing-test", weeks=2, patience=60, shrinkage=0.25, json=True)
    )

    assert report["model"] == "erlang_a"
    assert (report["from"], report["to"]) == ("2023-06-03", "2023-06-16")
    assert len(report["interval_starts"]) == 48
    by_line = {line["line"]: line for line in report["lines"]}
    assert by_line["tax"]["max_abandon"] == 0.02
    assert by_line["waste"]["max_abandon"] is None
    for code, line in by_line.items():
        assert len(line["days"]) == 14
        monday = line["days"][2]
        assert monday["date"] == "2023-06-05"
        busiest = max(range(48), key=lambda s: monday["calls"][s])
        assert monday["calls"][busiest] > 0
        expected = erlang_a_required(
            calls=monday["calls"][busiest],
            interval_seconds=1800,
            aht_seconds=170,
            patience_seconds=60,
            target_service_level=line["target_level"],
            target_seconds=line["target_seconds"],
            max_abandonment=line["max_abandon"],
            shrinkage=0.25,
        )
        assert monday["agents"][busiest] == expected.agents
        assert monday["positions"][busiest] == expected.positions
        assert monday["p_abandon"][busiest] == pytest.approx(expected.p_abandon, abs=5e-5)
        if code == "tax":
            assert max(p for day in line["days"] for p in day["p_abandon"]) <= 0.02
        assert line["agent_hours"] == sum(sum(day["agents"]) for day in line["days"]) / 2


@pytest.mark.django_db
def test_options_override_every_lines_targets_and_aht(lines: object) -> None:
    rows = _rows(weeks=1, aht=600, target_level=0.6, target_seconds=60, interval_minutes=15)

    assert len(rows) == 2 * 7 * 96
    busy = [r for r in rows if float(r["calls"]) > 0]
    assert busy
    for row in busy:
        assert row["aht_seconds"] == "600.0"
        expected = erlang_c_required(
            calls=float(row["calls"]),
            interval_seconds=900,
            aht_seconds=600,
            target_service_level=0.6,
            target_seconds=60,
        )
        assert int(row["agents"]) == expected.agents


@pytest.mark.django_db
def test_a_line_whose_calls_were_never_answered_needs_an_aht(council: Council) -> None:
    ServiceLineFactory.create(council=council, code="waste", name="Waste")
    calls_import(council=council, text=_calls("Waste", answered=False))

    with pytest.raises(CommandError, match="Line waste has no answered calls"):
        _staffing(council="staffing-test", weeks=1)
    text = _staffing(council="staffing-test", weeks=1, aht=200)
    assert "Waste (waste): AHT 200 s, 80% within 20 s" in text
    assert "2023-06-05 Mon" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"agents": 3}, "--agents is for one interval given by hand"),
        ({"calls": 100}, "--calls is for one interval given by hand"),
        ({"weeks": 7}, "--weeks must be a whole number, at least 1 and at most 6; got 7"),
        ({"interval_minutes": 20}, "--interval-minutes must be 15 or 30 with --council"),
        ({"through": "last friday"}, "--through must be a date"),
        ({"target_level": 1}, "--target-level must be above 0 and below 1"),
    ],
)
def test_bad_options_with_a_council_are_command_errors(
    lines: object, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        _staffing(council="staffing-test", **options)


@pytest.mark.django_db
def test_an_unknown_council_or_one_without_calls_is_a_command_error(council: Council) -> None:
    with pytest.raises(CommandError, match="No council with slug 'nowhere'"):
        _staffing(council="nowhere")
    ServiceLineFactory.create(council=council, code="waste", name="Waste")
    with pytest.raises(CommandError, match="No calls for staffing-test yet"):
        _staffing(council="staffing-test")

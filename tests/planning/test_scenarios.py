"""What-if scenarios worked out by hand: one line with known calls and agents, and each change.

The line is open 09:00 to 17:00 (half hours 18 to 33) and a period is one Monday unless said
otherwise. Phone calls cost 150p and online contacts 15p, as seed 003 says.
"""

from __future__ import annotations

from datetime import date, time

import numpy as np
import pytest

from civicdesk.planning.erlang_a import erlang_a, erlang_a_required
from civicdesk.planning.scenario_baseline import Baseline, LineInputs, QueryTypeShare
from civicdesk.planning.scenario_file import scenario_from_mapping, scenario_from_yaml
from civicdesk.planning.scenario_model import compare
from civicdesk.planning.scenarios import (
    AhtChange,
    HoursChange,
    OnlineShift,
    ScenarioError,
    StaffingChange,
)

MONDAY = date(2023, 8, 7)
SLOTS = 48
OPEN = np.zeros((7, SLOTS), dtype=bool)
OPEN[:, 18:34] = True  # 09:00 to 17:00 every day
LINE = LineInputs(
    code="benefits",
    name="Benefits line",
    aht_seconds=180,
    patience_seconds=600,
    answer_within_seconds=20,
    service_level_target=0.8,
    opening=OPEN,
)


def baseline(
    calls: np.ndarray,
    *,
    agents: np.ndarray | None = None,
    share: float = 0.2,
    line: LineInputs = LINE,
) -> Baseline:
    return Baseline(
        lines=(line,),
        start=MONDAY,
        interval_minutes=30,
        calls=calls.reshape(1, -1, SLOTS).astype(float),
        query_types={"payments": QueryTypeShare("payments", "Payment enquiry", 0, share)},
        phone_pence=150,
        online_pence=15,
        agents=None if agents is None else agents.reshape(1, -1, SLOTS).astype(np.int64),
    )


def known(value: float | None) -> float:
    """A figure that must be there (the line had calls)."""
    assert value is not None
    return value


def flat(calls: float, agents: int = 0, days: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """`calls` and `agents` in every open half hour of `days` days from Monday."""
    grid = np.zeros((days, SLOTS))
    grid[:, 18:34] = 1
    return grid * calls, (grid * agents).astype(np.int64)


def test_a_line_with_given_agents_has_the_figures_erlang_a_gives_its_one_busy_interval() -> None:
    calls = np.zeros(SLOTS)
    calls[20] = 100  # 10:00 to 10:30
    agents = np.zeros(SLOTS, dtype=np.int64)
    agents[20] = 14
    result = compare(baseline(calls, agents=agents), [])
    exact = erlang_a(
        calls=100, interval_seconds=1800, aht_seconds=180, patience_seconds=600, agents=14
    )
    line = result.before.lines[0]
    assert line.calls == 100
    assert line.abandonment == pytest.approx(exact.p_abandon)
    assert line.abandoned == pytest.approx(100 * exact.p_abandon)
    assert line.ata_seconds == pytest.approx(exact.ata_seconds)
    assert line.service_level == pytest.approx(exact.service_level)
    assert line.mean_wait_seconds == pytest.approx(exact.mean_wait_seconds)
    assert line.staff_hours == 7  # 14 agents for half an hour
    assert line.cost_pence == 100 * 150
    assert result.after.lines[0] == line  # no change, same figures
    assert result.changed_lines() == []


def test_without_given_agents_the_baseline_has_the_fewest_that_meet_the_standard() -> None:
    calls, _ = flat(100)
    result = compare(baseline(calls), [])
    needed = erlang_a_required(
        calls=100,
        interval_seconds=1800,
        aht_seconds=180,
        patience_seconds=600,
        target_service_level=0.8,
        target_seconds=20,
    )
    assert set(result.before_grids.agents[0, 0, 18:34].tolist()) == {needed.agents}
    assert result.before_grids.agents[0, 0, :18].sum() == 0  # no calls, no agents
    line = result.before.lines[0]
    assert line.staff_hours == 16 * needed.agents / 2
    assert line.service_level == pytest.approx(needed.service_level)
    assert known(line.service_level) >= 0.8


def test_moving_half_a_query_type_online_takes_its_share_of_the_calls_and_saves_the_cost() -> None:
    calls, agents = flat(100, agents=14)  # 1,600 calls in the day
    base = baseline(calls, agents=agents, share=0.25)
    result = compare(base, [OnlineShift("payments", share=0.5, assisted_share=0.0)])
    before, after = result.before.lines[0], result.after.lines[0]
    moved = 1600 * 0.25 * 0.5  # 200 calls
    assert after.moved_online == pytest.approx(moved)
    assert after.calls == pytest.approx(1600 - moved)
    assert result.after_grids.calls[0, 0, 20] == pytest.approx(100 * (1 - 0.125))
    assert before.cost_pence - after.cost_pence == pytest.approx(moved * (150 - 15))
    assert after.staff_hours == before.staff_hours  # the same agents
    assert known(after.ata_seconds) < known(before.ata_seconds)
    assert known(after.abandonment) < known(before.abandonment)
    # The exact figures of the quieter half hours, from Erlang A directly.
    exact = erlang_a(
        calls=87.5, interval_seconds=1800, aht_seconds=180, patience_seconds=600, agents=14
    )
    assert after.abandonment == pytest.approx(exact.p_abandon)
    assert after.ata_seconds == pytest.approx(exact.ata_seconds)
    assert result.annual_saving_pence == pytest.approx(moved * 135 * 365)


def test_residents_who_need_assisted_digital_help_still_call() -> None:
    calls, agents = flat(100, agents=14)
    result = compare(
        baseline(calls, agents=agents, share=0.25),
        [OnlineShift("payments", share=1.0, assisted_share=0.1)],
    )
    assert result.after.lines[0].moved_online == pytest.approx(1600 * 0.25 * 0.9)  # 360
    # A share given in the scenario replaces the recorded one.
    given = compare(
        baseline(calls, agents=agents, share=0.25),
        [OnlineShift("payments", assisted_share=0.0, query_type_share=0.5)],
    )
    assert given.after.lines[0].moved_online == pytest.approx(800)


def test_shorter_hours_drop_the_calls_outside_them_or_move_them_into_the_morning() -> None:
    calls, agents = flat(10, agents=3)  # 160 calls, 10 every half hour from 09:00 to 17:00
    mornings = HoursChange("benefits", {0: "09:00-12:00"}, closed_calls="drop")
    dropped = compare(baseline(calls, agents=agents), [mornings])
    grid = dropped.after_grids
    assert grid.calls[0, 0, 18:24].tolist() == [10] * 6  # 09:00 to 12:00 unchanged
    assert grid.calls[0, 0, 24:].sum() == 0
    assert grid.agents[0, 0, 24:].sum() == 0  # nobody on a closed line
    after = dropped.after.lines[0]
    assert after.calls == 60
    assert after.refused == 100
    assert after.staff_hours == 3 * 3  # three agents for three hours
    assert after.cost_pence == 60 * 150

    moved = compare(baseline(calls, agents=agents), [HoursChange("benefits", {0: "09:00-12:00"})])
    grid = moved.after_grids
    assert grid.calls[0, 0, 18:24].tolist() == pytest.approx([160 / 6] * 6)
    assert moved.after.lines[0].calls == pytest.approx(160)
    assert moved.after.lines[0].refused == 0
    assert known(moved.after.lines[0].abandonment) > known(moved.before.lines[0].abandonment)


def test_closing_a_day_loses_its_calls_and_opening_hours_on_other_days_stay() -> None:
    calls, agents = flat(10, agents=3, days=2)  # Monday and Tuesday
    result = compare(baseline(calls, agents=agents), [HoursChange("benefits", {1: ""})])
    after = result.after.lines[0]
    assert result.after_grids.calls[0, 0].sum() == 160  # Monday as it was
    assert result.after_grids.calls[0, 1].sum() == 0
    assert after.refused == 160  # no open half hour left on Tuesday to ring again in
    assert after.staff_hours == 3 * 8


def test_staffing_changes_add_agents_to_the_chosen_times_of_the_open_day() -> None:
    calls, agents = flat(100, agents=14)
    more = StaffingChange("benefits", add=2, days=(0,), starts=time(9), ends=time(12))
    result = compare(baseline(calls, agents=agents), [more])
    grid = result.after_grids.agents[0, 0]
    assert grid[18:24].tolist() == [16] * 6
    assert grid[24:34].tolist() == [14] * 10
    assert grid[:18].sum() == 0  # closed before 09:00: no agents added
    assert result.after.lines[0].staff_hours == result.before.lines[0].staff_hours + 2 * 3
    assert known(result.after.lines[0].abandonment) < known(result.before.lines[0].abandonment)
    fewer = compare(
        baseline(calls, agents=agents), [StaffingChange("benefits", scale=0.5, days=(1,))]
    )
    assert fewer.after_grids.agents.tolist() == fewer.before_grids.agents.tolist()  # not Monday
    removed = compare(baseline(calls, agents=agents), [StaffingChange("benefits", add=-20)])
    assert removed.after_grids.agents.min() == 0


def test_a_shorter_handling_time_and_a_fresh_staffing_need_fewer_staff_hours() -> None:
    calls, _ = flat(100)
    result = compare(baseline(calls), [AhtChange("all", scale=0.5)], staffing="required")
    needed = erlang_a_required(
        calls=100,
        interval_seconds=1800,
        aht_seconds=90,
        patience_seconds=600,
        target_service_level=0.8,
        target_seconds=20,
    )
    assert result.after_grids.aht_seconds.tolist() == [90]
    assert result.after.lines[0].staff_hours == 16 * needed.agents / 2
    assert result.after.lines[0].staff_hours < result.before.lines[0].staff_hours


def test_as_recorded_staffing_gives_at_most_the_recorded_abandonment() -> None:
    calls, _ = flat(40, days=2)
    line = LineInputs(
        code="benefits",
        name="Benefits line",
        aht_seconds=400,
        patience_seconds=300,
        opening=OPEN,
        recorded_abandonment=0.2,
    )
    base = baseline(calls, line=line)
    matched = compare(Baseline(**{**base.__dict__, "staffing": "recorded"}), [])
    figures = matched.before.lines[0]
    assert figures.abandonment is not None
    assert 0.12 < figures.abandonment <= 0.2
    # One agent fewer in every busy half hour gives more than the recorded abandonment.
    fewer = matched.before_grids.agents - (matched.before_grids.agents > 1)
    worse = compare(baseline(calls, agents=fewer[0], line=line), [])
    assert worse.before.lines[0].abandonment is not None
    assert worse.before.lines[0].abandonment > 0.2


def test_a_scenario_file_is_read_and_its_mistakes_are_named() -> None:
    scenario = scenario_from_yaml(
        """
        name: HB payment enquiries online only
        council: demo
        period: {from: 2023-08-01, to: 2023-08-31}
        staffing: {baseline: recorded}
        changes:
          - online: hb-payment-enquiry
            share: 0.5
          - hours: housing-benefit
            mon: "09:00-17:00"
            sat: closed
          - staffing: housing-benefit
            add: 2
            days: [mon, tue]
            from: "09:30"
            to: "12:00"
          - aht: all
            scale: 0.9
        """
    )
    assert scenario.council == "demo"
    assert scenario.period.start == date(2023, 8, 1)
    assert scenario.staffing.baseline == "recorded"
    online, hours, staffing, aht = scenario.changes
    assert online == OnlineShift("hb-payment-enquiry", share=0.5, assisted_share=0.1)
    assert hours == HoursChange("housing-benefit", {0: "09:00-17:00", 5: ""})
    assert staffing == StaffingChange(
        "housing-benefit", add=2, days=(0, 1), starts=time(9, 30), ends=time(12)
    )
    assert aht == AhtChange("all", scale=0.9)

    def problem(text: str) -> tuple[str, str]:
        with pytest.raises(ScenarioError) as caught:
            scenario_from_yaml(text)
        return caught.value.field, caught.value.message

    base = "council: demo\nchanges:\n"
    assert problem("council: [demo\n")[0] == "file"
    assert problem("changes:\n  - online: x\n") == (
        "council",
        "give the council's slug, e.g. council: demo",
    )
    field, message = problem(base + "  - online: hb-payment-enquiry\n    share: 1.5\n")
    assert (field, message) == ("changes[0].share", "must be from 0 to 1; got 1.5")
    field, message = problem(base + "  - online: x\n    shares: 1\n")
    assert field == "changes[0]"
    assert "unknown field 'shares'" in message
    assert problem(base + "  - staffing: x\n    from: 9:30\n    add: 1\n") == (
        "changes[0].from",
        'write the time in quotes, like "09:30"',
    )
    assert problem(base + "  - hours: x\n    mon: 17:00-09:00\n")[0] == "changes[0].mon"
    assert problem(base + "  - online: x\n  - online: x\n")[0] == "changes[1]"
    assert problem("council: demo\nchanges: []\n")[0] == "changes"
    assert problem(base + "  - aht: all\n")[1] == "give one of seconds or scale"
    assert problem(base + "  - online: x\nperiod: {from: 2023-08-31, to: 2023-08-01}\n")[0] == (
        "period.to"
    )
    with pytest.raises(ScenarioError, match="interval_minutes"):
        scenario_from_mapping({"council": "demo", "interval_minutes": 20, "changes": [{}]})

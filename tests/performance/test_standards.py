"""Published standards against the figures: hand-computed over a small file of calls, and the
cases resolved in a month by service."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicdesk.cases.models import Case
from civicdesk.cases.services import case_open, case_transition
from civicdesk.catalogue.models import QueryType, ServiceLine
from civicdesk.councils.models import Council
from civicdesk.demo.standards import load_standards
from civicdesk.performance.calls_import import calls_import
from civicdesk.performance.metrics import Tally
from civicdesk.performance.models import CallRollup, LineStandard, Period
from civicdesk.performance.services import line_standard_save
from civicdesk.performance.standards import (
    Measure,
    Window,
    abandon_rate,
    case_standards,
    last_complete_month,
    month_end,
    month_start,
    phone_standards,
    query_type_standards,
)
from tests.factories import CouncilFactory, QueryTypeFactory, ServiceFactory, UserFactory

HEADER = (
    "call_id,line,presented_at,ivr_exit_at,queue_entered_at,queue_exited_at,answered_at,"
    "ended_at,outcome,agent,transferred_to,wrap_seconds\n"
)


def answered(call_id: str, line: str, day: str, queued: str, picked_up: str, ended: str) -> str:
    at = f"{day}T{{}}Z"
    q, a, e = at.format(queued), at.format(picked_up), at.format(ended)
    return f"{call_id},{line},{at.format('09:00:00')},{q},{q},{a},{a},{e},answered,Asha,,30\n"


# March 2023 (GMT) on the Council Tax line, with T = 60 s:
#   answered in 30 s, 60 s (on T counts as within), 181 s, and a transfer in 20 s;
#   one abandon in the queue after 120 s; one after 2 s (a short abandon, not counted);
#   one IVR abandon and one callback (in neither count).
# February: one call answered in 10 s. April: one abandon in the queue after 200 s.
CALLS = (
    HEADER
    + answered("A1", "Council Tax", "2023-03-01", "09:00:10", "09:00:40", "09:05:40")
    + answered("A2", "Council Tax", "2023-03-01", "09:00:10", "09:01:10", "09:04:10")
    + answered("A3", "Council Tax", "2023-03-02", "09:00:10", "09:03:11", "09:08:11")
    + "A4,Council Tax,2023-03-02T10:00:00Z,2023-03-02T10:00:10Z,2023-03-02T10:00:10Z,"
    "2023-03-02T10:00:30Z,2023-03-02T10:00:30Z,2023-03-02T10:02:30Z,transferred,Ben,Tier 2,0\n"
    + "Q1,Council Tax,2023-03-03T09:00:00Z,2023-03-03T09:00:10Z,2023-03-03T09:00:10Z,"
    "2023-03-03T09:02:10Z,,2023-03-03T09:02:10Z,abandoned_queue,,,\n"
    + "Q2,Council Tax,2023-03-03T10:00:00Z,2023-03-03T10:00:10Z,2023-03-03T10:00:10Z,"
    "2023-03-03T10:00:12Z,,2023-03-03T10:00:12Z,abandoned_queue,,,\n"
    + "I1,Council Tax,2023-03-06T09:00:00Z,,,,,2023-03-06T09:00:30Z,abandoned_ivr,,,\n"
    + "C1,Council Tax,2023-03-06T10:00:00Z,2023-03-06T10:00:10Z,2023-03-06T10:00:10Z,"
    "2023-03-06T10:00:40Z,,2023-03-06T10:00:45Z,callback,,,\n"
    + answered("F1", "Council Tax", "2023-02-10", "09:00:05", "09:00:15", "09:03:15")
    + "P1,Council Tax,2023-04-03T08:00:00Z,2023-04-03T08:00:10Z,2023-04-03T08:00:10Z,"
    "2023-04-03T08:03:30Z,,2023-04-03T08:03:30Z,abandoned_queue,,,\n"
    # A line without a standard: never on the charter.
     + answered("W1", "Waste", "2023-03-01", "09:00:05", "09:00:15", "09:03:15")
)
MID_APRIL = datetime(2023, 4, 15, 12, tzinfo=UTC)


@pytest.fixture
def standard(council: Council, tax_line: ServiceLine, waste_line: ServiceLine) -> LineStandard:
    standard = LineStandard(
        council=council,
        line=tax_line,
        answer_within_seconds=60,
        service_level_target=Decimal("0.8"),
        ata_target_seconds=120,
        abandon_rate_target=Decimal("0.1"),
    )
    line_standard_save(standard=standard, actor="test")
    calls_import(council=council, text=CALLS)
    return standard


def _figures(measures: list[Measure]) -> list[tuple[float | None, bool | None]]:
    return [(m.achieved, m.met) for m in measures]


@pytest.mark.django_db
def test_the_last_complete_month_and_the_year_to_date_against_the_standard(
    standard: LineStandard,
) -> None:
    phones = phone_standards(council=standard.council, moment=MID_APRIL)

    assert phones.month == Window(date(2023, 3, 1), date(2023, 3, 31), latest=True)
    assert phones.year == Window(date(2023, 1, 1), date(2023, 3, 31), latest=True)
    [line] = phones.lines
    assert line.name == "Council Tax"
    assert line.month.presented == 8
    # 3 of the 5 calls that reached the queue answered within 60 s; (30+60+181+20)/4 = 72.75 s
    # on average; 1 of 5 abandoned in the queue.
    assert _figures(line.month.measures) == [(0.6, False), (73.0, True), (0.2, False)]
    # With February's call: 4 of 6 within 60 s; (291+10)/5 = 60.2 s; 1 of 6 abandoned.
    assert line.year.presented == 9
    assert _figures(line.year.measures) == [(0.667, False), (60.0, True), (0.167, False)]


@pytest.mark.django_db
def test_a_month_without_calls_falls_back_to_the_latest_month_with_some(
    standard: LineStandard,
) -> None:
    phones = phone_standards(council=standard.council, moment=datetime(2023, 6, 15, tzinfo=UTC))

    assert phones.month == Window(date(2023, 4, 1), date(2023, 4, 30), latest=False)
    assert phones.year == Window(date(2023, 1, 1), date(2023, 4, 30), latest=False)
    [line] = phones.lines
    # April: one call abandoned in the queue, none answered.
    assert _figures(line.month.measures) == [(0.0, False), (None, None), (1.0, False)]
    # January to April: 4 of 7 within T; still 60.2 s; 2 of 7 abandoned.
    assert _figures(line.year.measures) == [(0.571, False), (60.0, True), (0.286, False)]


@pytest.mark.django_db
def test_no_calls_at_all_leaves_the_standards_unmeasured(
    council: Council, tax_line: ServiceLine
) -> None:
    LineStandard.objects.create(council=council, line=tax_line, ata_target_seconds=None)

    phones = phone_standards(council=council, moment=MID_APRIL)

    assert not phones.has_figures
    assert phones.month == Window(date(2023, 3, 1), date(2023, 3, 31), latest=True)
    [line] = phones.lines
    assert _figures(line.month.measures) == [(None, None)]  # no wait or abandon target set


@pytest.mark.django_db
def test_one_councils_calls_never_count_for_another(standard: LineStandard) -> None:
    other = CouncilFactory.create(slug="other-calls", name="Other Council")
    line = ServiceLine.objects.create(council=other, code="council-tax", name="Council Tax")
    LineStandard.objects.create(council=other, line=line)

    phones = phone_standards(council=other, moment=MID_APRIL)

    assert not phones.has_figures
    assert [result.month.presented for result in phones.lines] == [0]


@pytest.mark.django_db
def test_the_figures_come_from_the_rollups_not_the_call_records(
    standard: LineStandard,
) -> None:
    CallRollup.objects.filter(council=standard.council, period=Period.MONTH).update(presented=99)
    CallRollup.objects.filter(council=standard.council, period=Period.DAY).update(presented=99)

    [line] = phone_standards(council=standard.council, moment=MID_APRIL).lines

    assert line.month.presented == 99


# Cases ---------------------------------------------------------------------------------------


def _resolved(
    query_type: QueryType,
    actor: Any,
    *,
    due: datetime | None,
    resolved: datetime,
    breached: datetime | None = None,
) -> Case:
    case = case_open(query_type=query_type, actor=actor, description="A test case")
    case_transition(case=case, actor=actor, to="resolved", outcome="done")
    # Test data: times set directly, as the clock and the breach check would have left them.
    Case.objects.filter(pk=case.pk).update(due_at=due, resolved_at=resolved, breached_at=breached)
    return case


def _at(day: int, month: int = 3, hour: int = 12) -> datetime:
    return datetime(2023, month, day, hour, tzinfo=UTC)


@pytest.mark.django_db
def test_cases_resolved_within_their_due_time_by_service(council: Council) -> None:
    actor = UserFactory.create(username="case-worker")
    waste = QueryTypeFactory.create(
        council=council,
        service=ServiceFactory.create(council=council, name="Waste"),
        standard_days=5,
    )
    tax = QueryTypeFactory.create(
        council=council,
        service=ServiceFactory.create(council=council, name="Council Tax"),
        standard_days=10,
    )
    unpromised = QueryTypeFactory.create(council=council, service=tax.service, standard_days=None)
    _resolved(waste, actor, due=_at(15), resolved=_at(10))  # on time
    _resolved(waste, actor, due=_at(15), resolved=_at(15))  # at its due time: on time
    _resolved(waste, actor, due=_at(15), resolved=_at(20))  # late, before the check ran
    # Flagged by the breach check: late, even though a later resume moved its due time on.
    _resolved(waste, actor, due=_at(25), resolved=_at(20), breached=_at(16))
    _resolved(tax, actor, due=_at(31, hour=23), resolved=_at(31, hour=22))  # on time
    _resolved(tax, actor, due=_at(20, month=4), resolved=_at(3, month=4))  # April: not counted
    _resolved(unpromised, actor, due=None, resolved=_at(10))  # no standard: not counted
    case_open(query_type=waste, actor=actor, description="Still open")  # not resolved

    cases = case_standards(council=council, moment=MID_APRIL)

    assert cases.month == Window(date(2023, 3, 1), date(2023, 3, 31), latest=True)
    assert [(s.service, s.resolved, s.on_time) for s in cases.services] == [
        ("Council Tax", 1, 1),
        ("Waste", 4, 2),
    ]
    other = CouncilFactory.create(slug="other-cases", name="Other Council")
    assert case_standards(council=other, moment=MID_APRIL).services == []
    later = case_standards(council=council, moment=datetime(2023, 7, 2, tzinfo=UTC))
    assert later.month == Window(date(2023, 4, 1), date(2023, 4, 30), latest=False)
    assert [(s.service, s.resolved, s.on_time) for s in later.services] == [("Council Tax", 1, 1)]


@pytest.mark.django_db
def test_published_query_type_standards_by_service(council: Council) -> None:
    bins = ServiceFactory.create(council=council, name="Waste")
    tax = ServiceFactory.create(council=council, name="Council Tax")
    QueryTypeFactory.create(
        council=council, service=bins, name="Report a missed bin", standard_days=2
    )
    QueryTypeFactory.create(council=council, service=bins, name="Bulky waste", standard_days=10)
    QueryTypeFactory.create(council=council, service=bins, name="Bin advice", standard_days=None)
    QueryTypeFactory.create(
        council=council, service=bins, name="Old form", standard_days=3, active=False
    )
    QueryTypeFactory.create(council=council, service=tax, name="Discount", standard_days=15)

    found = query_type_standards(council=council)

    assert [(s.service, [(q.name, q.days) for q in s.query_types]) for s in found] == [
        ("Council Tax", [("Discount", 15)]),
        ("Waste", [("Bulky waste", 10), ("Report a missed bin", 2)]),
    ]


# The demo's standards ------------------------------------------------------------------------


def test_the_demo_standards_load_once_and_cover_every_demo_line(demo: Council) -> None:
    standards = LineStandard.objects.filter(council=demo)
    assert standards.count() == ServiceLine.objects.filter(council=demo).count() == 16
    crisis = standards.get(line__code="social-care-switchboard")
    assert (crisis.answer_within_seconds, crisis.abandon_rate_target) == (60, Decimal("0.05"))
    assert load_standards(demo) == 0
    neighbour = Council.objects.get(slug="neighbour")
    assert not LineStandard.objects.filter(council=neighbour).exists()


def test_a_changed_standard_in_the_file_recounts_the_lines_calls(
    demo: Council, tmp_path: Path
) -> None:
    text = HEADER + answered(
        "D1", "Local Taxation line", "2023-03-01", "09:00:10", "09:01:40", "09:05:00"
    )  # answered in 90 s
    calls_import(council=demo, text=text)
    line = ServiceLine.objects.get(council=demo, code="local-taxation")
    moment = datetime(2023, 4, 2, tzinfo=UTC)
    [before] = [
        r for r in phone_standards(council=demo, moment=moment).lines if r.code == line.code
    ]
    assert before.month.service_level.achieved == 1.0  # within the demo's 2 minutes

    strict = tmp_path / "standards.yaml"
    strict.write_text(
        "defaults: {answer_within_seconds: 60, service_level_target: 0.8,"
        " short_abandon_seconds: 5}\n"
        "councils: {demo: {lines: {local-taxation: {}}}}\n",
        encoding="utf-8",
    )
    assert load_standards(demo, path=strict) == 1
    [after] = [r for r in phone_standards(council=demo, moment=moment).lines if r.code == line.code]
    assert after.month.service_level.achieved == 0.0
    assert after.month.average_wait is None


# Pure arithmetic -----------------------------------------------------------------------------

shares = st.floats(min_value=0, max_value=1)


@given(target=shares, achieved=shares, more=shares)
def test_a_higher_figure_never_turns_met_into_not_met(
    target: float, achieved: float, more: float
) -> None:
    at_least = Measure(target, achieved)
    assert at_least.met == (achieved >= target)
    if at_least.met:
        assert Measure(target, max(achieved, more)).met
    at_most = Measure(target, achieved, at_most=True)
    if at_most.met:
        assert Measure(target, min(achieved, more), at_most=True).met


@given(answered_=st.integers(0, 10_000), abandoned=st.integers(0, 10_000))
def test_the_abandon_rate_is_a_share_of_the_calls_that_reached_the_queue(
    answered_: int, abandoned: int
) -> None:
    rate = abandon_rate(Tally(answered=answered_, abandoned_queue=abandoned, short_abandons=7))
    if answered_ + abandoned == 0:
        assert rate is None
    else:
        assert rate is not None
        assert 0 <= rate <= 1
        assert rate * (answered_ + abandoned) == pytest.approx(abandoned)


@given(st.dates(min_value=date(1901, 1, 1)))
def test_the_last_complete_month_is_the_whole_month_before_today(today: date) -> None:
    first = last_complete_month(today)
    assert first.day == 1
    assert month_end(first) + timedelta(days=1) == month_start(today)

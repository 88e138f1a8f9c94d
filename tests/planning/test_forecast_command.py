"""`civicdesk forecast` on imported calls, and the history it reads from the performance app."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from civicdesk.catalogue.models import ServiceLine
from civicdesk.councils.models import Council
from civicdesk.performance.call_reports import last_call_day
from civicdesk.performance.calls_import import calls_import
from civicdesk.planning.history import arrival_history
from tests.factories import CouncilFactory, ServiceLineFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "call_id,line,presented_at,ivr_exit_at,queue_entered_at,queue_exited_at,answered_at,"
    "ended_at,outcome,agent,transferred_to,wrap_seconds\n"
)
FIRST = date(2023, 4, 24)  # a Monday; six weeks of calls to Friday 2 June
LAST = date(2023, 6, 2)
BANK_HOLIDAYS = {date(2023, 5, 1), date(2023, 5, 8), date(2023, 5, 29)}  # England, 2023
TIMES = ("09:15", "10:05", "10:40", "11:20", "14:50")  # UK time
PER_WEEKDAY = (5, 4, 3, 3, 2)  # Monday busiest; closed at the weekend


def _calls_csv() -> tuple[str, dict[date, int]]:
    rows, per_day = [], {}
    day = FIRST
    while day <= LAST:
        if day.weekday() < 5 and day not in BANK_HOLIDAYS:
            for n, at in enumerate(TIMES[: PER_WEEKDAY[day.weekday()]]):
                start = datetime.fromisoformat(f"{day}T{at}:00")
                answered = (start + timedelta(seconds=20)).isoformat()
                ended = (start + timedelta(minutes=3)).isoformat()
                rows.append(
                    f"C{day:%Y%m%d}-{n},Waste,{start.isoformat()},,,,{answered},{ended},"
                    "answered,,,10\n"
                )
            per_day[day] = PER_WEEKDAY[day.weekday()]
        day += timedelta(days=1)
    return HEADER + "".join(rows), per_day


@pytest.fixture
def council() -> Council:
    return CouncilFactory.create(slug="forecast-test", name="Forecast Test Council")


@pytest.fixture
def waste(council: Council) -> ServiceLine:
    line = ServiceLineFactory.create(council=council, code="waste", name="Waste")  # 09:00-17:00
    calls_import(council=council, text=_calls_csv()[0])
    return line


def _forecast(council: Council, **options: Any) -> str:
    out = StringIO()
    call_command("forecast", council=council.slug, stdout=out, **options)
    return out.getvalue()


def test_the_history_counts_days_from_the_rollups_and_intervals_in_uk_time(
    council: Council, waste: ServiceLine
) -> None:
    # One more call, given in UTC: 08:15Z on 1 June is 09:15 in British Summer Time.
    late = (
        "L1,Waste,2023-06-01T08:15:00Z,,,,2023-06-01T08:15:20Z,2023-06-01T08:18:00Z,answered,,,\n"
    )
    calls_import(council=council, text=HEADER + late)
    ServiceLineFactory.create(council=council, code="idle", name="Idle", hours={})
    assert last_call_day(council) == LAST

    data = arrival_history(council=council, through=LAST, weeks=6, profile_weeks=2)

    assert [line.code for line in data.lines] == ["idle", "waste"]
    history = data.history
    assert history.start == LAST - timedelta(days=41)  # six whole weeks to the last day
    assert history.intraday_start == LAST - timedelta(days=13)
    _, per_day = _calls_csv()
    per_day[date(2023, 6, 1)] += 1
    daily = {history.start + timedelta(days=d): int(n) for d, n in enumerate(history.daily[1]) if n}
    assert daily == per_day
    assert not history.daily[0].any()
    thursday = (date(2023, 6, 1) - history.intraday_start).days
    assert history.intraday[1, thursday, 18] == 2  # 09:15 from the file, 08:15Z
    assert history.intraday[1, thursday, 20] == 1  # 10:05
    assert history.intraday[1].sum() == history.daily[1, -14:].sum()
    assert data.opening[0] is None  # no hours recorded: not restricted
    mask = data.opening[1]
    assert mask is not None
    assert mask[0, 18]
    assert not mask[0, 17]
    assert not mask[5].any()
    assert date(2023, 8, 28) in data.holidays


def test_json_by_interval_has_each_line_day_and_interval(
    council: Council, waste: ServiceLine
) -> None:
    report = json.loads(_forecast(council, weeks=2, json=True))

    assert report["council"] == "forecast-test"
    assert report["by"] == "interval"
    assert report["history"]["to"] == "2023-06-02"
    assert (report["from"], report["to"]) == ("2023-06-03", "2023-06-16")
    assert report["interval_minutes"] == 30
    assert report["interval_starts"][18] == "09:00"
    assert len(report["interval_starts"]) == 48
    assert report["backtest"] is None
    (line,) = report["lines"]
    assert (line["line"], line["name"]) == ("waste", "Waste")
    assert len(line["days"]) == 14
    for day in line["days"]:
        intervals = day["intervals"]
        assert len(intervals) == 48
        assert min(intervals) >= 0
        assert not any(intervals[:18])  # closed before 09:00
        assert not any(intervals[34:])  # and from 17:00
        assert day["calls"] == pytest.approx(sum(intervals), abs=0.05)
        weekend = date.fromisoformat(day["date"]).weekday() >= 5
        assert (day["calls"] == 0) == weekend
    monday = line["days"][2]
    assert monday["date"] == "2023-06-05"
    # Calls only ever came at 09:15, 10:05, 10:40, 11:20 and 14:50.
    busy = {i for i, calls in enumerate(monday["intervals"]) if calls}
    assert busy == {18, 20, 21, 22, 29}
    # Mondays are the busiest day, as in the history.
    assert monday["calls"] > line["days"][6]["calls"]
    assert line["total"] == pytest.approx(sum(d["calls"] for d in line["days"]), abs=0.5)


def test_json_by_day_is_zero_on_bank_holidays_and_reports_a_backtest(
    council: Council, waste: ServiceLine
) -> None:
    report = json.loads(
        _forecast(council, by_day=True, months=3, backtest_weeks=2, interval_minutes=15, json=True)
    )

    assert report["by"] == "day"
    assert "interval_starts" not in report
    assert (report["from"], report["to"]) == ("2023-06-03", "2023-09-02")
    days = {d["date"]: d["calls"] for d in report["lines"][0]["days"]}
    assert "intervals" not in report["lines"][0]["days"][0]
    assert days["2023-08-28"] == 0  # Summer bank holiday, a Monday
    assert days["2023-08-21"] > 0
    backtest = report["backtest"]
    assert (backtest["weeks"], backtest["from"], backtest["to"]) == (2, "2023-05-20", "2023-06-02")
    for part in ("by_interval", "by_day"):
        overall = backtest[part]["overall"]
        assert set(overall) == {"mape", "wape", "points", "actual", "forecast"}
        assert overall["actual"] == 29  # two weeks, with the Spring bank holiday closed
        assert 0 <= overall["wape"] < 1
        assert [row["line"] for row in backtest[part]["lines"]] == ["waste"]
    assert backtest["by_day"]["overall"]["points"] == 14
    assert backtest["by_interval"]["overall"]["points"] == 14 * 96


def test_csv_has_a_row_per_line_day_and_interval(council: Council, waste: ServiceLine) -> None:
    rows = list(csv.reader(StringIO(_forecast(council, weeks=1, csv=True))))
    assert rows[0] == ["line", "date", "interval_start", "calls"]
    assert len(rows) == 1 + 7 * 48
    assert rows[1][:3] == ["waste", "2023-06-03", "00:00"]
    by_day = list(csv.reader(StringIO(_forecast(council, by_day=True, months=1, csv=True))))
    assert by_day[0] == ["line", "date", "calls"]
    assert len(by_day) == 1 + 30


def test_text_output_names_each_line_and_the_backtest(council: Council, waste: ServiceLine) -> None:
    text = _forecast(council, weeks=1, backtest_weeks=1)
    assert "Waste (waste):" in text
    assert "2023-06-05 Mon" in text
    assert "Backtest: the calls from 2023-05-27 to 2023-06-02, held back." in text


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"weeks": 7}, "--weeks must be from 1 to 6; got 7"),
        ({"weeks": "many"}, "--weeks must be a whole number; got 'many'"),
        ({"by_day": True, "months": 7}, "--months must be from 1 to 6; got 7"),
        ({"interval_minutes": 20}, "--interval-minutes must be 15 or 30; got 20"),
        ({"interval_minutes": 0}, "--interval-minutes must be 15 or 30; got 0"),
        ({"months": 3}, "--months needs --by-day"),
        ({"by_day": True, "weeks": 2}, "--weeks is for a forecast per interval"),
        ({"backtest_weeks": 0}, "--backtest-weeks must be from 1 to 6; got 0"),
        ({"csv": True, "backtest_weeks": 2}, "--csv prints the forecast alone"),
        ({"json": True, "csv": True}, "Choose one of --json and --csv"),
        ({"through": "last friday"}, "'last friday' is not a date"),
        ({"history_weeks": 0}, "--history-weeks must be from 1 to 520; got 0"),
    ],
)
def test_bad_arguments_are_command_errors(
    council: Council, waste: ServiceLine, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        _forecast(council, **options)


def test_bad_arguments_on_the_command_line_are_command_errors(
    council: Council, waste: ServiceLine
) -> None:
    with pytest.raises(CommandError, match="invalid int value"):
        call_command("forecast", "--council", council.slug, "--weeks", "six", stdout=StringIO())
    with pytest.raises(CommandError, match="not allowed with argument"):
        call_command("forecast", "--council", council.slug, "--json", "--csv", stdout=StringIO())


def test_an_unknown_council_or_one_without_calls_is_a_command_error(council: Council) -> None:
    with pytest.raises(CommandError, match="No council with slug 'nowhere'"):
        call_command("forecast", council="nowhere", stdout=StringIO())
    ServiceLineFactory.create(council=council, code="waste", name="Waste")
    with pytest.raises(CommandError, match="No calls for forecast-test yet"):
        _forecast(council)

"""`civicdesk forecast`: calls per line ahead, per interval or per day, and how accurate it is."""

from __future__ import annotations

import csv
import json
from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from civicdesk.catalogue.management.commands._council import council_by_slug
from civicdesk.councils.models import Council
from civicdesk.planning.council_forecast import council_model
from civicdesk.planning.council_forecast import interval_starts as _interval_starts
from civicdesk.planning.forecast import (
    INTERVAL_MINUTES,
    MAX_MONTHS_BY_DAY,
    MAX_WEEKS_BY_INTERVAL,
    TREND_WEEKS,
    Forecast,
    forecast_by_day,
    forecast_by_interval,
)
from civicdesk.planning.forecast_accuracy import Accuracy, Backtest, backtest
from civicdesk.planning.history import LineHistory

MAX_HISTORY_WEEKS = 520


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date such as 2023-08-31.") from None


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _number(options: dict[str, Any], name: str) -> int | None:
    """The option as a whole number (call_command passes its keyword values unparsed)."""
    value = options.get(name)
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise CommandError(f"{_flag(name)} must be a whole number; got {value!r}.") from None


def _whole(options: dict[str, Any], name: str, least: int, most: int) -> int | None:
    number = _number(options, name)
    if number is not None and not least <= number <= most:
        raise CommandError(f"{_flag(name)} must be from {least} to {most}; got {number}.")
    return number


def _accuracy(accuracy: Accuracy) -> dict[str, object]:
    return {
        "mape": None if accuracy.mape is None else round(accuracy.mape, 4),
        "wape": None if accuracy.wape is None else round(accuracy.wape, 4),
        "points": accuracy.points,
        "actual": round(accuracy.actual, 1),
        "forecast": round(accuracy.forecast, 1),
    }


def as_json(
    council: Council, data: LineHistory, forecast: Forecast, test: Backtest | None
) -> dict[str, object]:
    history = data.history
    days = forecast.days
    by_interval = forecast.interval_minutes is not None
    lines = []
    for index, line in enumerate(data.lines):
        calls = forecast.calls[index]
        rows: list[dict[str, object]] = []
        for day, values in zip(days, calls, strict=True):
            row: dict[str, object] = {
                "date": day.isoformat(),
                "calls": round(float(values.sum()), 2),
            }
            if by_interval:
                row["intervals"] = [round(float(v), 2) for v in values]
            rows.append(row)
        lines.append(
            {
                "line": line.code,
                "name": line.name,
                "total": round(float(calls.sum()), 1),
                "days": rows,
            }
        )
    report: dict[str, object] = {
        "council": council.slug,
        "history": {
            "from": history.start.isoformat(),
            "to": history.end.isoformat(),
            "intervals_from": history.intraday_start.isoformat(),
        },
        "by": "interval" if by_interval else "day",
        "from": days[0].isoformat(),
        "to": days[-1].isoformat(),
    }
    if forecast.interval_minutes is not None:
        report["interval_minutes"] = forecast.interval_minutes
        report["interval_starts"] = _interval_starts(forecast.interval_minutes)
    report["lines"] = lines
    report["backtest"] = None if test is None else _backtest_json(data, test)
    return report


def _backtest_json(data: LineHistory, test: Backtest) -> dict[str, object]:
    def part(overall: Accuracy, per_line: tuple[Accuracy, ...]) -> dict[str, object]:
        return {
            "overall": _accuracy(overall),
            "lines": [
                {"line": line.code, **_accuracy(a)}
                for line, a in zip(data.lines, per_line, strict=True)
            ],
        }

    return {
        "weeks": test.weeks,
        "from": test.start.isoformat(),
        "to": test.end.isoformat(),
        "by_interval": part(test.by_interval_overall, test.by_interval),
        "by_day": part(test.by_day_overall, test.by_day),
    }


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


class Command(BaseCommand):
    help = (
        "Forecast the calls presented to each line of a council: per interval for up to 6 weeks, "
        "or per day for up to 6 months, from the call history (day-of-week and time-of-day "
        "profile, linear trend, closed on bank holidays and outside opening hours); "
        "--backtest-weeks reports MAPE and WAPE on held-back weeks."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--council", required=True, help="the council's slug")
        parser.add_argument(
            "--weeks", type=int, help=f"weeks ahead, per interval: 1 to {MAX_WEEKS_BY_INTERVAL}"
        )
        parser.add_argument(
            "--interval-minutes", type=int, default=30, help="15 or 30 (default 30)"
        )
        parser.add_argument("--by-day", action="store_true", help="forecast per day instead")
        parser.add_argument(
            "--months", type=int, help=f"months ahead with --by-day: 1 to {MAX_MONTHS_BY_DAY}"
        )
        parser.add_argument(
            "--backtest-weeks",
            type=int,
            help="also hold back this many of the last weeks (1 to 6), forecast them from the "
            "rest and report MAPE and WAPE",
        )
        parser.add_argument(
            "--through", type=_day, help="the last day of history (default: the last with calls)"
        )
        parser.add_argument(
            "--history-weeks",
            type=int,
            default=TREND_WEEKS,
            help=f"weeks of history the trend is fitted to (default {TREND_WEEKS})",
        )
        output = parser.add_mutually_exclusive_group()
        output.add_argument("--json", action="store_true", help="print JSON")
        output.add_argument("--csv", action="store_true", help="print CSV (the forecast alone)")

    def handle(self, *args: Any, **options: Any) -> None:
        weeks = _whole(options, "weeks", 1, MAX_WEEKS_BY_INTERVAL)
        months = _whole(options, "months", 1, MAX_MONTHS_BY_DAY)
        held_back = _whole(options, "backtest_weeks", 1, MAX_WEEKS_BY_INTERVAL)
        history_weeks = _whole(options, "history_weeks", 1, MAX_HISTORY_WEEKS) or TREND_WEEKS
        interval = _number(options, "interval_minutes")
        interval = 30 if interval is None else interval
        if interval not in INTERVAL_MINUTES:
            raise CommandError(f"--interval-minutes must be 15 or 30; got {interval}.")
        by_day = bool(options.get("by_day"))
        if by_day and weeks is not None:
            raise CommandError(
                "--weeks is for a forecast per interval; use --months with --by-day."
            )
        if not by_day and months is not None:
            raise CommandError("--months needs --by-day.")
        if options.get("json") and options.get("csv"):
            raise CommandError("Choose one of --json and --csv.")
        if options.get("csv") and held_back:
            raise CommandError("--csv prints the forecast alone; use --json for --backtest-weeks.")
        through = options.get("through")
        if isinstance(through, str):
            through = _day(through)
        council = council_by_slug(options["council"])
        try:
            data, model = council_model(
                council=council,
                through=through,
                interval_minutes=interval,
                history_weeks=history_weeks,
                held_back_weeks=held_back or 0,
            )
            if by_day:
                forecast = forecast_by_day(model, months=months or 6, holidays=data.holidays)
            else:
                forecast = forecast_by_interval(model, weeks=weeks or 6, holidays=data.holidays)
            test = None
            if held_back:
                test = backtest(
                    data.history,
                    weeks=held_back,
                    holidays=data.holidays,
                    opening=data.opening,
                    trend_weeks=history_weeks,
                )
        except ValueError as problem:
            raise CommandError(str(problem)) from problem
        if options.get("json"):
            self.stdout.write(json.dumps(as_json(council, data, forecast, test), indent=2))
        elif options.get("csv"):
            self._csv(data, forecast)
        else:
            self._text(data, forecast, test)

    def _csv(self, data: LineHistory, forecast: Forecast) -> None:
        writer = csv.writer(self.stdout, lineterminator="\n")
        if forecast.interval_minutes is None:
            writer.writerow(["line", "date", "calls"])
            for line, calls in zip(data.lines, forecast.calls, strict=True):
                for day, value in zip(forecast.days, calls, strict=True):
                    writer.writerow([line.code, day.isoformat(), f"{value:.2f}"])
            return
        starts = _interval_starts(forecast.interval_minutes)
        writer.writerow(["line", "date", "interval_start", "calls"])
        for line, calls in zip(data.lines, forecast.calls, strict=True):
            for day, values in zip(forecast.days, calls, strict=True):
                for start, value in zip(starts, values, strict=True):
                    writer.writerow([line.code, day.isoformat(), start, f"{value:.2f}"])

    def _text(self, data: LineHistory, forecast: Forecast, test: Backtest | None) -> None:
        days = forecast.days
        self.stdout.write(
            f"Calls forecast from {days[0]} to {days[-1]}, fitted to the calls from "
            f"{data.history.start} to {data.history.end}."
        )
        for line, calls in zip(data.lines, forecast.calls, strict=True):
            self.stdout.write("")
            self.stdout.write(f"{line.name} ({line.code}): {calls.sum():.0f} calls")
            if forecast.interval_minutes is None:
                for week in range(0, len(days), 7):
                    total = calls[week : week + 7].sum()
                    self.stdout.write(f"week from {days[week]}\t{total:.0f}")
                continue
            starts = _interval_starts(forecast.interval_minutes)
            for day, values in zip(days, calls, strict=True):
                busiest = int(values.argmax())
                peak = (
                    f"\tbusiest {starts[busiest]} ({values[busiest]:.1f})" if values.any() else ""
                )
                self.stdout.write(f"{day} {day:%a}\t{values.sum():.0f}{peak}")
        if test is not None:
            self._backtest_text(data, test)

    def _backtest_text(self, data: LineHistory, test: Backtest) -> None:
        self.stdout.write("")
        self.stdout.write(f"Backtest: the calls from {test.start} to {test.end}, held back.")
        self.stdout.write("line\tday MAPE\tday WAPE\tinterval MAPE\tinterval WAPE")
        rows = [
            *zip((line.code for line in data.lines), test.by_day, test.by_interval, strict=True),
            ("all lines", test.by_day_overall, test.by_interval_overall),
        ]
        for label, day, interval in rows:
            figures = (day.mape, day.wape, interval.mape, interval.wape)
            self.stdout.write("\t".join([label, *(_percent(f) for f in figures)]))

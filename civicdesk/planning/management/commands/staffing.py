"""`civicdesk staffing`: the agents a line needs, by Erlang C or, with --patience, Erlang A.

Two ways in: one interval given by hand (`--calls`, `--aht`, …), solved for the fewest agents
meeting the targets or, with `--agents`, evaluated for that many; or a council's forecast
(`--council`), solved for every line and interval of the horizon at once.
"""

from __future__ import annotations

import csv
import json
import math
from argparse import ArgumentParser
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError

from civicdesk.catalogue.management.commands._council import council_by_slug
from civicdesk.councils.models import Council
from civicdesk.performance.metrics import DEFAULT_SERVICE_LEVEL_SECONDS
from civicdesk.planning.council_forecast import StaffingPlan, interval_starts, staffing_plan
from civicdesk.planning.erlang import (
    ErlangAGrid,
    ErlangAResult,
    ErlangCGrid,
    erlang_a_grid,
    erlang_a_required_grid,
    erlang_c_grid,
    erlang_c_required_grid,
)
from civicdesk.planning.erlang_common import TARGET_SLACK
from civicdesk.planning.forecast import INTERVAL_MINUTES, MAX_WEEKS_BY_INTERVAL

DEFAULT_LEVEL = 0.8


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _number(
    options: dict[str, Any],
    name: str,
    *,
    low: float | None = None,
    above: bool = False,
    high: float | None = None,
    below: bool = False,
    whole: bool = False,
) -> float | None:
    """The option as a checked number (call_command passes its keyword values unparsed)."""
    value = options.get(name)
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise CommandError(f"{_flag(name)} must be a number; got {value!r}.") from None
    bounds = []  # as words: ["above 0", "below 1"]
    if low is not None:
        bounds.append(f"{'above' if above else 'at least'} {low:g}")
    if high is not None:
        bounds.append(f"{'below' if below else 'at most'} {high:g}")
    wrong = not math.isfinite(number) or (whole and not number.is_integer())
    if low is not None:
        wrong = wrong or (number <= low if above else number < low)
    if high is not None:
        wrong = wrong or (number >= high if below else number > high)
    if wrong:
        limits = " and ".join(bounds)
        wanted = ("a whole number, " + limits if limits else "a whole number") if whole else limits
        raise CommandError(f"{_flag(name)} must be {wanted or 'a finite number'}; got {value!r}.")
    return number


@dataclass(frozen=True)
class Settings:
    """The options that apply in both modes; `None` where not given."""

    level: float | None
    seconds: float | None
    patience: float | None
    max_abandon: float | None
    max_occupancy: float | None
    shrinkage: float
    aht: float | None

    @property
    def model(self) -> str:
        return "erlang_c" if self.patience is None else "erlang_a"

    @classmethod
    def of(cls, options: dict[str, Any]) -> Settings:
        settings = cls(
            level=_number(options, "target_level", low=0, above=True, high=1, below=True),
            seconds=_number(options, "target_seconds", low=0),
            patience=_number(options, "patience", low=0, above=True),
            max_abandon=_number(options, "max_abandon", low=0, above=True, high=1),
            max_occupancy=_number(options, "max_occupancy", low=0, above=True, high=1),
            shrinkage=_number(options, "shrinkage", low=0, high=1, below=True) or 0.0,
            aht=_number(options, "aht", low=0, above=True),
        )
        if settings.max_abandon is not None and settings.patience is None:
            raise CommandError(
                "--max-abandon needs --patience: only Erlang A models residents hanging up."
            )
        return settings


def _finite(value: float) -> float | None:
    """JSON has no infinity or NaN: an unbounded wait or no answered calls is null."""
    return value if math.isfinite(value) else None


def one_interval(options: dict[str, Any], settings: Settings) -> dict[str, object]:
    """The figures for one interval given by hand, as the JSON object the command prints."""
    for name in ("weeks", "through", "csv"):
        if options.get(name):
            raise CommandError(f"{_flag(name)} is for a council's forecast (--council).")
    calls = _number(options, "calls", low=0)
    if settings.aht is None:
        raise CommandError("--aht is needed with --calls: the average handling time in seconds.")
    minutes = _number(options, "interval_minutes", low=0, above=True, high=1440, whole=True) or 30
    agents = _number(options, "agents", low=0, whole=True)
    level = DEFAULT_LEVEL if settings.level is None else settings.level
    seconds = float(DEFAULT_SERVICE_LEVEL_SECONDS if settings.seconds is None else settings.seconds)
    given: dict[str, Any] = {
        "calls": calls,
        "interval_seconds": minutes * 60,
        "aht_seconds": settings.aht,
        "target_seconds": seconds,
        "shrinkage": settings.shrinkage,
    }
    targets: dict[str, Any] = {
        "target_service_level": level,
        "max_occupancy": settings.max_occupancy,
    }
    erlang_a = settings.patience is not None
    if erlang_a:
        given["patience_seconds"] = settings.patience
        targets["max_abandonment"] = settings.max_abandon
    try:
        grid: ErlangCGrid | ErlangAGrid
        if agents is not None:
            grid = (erlang_a_grid if erlang_a else erlang_c_grid)(**given, agents=agents)
        else:
            solve = erlang_a_required_grid if erlang_a else erlang_c_required_grid
            grid = solve(**given, **targets)
    except ValueError as problem:
        raise CommandError(str(problem)) from problem
    figures = grid.at()
    p_abandon = figures.p_abandon if isinstance(figures, ErlangAResult) else None
    meets = figures.service_level >= level - TARGET_SLACK
    if settings.max_abandon is not None and p_abandon is not None:
        meets = meets and p_abandon <= settings.max_abandon + TARGET_SLACK
    if settings.max_occupancy is not None:
        meets = meets and figures.occupancy <= settings.max_occupancy + TARGET_SLACK
    return {
        "model": settings.model,
        "calls": calls,
        "interval_minutes": int(minutes),
        "aht_seconds": settings.aht,
        "target_level": level,
        "target_seconds": seconds,
        "patience_seconds": settings.patience,
        "max_abandon": settings.max_abandon,
        "max_occupancy": settings.max_occupancy,
        "shrinkage": settings.shrinkage,
        "agents": figures.agents,
        "positions": figures.positions,
        "service_level": figures.service_level,
        "p_wait": figures.p_wait,
        "p_abandon": p_abandon,
        "ata_seconds": _finite(figures.ata_seconds),
        "occupancy": _finite(figures.occupancy),
        "meets_target": bool(meets),
    }


def _rounded(values: Any, places: int) -> list[float]:
    return [round(float(v), places) for v in values]


def plan_json(
    council: Council, plan: StaffingPlan, settings: Settings, interval: int
) -> dict[str, Any]:
    days = plan.forecast.days
    lines = []
    for i, line in enumerate(plan.data.lines):
        rows = []
        for d, day in enumerate(days):
            rows.append(
                {
                    "date": day.isoformat(),
                    "calls": _rounded(plan.forecast.calls[i, d], 2),
                    "agents": plan.agents[i, d].tolist(),
                    "positions": plan.positions[i, d].tolist(),
                    "service_level": _rounded(plan.service_level[i, d], 4),
                    "p_abandon": None
                    if plan.p_abandon is None
                    else _rounded(plan.p_abandon[i, d], 4),
                    "occupancy": _rounded(plan.occupancy[i, d], 4),
                }
            )
        aht = float(plan.aht[i])
        lines.append(
            {
                "line": line.code,
                "name": line.name,
                "aht_seconds": round(aht, 1) if math.isfinite(aht) else None,
                "target_level": float(plan.level[i]),
                "target_seconds": float(plan.seconds[i]),
                "max_abandon": plan.max_abandon[i] if plan.p_abandon is not None else None,
                "agent_hours": float(plan.agents[i].sum()) * interval / 60,
                "position_hours": float(plan.positions[i].sum()) * interval / 60,
                "days": rows,
            }
        )
    return {
        "council": council.slug,
        "model": settings.model,
        "from": days[0].isoformat(),
        "to": days[-1].isoformat(),
        "interval_minutes": interval,
        "interval_starts": interval_starts(interval),
        "patience_seconds": settings.patience,
        "max_occupancy": settings.max_occupancy,
        "shrinkage": settings.shrinkage,
        "lines": lines,
    }


def plan_rows(plan: StaffingPlan, interval: int) -> Iterator[list[str]]:
    """The CSV rows, header first."""
    header = ["line", "date", "interval_start", "calls", "aht_seconds", "agents", "positions"]
    abandon = ["p_abandon"] if plan.p_abandon is not None else []
    yield [*header, "service_level", *abandon, "occupancy"]
    starts = interval_starts(interval)
    for i, line in enumerate(plan.data.lines):
        aht = "" if np.isnan(plan.aht[i]) else f"{plan.aht[i]:.1f}"
        for d, day in enumerate(plan.forecast.days):
            for s, start in enumerate(starts):
                row = [line.code, day.isoformat(), start, f"{plan.forecast.calls[i, d, s]:.2f}"]
                row += [aht, str(plan.agents[i, d, s]), str(plan.positions[i, d, s])]
                row.append(f"{plan.service_level[i, d, s]:.4f}")
                if plan.p_abandon is not None:
                    row.append(f"{plan.p_abandon[i, d, s]:.4f}")
                row.append(f"{plan.occupancy[i, d, s]:.4f}")
                yield row


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _day(value: object) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise CommandError(f"--through must be a date such as 2023-08-31; got {value!r}.") from None


OPTIONS: tuple[tuple[str, Any, str], ...] = (
    ("--council", str, "staff every line of this council's forecast (its slug)"),
    ("--calls", float, "calls offered in the one interval"),
    ("--interval-minutes", int, "interval length (default 30; 15 or 30 with --council)"),
    ("--aht", float, "average handling time, seconds (with --council: for all lines)"),
    ("--target-level", float, "service level target (default 0.8 or the line's standard)"),
    ("--target-seconds", float, "T of the service level (default 20 or the line's standard)"),
    ("--patience", float, "residents' mean patience in seconds: use Erlang A"),
    ("--max-abandon", float, "largest share abandoned, with --patience (or the standard's)"),
    ("--max-occupancy", float, "largest occupancy, up to 1"),
    ("--shrinkage", float, "share of paid time off the phones (default 0)"),
    ("--agents", int, "evaluate this many agents instead (one interval only)"),
    ("--weeks", int, f"weeks ahead with --council: 1 to {MAX_WEEKS_BY_INTERVAL} (default 6)"),
    ("--through", _day, "with --council, the last day of history (default: last with calls)"),
)


class Command(BaseCommand):
    help = (
        "The agents needed to answer calls: the fewest meeting a service level target (answered "
        "within --target-seconds over all calls) and, when given, --max-occupancy and "
        "--max-abandon; by Erlang C, or by Erlang A (residents hang up) with --patience. "
        "Either one interval given by hand (--calls, --aht, and --agents N to evaluate N agents "
        "instead), or every line and interval of a council's forecast (--council), with each "
        "line's standard and its AHT from the call history unless the options say otherwise. "
        "Prints agents (on the phones), positions (rostered, after --shrinkage), service_level, "
        "p_wait, p_abandon (null without --patience: Erlang C has no abandonment), ata_seconds "
        "(null when the queue grows without limit) and occupancy."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        for flag, kind, text in OPTIONS:
            parser.add_argument(flag, type=kind, help=text)
        output = parser.add_mutually_exclusive_group()
        output.add_argument("--json", action="store_true", help="print JSON")
        output.add_argument("--csv", action="store_true", help="print CSV (with --council)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("json") and options.get("csv"):
            raise CommandError("Choose one of --json and --csv.")
        settings = Settings.of(options)
        if options.get("council") is not None:
            self._forecast(options, settings)
        elif options.get("calls") is not None:
            report = one_interval(options, settings)
            if options.get("json"):
                self.stdout.write(json.dumps(report, indent=2))
            else:
                self._interval_text(report)
        else:
            raise CommandError("Give --calls and --aht for one interval, or --council.")

    def _forecast(self, options: dict[str, Any], settings: Settings) -> None:
        for name in ("calls", "agents"):
            if options.get(name) is not None:
                raise CommandError(
                    f"{_flag(name)} is for one interval given by hand, not --council."
                )
        weeks = _number(options, "weeks", low=1, high=MAX_WEEKS_BY_INTERVAL, whole=True)
        interval = int(_number(options, "interval_minutes", whole=True) or 30)
        if interval not in INTERVAL_MINUTES:
            raise CommandError(
                f"--interval-minutes must be 15 or 30 with --council; got {interval}."
            )
        through = options.get("through")
        council = council_by_slug(options["council"])
        try:
            plan = staffing_plan(
                council=council,
                weeks=int(weeks or MAX_WEEKS_BY_INTERVAL),
                interval_minutes=interval,
                through=None if through is None else _day(through),
                patience_seconds=settings.patience,
                target_level=settings.level,
                target_seconds=settings.seconds,
                max_abandon=settings.max_abandon,
                max_occupancy=settings.max_occupancy,
                shrinkage=settings.shrinkage,
                aht_seconds=settings.aht,
            )
        except ValueError as problem:
            raise CommandError(str(problem)) from problem
        if options.get("json"):
            self.stdout.write(json.dumps(plan_json(council, plan, settings, interval), indent=2))
        elif options.get("csv"):
            csv.writer(self.stdout, lineterminator="\n").writerows(plan_rows(plan, interval))
        else:
            self._plan_text(plan, interval)

    def _interval_text(self, report: dict[str, Any]) -> None:
        model = "Erlang A" if report["model"] == "erlang_a" else "Erlang C"
        ata = report["ata_seconds"]
        lines = [
            f"{model}: {report['calls']:g} calls in {report['interval_minutes']} minutes, "
            f"AHT {report['aht_seconds']:g} s",
            f"agents         {report['agents']}",
            f"positions      {report['positions']} (after {report['shrinkage']:.0%} shrinkage)",
            f"service level  {_percent(report['service_level'])} answered within "
            f"{report['target_seconds']:g} s (target {_percent(report['target_level'])})",
            f"P(wait)        {_percent(report['p_wait'])}",
            f"P(abandon)     {_percent(report['p_abandon'])}",
            f"ATA            {'unbounded' if ata is None else f'{ata:.1f} s'}",
            f"occupancy      {_percent(report['occupancy'])}",
            f"targets        {'met' if report['meets_target'] else 'not met'}",
        ]
        self.stdout.write("\n".join(lines))

    def _plan_text(self, plan: StaffingPlan, interval: int) -> None:
        days = plan.forecast.days
        model = "Erlang A" if plan.p_abandon is not None else "Erlang C"
        self.stdout.write(f"Agents needed from {days[0]} to {days[-1]} ({model}).")
        starts = interval_starts(interval)
        for i, line in enumerate(plan.data.lines):
            aht = "-" if np.isnan(plan.aht[i]) else f"{plan.aht[i]:.0f} s"
            self.stdout.write("")
            self.stdout.write(
                f"{line.name} ({line.code}): AHT {aht}, {plan.level[i]:.0%} within "
                f"{plan.seconds[i]:g} s"
            )
            for d, day in enumerate(days):
                agents = plan.agents[i, d]
                peak = int(agents.argmax())
                hours = agents.sum() * interval / 60
                busiest = f"\tpeak {agents[peak]} at {starts[peak]}" if agents.any() else ""
                self.stdout.write(
                    f"{day} {day:%a}\t{plan.forecast.calls[i, d].sum():.0f} calls\t"
                    f"{hours:.1f} agent hours{busiest}"
                )

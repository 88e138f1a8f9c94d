"""`civicdesk simulate SCENARIO_FILE`: a what-if scenario against its baseline.

The scenario file is described in docs/scenarios.md.
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from civicdesk.catalogue.management.commands._council import council_by_slug
from civicdesk.planning.scenario_baseline import Figures, Outcome
from civicdesk.planning.scenario_data import Prepared, scenario_run
from civicdesk.planning.scenario_file import scenario_from_yaml
from civicdesk.planning.scenario_model import Comparison
from civicdesk.planning.scenario_report import comparison_json, describe, names_of
from civicdesk.planning.scenario_simulation import simulate_comparison
from civicdesk.planning.scenarios import ScenarioError

DEFAULT_SEED = 1


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"Cannot read the scenario file {path}: {error}") from None


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02}"


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.1%}"


ROWS = (
    ("Calls presented", lambda f: f"{f.calls:,.0f}"),
    ("Moved online", lambda f: f"{f.moved_online:,.0f}"),
    ("Average time to answer", lambda f: _minutes(f.ata_seconds)),
    ("Abandonment", lambda f: _percent(f.abandonment)),
    ("Service level", lambda f: _percent(f.service_level)),
    ("Staff hours", lambda f: f"{f.staff_hours:,.1f}"),
    ("Cost", lambda f: f"£{f.cost_pence / 100:,.2f}"),
)


class Command(BaseCommand):
    help = (
        "Compare a what-if scenario (a YAML file: move a query type's calls online, change a "
        "line's hours, staffing or handling time) with its baseline: calls, average time to "
        "answer, abandonment, service level, staff hours and cost, exactly with Erlang A per "
        "interval; --simulate also simulates both call by call."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("scenario_file", help="the scenario file (YAML), or - for stdin")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--simulate",
            action="store_true",
            help="also simulate the baseline and the scenario call by call",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="the simulation's seed (default 1)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            seed = int(options.get("seed", DEFAULT_SEED))
        except (TypeError, ValueError):
            raise CommandError(f"--seed must be a whole number; got {options['seed']!r}.") from None
        if seed < 0:
            raise CommandError(f"--seed must be 0 or more; got {seed}.")
        try:
            scenario = scenario_from_yaml(_read(options["scenario_file"]))
            council = council_by_slug(scenario.council)
            prepared, comparison = scenario_run(council=council, scenario=scenario)
        except ScenarioError as error:
            raise CommandError(f"{error.field}: {error.message}") from None
        simulated = simulate_comparison(comparison, seed=seed) if options["simulate"] else None
        if options["json"]:
            report = comparison_json(prepared, comparison, simulated, seed if simulated else None)
            self.stdout.write(json.dumps(report, indent=2))
            return
        self._text(prepared, comparison, simulated)

    def _text(
        self,
        prepared: Prepared,
        comparison: Comparison,
        simulated: tuple[Outcome, Outcome] | None,
    ) -> None:
        baseline = comparison.baseline
        self.stdout.write(
            f"{prepared.scenario.name}: {prepared.source} calls from {baseline.start} to "
            f"{baseline.end}, {baseline.interval_minutes}-minute intervals, Erlang A."
        )
        for change in prepared.scenario.changes:
            self.stdout.write(f"- {describe(change, names_of(comparison))}")
        self._table("All lines", comparison.before.total, comparison.after.total)
        for index in comparison.changed_lines():
            line = comparison.before.lines[index]
            self._table(line.name, line, comparison.after.lines[index])
        if simulated is not None:
            self._table("All lines, simulated", simulated[0].total, simulated[1].total)
        saving = comparison.annual_saving_pence / 100
        self.stdout.write("")
        self.stdout.write(f"Saving in cost per contact over a year: £{saving:,.0f}")
        for note in comparison.notes:
            self.stdout.write(f"Note: {note}")

    def _table(self, title: str, before: Figures, after: Figures) -> None:
        self.stdout.write("")
        self.stdout.write(f"{title}\tbefore\tafter")
        for label, shown in ROWS:
            self.stdout.write(f"{label}\t{shown(before)}\t{shown(after)}")

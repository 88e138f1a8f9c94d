from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from civicdesk.catalogue.management.commands._council import council_by_slug
from civicdesk.demo.calls import DEFAULT_SEED, CallFiguresError
from civicdesk.demo.calls_write import LineResult, calls_generate

MEASURES = ("presented", "answered", "ata_seconds", "aht_seconds")


def _difference(target: float, achieved: float | None) -> float | None:
    if achieved is None or not target:
        return None
    return round((achieved - target) / target * 100, 2)


def _compared(result: LineResult) -> dict[str, Any]:
    row: dict[str, Any] = {"line": result.line}
    for measure in MEASURES:
        target = float(getattr(result.target, measure))
        achieved = getattr(result.achieved, measure)
        row[measure] = {
            "target": target if measure.endswith("_seconds") else int(target),
            "achieved": None if achieved is None else round(achieved, 2),
            "difference_percent": _difference(target, achieved),
        }
    return row


class Command(BaseCommand):
    help = (
        "Generate a year of call records calibrated on seed 001's per-line figures (2022, or "
        "2023 January to August), replacing the year's earlier generated calls."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--council", required=True, help="the council's slug")
        parser.add_argument("--year", required=True, type=int, help="2022 or 2023")
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
        )
        parser.add_argument(
            "--lines",
            default="",
            metavar="LINE,LINE",
            help="only these lines (code, name or alias, comma-separated); default all",
        )
        parser.add_argument("--json", action="store_true", help="print a JSON list")

    def handle(self, *args: Any, **options: Any) -> None:
        council = council_by_slug(options["council"])
        lines = [label for label in str(options["lines"]).split(",") if label.strip()]
        try:
            results = calls_generate(
                council=council, year=int(options["year"]), seed=options["seed"], lines=lines
            )
        except CallFiguresError as error:
            raise CommandError(str(error)) from error
        rows = [_compared(result) for result in results]
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        total = sum(result.achieved.presented for result in results)
        self.stdout.write(
            f"{council.name}, {options['year']}: {total} calls on {len(results)} lines "
            f"(seed {options['seed']}). Target (seed 001) / achieved / difference:"
        )
        for row in rows:
            parts = [
                f"{measure.removesuffix('_seconds')} {_text(row[measure])}" for measure in MEASURES
            ]
            self.stdout.write(f"  {row['line']}: " + "; ".join(parts))


def _text(compared: dict[str, Any]) -> str:
    difference = compared["difference_percent"]
    shown = "n/a" if difference is None else f"{difference:+.2f}%"
    return f"{compared['target']:g} / {compared['achieved']:g} ({shown})"

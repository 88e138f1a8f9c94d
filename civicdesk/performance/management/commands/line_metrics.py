from __future__ import annotations

import json
from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from civicdesk.catalogue.management.commands._council import council_by_slug
from civicdesk.performance.metrics import figures_as_dict
from civicdesk.performance.selectors import UnknownLine, council_line_metrics

COLUMNS = (
    "line",
    "presented",
    "answered",
    "abandoned_ivr",
    "abandoned_queue",
    "short_abandons",
    "callbacks",
    "ata_seconds",
    "mean_wait_seconds",
    "aht_seconds",
    "service_level",
    "transferred",
    "transfer_rate",
)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date such as 2023-04-01.") from None


class Command(BaseCommand):
    help = "Per-line call figures for a date range, as defined in docs/metrics.md."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--council", required=True, help="the council's slug")
        parser.add_argument("--from", dest="start", required=True, type=_day)
        parser.add_argument("--to", dest="end", required=True, type=_day)
        parser.add_argument("--line", help="one line, by name, code or alias")
        parser.add_argument(
            "--service-level-seconds",
            type=float,
            default=None,
            help="answered within this many seconds counts towards the service level "
            "(default: each line's standard); read from the call records, so slower",
        )
        parser.add_argument("--json", action="store_true", help="print a JSON list")

    def handle(self, *args: Any, **options: Any) -> None:
        council = council_by_slug(options["council"])
        for name in ("start", "end"):  # call_command passes its keyword values unparsed
            if isinstance(options[name], str):
                options[name] = _day(options[name])
        if options["end"] < options["start"]:
            raise CommandError("--to is before --from.")
        try:
            figures = council_line_metrics(
                council=council,
                start=options["start"],
                end=options["end"],
                line=options["line"],
                service_level_seconds=options["service_level_seconds"],
            )
        except UnknownLine as unknown:
            raise CommandError(f"No line {unknown} in {council.slug}.") from unknown
        rows = [figures_as_dict(line) for line in figures]
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        self.stdout.write("\t".join(COLUMNS))
        for row in rows:
            self.stdout.write("\t".join("" if row[c] is None else str(row[c]) for c in COLUMNS))

from __future__ import annotations

import json
from argparse import ArgumentParser
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from civicdesk.catalogue.management.commands._council import council_by_slug
from civicdesk.catalogue.selectors import recommend, recommendation_as_dict, resolve_query_type
from civicdesk.catalogue.triage import CIRCUMSTANCE_NAMES, Channel, Circumstances
from civicdesk.core.clock import now


class Command(BaseCommand):
    help = "What should the advisor do? Triage a query on a channel by the council's policy."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--council", required=True, help="the council's slug")
        parser.add_argument("--service", help="limit the search to one service (name or code)")
        parser.add_argument("--query", required=True, help="the query type's name or keywords")
        parser.add_argument("--channel", required=True, choices=[c.value for c in Channel])
        parser.add_argument("--vulnerable", action="store_true")
        parser.add_argument(
            "--assisted-digital", action="store_true", help="the resident needs help to go online"
        )
        parser.add_argument("--hearing-loss", action="store_true")
        parser.add_argument("--no-internet", action="store_true")
        parser.add_argument(
            "--at",
            type=datetime.fromisoformat,
            help="the moment, ISO 8601 with a zone (default: now)",
        )
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        council = council_by_slug(options["council"])
        query_type, candidates = resolve_query_type(
            council, options["query"], service=options["service"]
        )
        if query_type is None:
            if not candidates:
                raise CommandError(f"No query type matches {options['query']!r}.")
            for match in candidates:
                qt = match.query_type
                self.stderr.write(f"  {qt.code}: {qt.service.name} / {qt.name}")
            raise CommandError(
                f"{options['query']!r} matches {len(candidates)} query types; "
                "say more, or add --service."
            )
        moment = options["at"] or now()
        if moment.tzinfo is None:
            raise CommandError("--at needs a time zone, e.g. 2026-11-23T10:00:00+00:00")
        recommendation = recommend(
            query_type,
            channel=Channel(options["channel"]),
            circumstances=Circumstances.from_names(
                name for name in CIRCUMSTANCE_NAMES if options[name]
            ),
            moment=moment,
        )
        result = recommendation_as_dict(recommendation)
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2))
            return
        self._print(result)

    def _print(self, result: dict[str, Any]) -> None:
        qt = result["query_type"]
        self.stdout.write(f"{qt['service']} / {qt['name']} ({result['channel']})")
        insist = " (insist)" if result["insist"] else ""
        self.stdout.write(f"Action: {result['action']}{insist}")
        self.stdout.write(f"Guidance: {result['guidance']}")
        self.stdout.write(f"Say: {result['say']}")
        if result["online_url"]:
            self.stdout.write(f"Online: {result['online_url']}")
        self.stdout.write(f"Of value to: {result['value_to']}")
        self.stdout.write(f"If vulnerable: {result['vulnerable_action']}")
        for adjustment in result["adjustments"]:
            self.stdout.write(f"Adjustment: {adjustment}")
        line = result["line"]
        if line:
            state = "open now" if line["open_now"] else "closed now"
            self.stdout.write(f"Line: {line['name']}, {state}; next opens {line['next_opening']}")

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from civicdesk.councils.models import Council
from civicdesk.privacy.retention import PurgePlan, purge_apply, purge_candidates


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "Report closed cases, their contacts and residents past their query type's retention "
        "period. Nothing is deleted unless you add --apply."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--council", metavar="SLUG", help="only this council")
        parser.add_argument(
            "--apply", action="store_true", help="delete them (without it, only report)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        council = None
        if options["council"]:
            council = Council.objects.filter(slug=options["council"]).first()
            if council is None:
                raise CommandError(f"No council with slug {options['council']!r}.")
        today = timezone.localdate()
        if options["apply"]:
            plan = purge_apply(council=council, today=today)
        else:
            plan = purge_candidates(council=council, today=today)
        self._report(plan, scope=options["council"] or "every council", applied=options["apply"])

    def _report(self, plan: PurgePlan, *, scope: str, applied: bool) -> None:
        self.stdout.write(f"Past their retention period on {plan.today:%d %B %Y} ({scope}):")
        for line in plan.expired:
            about = (
                f"{line.query_type.code} ({line.query_type.name})"
                if line.query_type
                else "contacts with no query type"
            )
            self.stdout.write(
                f"  {line.council.slug}  {about}, kept {line.retention_days} days: "
                f"{_count(len(line.case_ids), 'case')}, {_count(len(line.contact_ids), 'contact')}"
            )
        totals = (
            f"{_count(len(plan.case_ids), 'case')} "
            f"(with {_count(plan.event_count, 'timeline event')}), "
            f"{_count(len(plan.contact_ids), 'contact')}, "
            f"{_count(len(plan.resident_ids), 'resident')} left with nothing else"
        )
        if plan.is_empty:
            self.stdout.write("  nothing: no case, contact or resident has passed it.")
        elif applied:
            self.stdout.write(self.style.SUCCESS(f"Deleted {totals}."))
        else:
            self.stdout.write(f"Would delete {totals}.")
            self.stdout.write("Nothing was deleted: run again with --apply to delete them.")

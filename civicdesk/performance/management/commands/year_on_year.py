from __future__ import annotations

import json
from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from civicdesk.catalogue.management.commands._council import council_by_slug
from civicdesk.performance.call_reports import YearOnYear, YearOnYearRow, year_on_year
from civicdesk.performance.calls_import import lines_by_label
from civicdesk.performance.changes import Change
from civicdesk.performance.metrics import LineFigures


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date such as 2023-08-31.") from None


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    whole = round(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02}:{whole % 60:02}"


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share * 100:.1f}%"


def _change(change: Change, places: int = 4) -> dict[str, object]:
    return {
        "direction": change.direction,
        "verdict": change.verdict,
        "change": None if change.relative is None else round(change.relative, places),
    }


def _figures(row: YearOnYearRow, which: str) -> dict[str, object]:
    figures = row.before if which == "a" else row.after
    if figures is None:
        return {
            "presented": 0,
            "answered": 0,
            "ata_seconds": None,
            "aht_seconds": None,
            "transferred": 0,
            "transfer_rate": None,
        }
    return {
        "presented": figures.presented,
        "answered": figures.answered,
        "ata_seconds": None if figures.ata_seconds is None else round(figures.ata_seconds, 2),
        "aht_seconds": None if figures.aht_seconds is None else round(figures.aht_seconds, 2),
        "transferred": figures.transferred,
        "transfer_rate": (
            None if figures.transfer_rate is None else round(figures.transfer_rate, 4)
        ),
    }


def as_json(report: YearOnYear) -> dict[str, object]:
    a, b = report.before, report.after
    return {
        "label": report.label,
        "like_for_like": report.like_for_like,
        "year_a": {"year": a.year, "from": a.start.isoformat(), "to": a.end.isoformat()},
        "year_b": {"year": b.year, "from": b.start.isoformat(), "to": b.end.isoformat()},
        "rows": [
            {
                "line": row.line,
                "total": row.line_id is None,
                "year_a": _figures(row, "a"),
                "year_b": _figures(row, "b"),
                "presented": _change(row.presented),
                "answered_share": _change(row.answered),
                "ata": _change(row.ata),
                "aht": _change(row.aht),
                "transfer_rate": _change(row.transfer_rate),
            }
            for row in report.rows
        ],
    }


class Command(BaseCommand):
    help = (
        "Each line's calls presented and answered, average time to answer and average handling "
        "time in two years, with the direction of each change (seed 001's '2022 vs 2023 YTD')."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--council", required=True, help="the council's slug")
        parser.add_argument("--from-year", dest="year_a", required=True, type=int)
        parser.add_argument("--to-year", dest="year_b", required=True, type=int)
        parser.add_argument(
            "--through",
            type=_day,
            help="the last day of the later year to count (default: its last day with calls)",
        )
        parser.add_argument(
            "--like-for-like",
            action="store_true",
            help="count the earlier year over the same 1 January to --through span, not whole",
        )
        parser.add_argument(
            "--line", action="append", help="only this line, by name, code or alias (repeatable)"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        council = council_by_slug(options["council"])
        through = options.get("through")
        if isinstance(through, str):  # call_command passes its keyword values unparsed
            through = _day(through)
        line_ids = None
        if options.get("line"):
            labels = lines_by_label(council)
            unknown = [n for n in options["line"] if n.strip().lower() not in labels]
            if unknown:
                raise CommandError(f"No line {', '.join(unknown)} in {council.slug}.")
            line_ids = [labels[n.strip().lower()].pk for n in options["line"]]
        try:
            report = year_on_year(
                council,
                int(options["year_a"]),
                int(options["year_b"]),
                through,
                like_for_like=bool(options.get("like_for_like")),
                line_ids=line_ids,
            )
        except ValueError as problem:
            raise CommandError(str(problem)) from problem
        if options["json"]:
            self.stdout.write(json.dumps(as_json(report), indent=2))
            return
        self._print(report)

    def _print(self, report: YearOnYear) -> None:
        head_a, head_b = report.heading(report.before), report.heading(report.after)
        self.stdout.write(report.label)
        for row in report.rows:
            self.stdout.write("")
            self.stdout.write(f"{row.line}\t{head_a}\t{head_b}\tchange")
            for label, before, after, change in _lines(row):
                words = change.words
                if label == "Answered" and change.direction is not None:
                    words = f"share answered {words}"
                self.stdout.write(f"{label}\t{before}\t{after}\t{change.arrow} {words}".rstrip())


def _lines(row: YearOnYearRow) -> list[tuple[str, str, str, Change]]:
    def of(figures: LineFigures | None) -> tuple[str, str, str, str, str]:
        if figures is None:
            return ("0", "0", "-", "-", "-")
        return (
            str(figures.presented),
            str(figures.answered),
            _clock(figures.ata_seconds),
            _clock(figures.aht_seconds),
            _percent(figures.transfer_rate),
        )

    a, b = of(row.before), of(row.after)
    return [
        ("Presented", a[0], b[0], row.presented),
        ("Answered", a[1], b[1], row.answered),
        ("Average time to answer", a[2], b[2], row.ata),
        ("Average handling time", a[3], b[3], row.aht),
        ("% transferred", a[4], b[4], row.transfer_rate),
    ]

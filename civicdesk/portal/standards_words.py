"""The service-standards page in words: each standard, each figure and whether it was met.

Pure: it turns the numbers of `performance.standards` into what a resident reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from civicdesk.performance.standards import (
    LinePerformance,
    LineResult,
    Measure,
    ServiceCases,
    Targets,
    Window,
)


def percent(share: float) -> str:
    """0.8 -> "80%", 0.805 -> "80.5%": to a tenth of a percent, without a trailing ".0"."""
    text = f"{share * 100:.1f}"
    return f"{text.removesuffix('.0')}%"


def _unit(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def duration(seconds: float) -> str:
    """73 -> "1 minute 13 seconds", 120 -> "2 minutes", 0 -> "0 seconds"."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        _unit(value, word)
        for value, word in ((hours, "hour"), (minutes, "minute"), (secs, "second"))
        if value
    ]
    return " ".join(parts) or "0 seconds"


def month_words(first: date) -> str:
    return f"{first:%B %Y}"


def window_words(window: Window) -> str:
    """ "1 to 31 March 2023", "1 January to 31 March 2023"."""
    end = f"{window.end.day} {window.end:%B %Y}"
    if window.start.month == window.end.month:
        return f"{window.start.day} to {end}"
    return f"{window.start.day} {window.start:%B} to {end}"


@dataclass(frozen=True)
class Verdict:
    words: str
    tag: str  # a GOV.UK tag modifier class; the words carry the meaning, not the colour


MET = Verdict("Met", "govuk-tag--green")
NOT_MET = Verdict("Not met", "govuk-tag--red")
NOT_MEASURED = Verdict("Not measured", "govuk-tag--grey")


def verdict(measure: Measure) -> Verdict:
    met = measure.met
    return NOT_MEASURED if met is None else MET if met else NOT_MET


@dataclass(frozen=True)
class Row:
    standard: str
    achieved: str
    verdict: Verdict


@dataclass(frozen=True)
class LineRows:
    name: str
    code: str
    presented: int
    rows: list[Row]


def line_rows(targets: Targets, performance: LinePerformance) -> list[Row]:
    within = duration(targets.answer_within_seconds)
    level = performance.service_level
    rows = [
        Row(
            f"Answer {percent(targets.service_level)} of calls within {within}",
            "No calls to measure"
            if level.achieved is None
            else f"{percent(level.achieved)} answered within {within}",
            verdict(level),
        )
    ]
    wait = performance.average_wait
    if wait is not None:
        rows.append(
            Row(
                f"Answer calls within {duration(wait.target)} on average",
                "No calls answered"
                if wait.achieved is None
                else f"Answered in {duration(wait.achieved)} on average",
                verdict(wait),
            )
        )
    abandons = performance.abandon_rate
    if abandons is not None:
        rows.append(
            Row(
                f"No more than {percent(abandons.target)} of callers hang up while waiting",
                "No calls to measure"
                if abandons.achieved is None
                else f"{percent(abandons.achieved)} hung up while waiting",
                verdict(abandons),
            )
        )
    return rows


def lines_in_words(lines: list[LineResult], *, year: bool) -> list[LineRows]:
    return [
        LineRows(
            line.name,
            line.code,
            (line.year if year else line.month).presented,
            line_rows(line.targets, line.year if year else line.month),
        )
        for line in lines
    ]


def met_summary(lines: list[LineRows]) -> str:
    """ "We met 3 of the 8 standards we could measure.": those with calls to measure them by."""
    judged = [row.verdict for line in lines for row in line.rows if row.verdict != NOT_MEASURED]
    if not judged:
        return "There were no calls to measure our standards by."
    met = sum(v == MET for v in judged)
    noun = "standard" if len(judged) == 1 else "standards"
    return f"We met {met} of the {len(judged)} {noun} we could measure."


def case_share(service: ServiceCases) -> str:
    return percent(round(service.share, 3))

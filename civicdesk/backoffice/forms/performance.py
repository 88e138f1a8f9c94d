"""The filters of the managers' call dashboards: GET forms, so every view is a link to share.

Every field is optional: an empty one takes the default the view gives it (the last twelve
months with calls, by month, all lines). A value that is there but wrong is an error the page
names (and answers 400).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from civicdesk.backoffice.forms.dates import ReportDateField
from civicdesk.catalogue.models import ServiceLine
from civicdesk.performance.models import Period

# Longest range each period may show, so a page stays a page (days: a year; weeks: three years).
LONGEST: dict[str, int] = {Period.DAY: 366, Period.WEEK: 3 * 366}
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def range_too_long(period: str, start: date, end: date) -> str:
    """The error for a range too long to show by day or week; "" when it is fine."""
    longest = LONGEST.get(period)
    if not longest or (end - start).days < longest:
        return ""
    unit, most = ("days", "a year") if period == Period.DAY else ("weeks", "three years")
    return f"Choose a shorter range to see {unit} (at most {most}), or show the figures by month"


def _date_field(label: str) -> forms.DateField:
    return ReportDateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": f"{label} must be a real date, like 2023-03-31"},
    )


def _line_field(lines: list[ServiceLine]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Line",
        required=False,
        choices=[("", "All lines"), *((line.code, line.name) for line in lines)],
        error_messages={"invalid_choice": "Choose a line from the list"},
    )


class CallsFilterForm(forms.Form):
    """?line=<code>&period=month&from=2023-01-01&to=2023-12-31"""

    period = forms.ChoiceField(
        label="Show figures by",
        required=False,
        choices=Period.choices,
        error_messages={"invalid_choice": "Choose day, week, month or year"},
    )

    def __init__(self, *args: Any, lines: list[ServiceLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = {line.code: line for line in lines}
        self.fields["line"] = _line_field(lines)
        self.fields["from"] = _date_field("From")
        self.fields["to"] = _date_field("To")
        self.order_fields(["line", "period", "from", "to"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if isinstance(start, date) and isinstance(end, date):
            if start > end:
                self.add_error("to", "To must be the same date as From or later")
                return data
            message = range_too_long(data.get("period") or "", start, end)
            if message:
                self.add_error("from", message)
        return data

    def line(self) -> ServiceLine | None:
        return self.lines.get(self.cleaned_data.get("line") or "")


class YearOnYearForm(forms.Form):
    """?from_year=2022&to_year=2023&through=2023-08-31&like_for_like=1&line=<code>"""

    like_for_like = forms.BooleanField(
        label="Compare the same part of both years (1 January to the same day)", required=False
    )

    def __init__(
        self, *args: Any, lines: list[ServiceLine], years: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lines = {line.code: line for line in lines}
        choices = [(str(year), str(year)) for year in years]
        for name, label in (("from_year", "Compare"), ("to_year", "With")):
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                required=False,
                choices=[("", "Choose a year"), *choices],
                coerce=int,
                error_messages={"invalid_choice": "Choose a year from the list"},
            )
        self.fields["through"] = _date_field("Up to")
        self.fields["line"] = _line_field(lines)
        self.order_fields(["from_year", "to_year", "through", "like_for_like", "line"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year_a, year_b, through = data.get("from_year"), data.get("to_year"), data.get("through")
        if year_a and year_b and year_a == year_b:
            self.add_error("to_year", "Choose two different years")
        if isinstance(through, date) and year_b and through.year != year_b:
            self.add_error("through", f"Up to must be a date in {year_b}")
        return data

    def line(self) -> ServiceLine | None:
        return self.lines.get(self.cleaned_data.get("line") or "")

"""The manager's what-if scenario form: a GET form, so every scenario is a link to share.

It builds a `planning.scenarios.Scenario` from up to three changes (a query type to move online,
new hours for a line, a staffing change) and the period. A change is made by choosing its
query type or line; its other fields then apply. Shares are whole percentages on the page and
fractions in the scenario.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django import forms

from civicdesk.backoffice.forms.dates import ReportDateField
from civicdesk.catalogue.models import QueryType, ServiceLine
from civicdesk.core.hours import WEEKDAYS
from civicdesk.planning.forecast import MAX_WEEKS_BY_INTERVAL
from civicdesk.planning.scenarios import (
    DEFAULT_ASSISTED_SHARE,
    MAX_PERIOD_DAYS,
    Change,
    ClosedCalls,
    HoursChange,
    OnlineShift,
    Period,
    Scenario,
    ScenarioError,
    Staffing,
    StaffingChange,
    parse_time,
)

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
# Where a ScenarioError about the scenario's fields is shown on the form.
FIELD_OF = {"period": "from", "period.from": "from", "period.to": "to", "council": "from"}


def _date(label: str) -> forms.DateField:
    return ReportDateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": f"{label} must be a real date, like 2023-08-01"},
    )


def _percent(label: str, initial: int) -> forms.IntegerField:
    message = f"{label} must be a whole number from 0 to 100"
    return forms.IntegerField(
        label=label,
        required=False,
        initial=initial,
        min_value=0,
        max_value=100,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
    )


def _time(label: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=5)


def _line_choice(label: str, lines: list[ServiceLine]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", "No change"), *((line.code, line.name) for line in lines)],
        error_messages={"invalid_choice": "Choose a line from the list"},
    )


def _days(label: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=[(day, DAY_NAMES[day]) for day in WEEKDAYS],
        error_messages={"invalid_choice": "Choose days from the list"},
    )


class ScenarioForm(forms.Form):
    """?query_type=hb-payment-enquiry&share=100&assisted=10&from=…&to=…&compare=1"""

    forecast_weeks = forms.TypedChoiceField(
        label="Or forecast calls instead",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", "No: use the calls recorded"),
            *(
                (str(w), f"The next {w} week{'s' if w > 1 else ''}")
                for w in range(1, MAX_WEEKS_BY_INTERVAL + 1)
            ),
        ],
        error_messages={"invalid_choice": "Choose a number of weeks from the list"},
    )
    baseline = forms.ChoiceField(
        label="Agents before the change",
        required=False,
        choices=[
            ("required", "Enough to meet each line's published standard"),
            ("recorded", "As recorded: enough to give the abandonment the calls recorded"),
        ],
        error_messages={"invalid_choice": "Choose how the lines are staffed before the change"},
    )
    share = _percent("Share to move online", 100)
    assisted = _percent(
        "Share who still call for assisted digital help", round(DEFAULT_ASSISTED_SHARE * 100)
    )
    closed_calls = forms.ChoiceField(
        label="Calls when the line is closed",
        required=False,
        choices=[
            ("move", "Residents ring again later the same day"),
            ("drop", "The calls are lost"),
        ],
        error_messages={"invalid_choice": "Choose what happens to calls when the line is closed"},
    )
    staff_add = forms.IntegerField(
        label="Agents to add (a minus sign takes them off)",
        required=False,
        min_value=-500,
        max_value=500,
        error_messages={
            "invalid": "Agents to add must be a whole number, like 2 or -1",
            "min_value": "Agents to add must be from -500 to 500",
            "max_value": "Agents to add must be from -500 to 500",
        },
    )
    scenario_staffing = forms.ChoiceField(
        label="Agents after the change",
        required=False,
        choices=[
            ("keep", "The same agents (see the effect on waiting)"),
            ("required", "Enough to meet the standard (see the staff hours saved)"),
        ],
        error_messages={"invalid_choice": "Choose how the lines are staffed after the change"},
    )

    def __init__(
        self,
        *args: Any,
        lines: list[ServiceLine],
        query_types: list[QueryType],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from"] = _date("From")
        self.fields["to"] = _date("To")
        self.fields["query_type"] = forms.ChoiceField(
            label="Query type to move online",
            required=False,
            choices=[
                ("", "No change"),
                *((qt.code, f"{qt.service.name}: {qt.name}") for qt in query_types),
            ],
            error_messages={"invalid_choice": "Choose a query type from the list"},
        )
        self.fields["hours_line"] = _line_choice("Line whose hours change", lines)
        self.fields["hours_days"] = _days("Days the new hours are for")
        self.fields["opens"] = _time("Opens at")
        self.fields["closes"] = _time("Closes at")
        self.fields["staff_line"] = _line_choice("Line whose staffing changes", lines)
        self.fields["staff_days"] = _days("Days the staffing changes")
        self.fields["staff_from"] = _time("From (time)")
        self.fields["staff_to"] = _time("Until (time)")
        self.change_fields: list[str] = []  # the field of each change, in order

    def _time_of(self, name: str) -> time | None:
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            return None
        try:
            return parse_time(name, text)
        except ScenarioError:
            self.add_error(name, f"{self.fields[name].label} must be a time like 09:30")
            return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if isinstance(start, date) and isinstance(end, date):
            if end < start:
                self.add_error("to", "To must be the same date as From or later")
            elif (end - start).days + 1 > MAX_PERIOD_DAYS:
                self.add_error("to", f"Choose at most {MAX_PERIOD_DAYS} days")
        if data.get("forecast_weeks") and (start or end):
            self.add_error("forecast_weeks", "Choose dates or a forecast, not both")
        self._clean_hours(data)
        self._clean_staffing(data)
        if not self.errors and not (
            data.get("query_type") or data.get("hours_line") or data.get("staff_line")
        ):
            self.add_error(
                "query_type",
                "Choose a change: a query type to move online, a line whose hours change, "
                "or a line whose staffing changes",
            )
        return data

    def _clean_hours(self, data: dict[str, Any]) -> None:
        opens, closes = self._time_of("opens"), self._time_of("closes")
        if not data.get("hours_line"):
            if data.get("hours_days") or opens or closes:
                self.add_error("hours_line", "Choose the line whose hours change")
            return
        if not data.get("hours_days"):
            self.add_error("hours_days", "Choose the days the new hours are for")
        if (opens is None) != (closes is None):
            missing = "closes" if closes is None else "opens"
            self.add_error(missing, "Give both times, or neither to close on those days")
        elif opens is not None and closes is not None and closes <= opens:
            self.add_error("closes", "Closes at must be later than opens at")

    def _clean_staffing(self, data: dict[str, Any]) -> None:
        starts, ends = self._time_of("staff_from"), self._time_of("staff_to")
        if not data.get("staff_line"):
            if data.get("staff_add") not in (None, 0):
                self.add_error("staff_line", "Choose the line whose staffing changes")
            return
        if not data.get("staff_add"):
            self.add_error("staff_add", "Give the agents to add, like 2, or to take off, like -1")
        if starts is not None and ends is not None and ends <= starts:
            self.add_error("staff_to", "Until must be later than from")

    def scenario(self) -> Scenario:
        """The scenario of a valid form; `change_fields` then names each change's field."""
        data = self.cleaned_data
        changes: list[Change] = []
        self.change_fields = []
        if data.get("query_type"):
            share, assisted = data.get("share"), data.get("assisted")
            changes.append(
                OnlineShift(
                    data["query_type"],
                    share=1.0 if share is None else share / 100,
                    assisted_share=DEFAULT_ASSISTED_SHARE if assisted is None else assisted / 100,
                )
            )
            self.change_fields.append("query_type")
        if data.get("hours_line"):
            opens, closes = self._time_of("opens"), self._time_of("closes")
            text = f"{opens:%H:%M}-{closes:%H:%M}" if opens and closes else ""
            hours = {WEEKDAYS.index(day): text for day in data["hours_days"]}
            closed: ClosedCalls = "drop" if data.get("closed_calls") == "drop" else "move"
            changes.append(HoursChange(data["hours_line"], hours, closed))
            self.change_fields.append("hours_line")
        if data.get("staff_line"):
            days = tuple(WEEKDAYS.index(day) for day in data.get("staff_days") or WEEKDAYS)
            changes.append(
                StaffingChange(
                    data["staff_line"],
                    add=data["staff_add"],
                    days=days,
                    starts=self._time_of("staff_from"),
                    ends=self._time_of("staff_to"),
                )
            )
            self.change_fields.append("staff_line")
        weeks = data.get("forecast_weeks")
        return Scenario(
            name="Scenario",
            period=Period(forecast_weeks=weeks)
            if weeks
            else Period(start=data.get("from"), end=data.get("to")),
            staffing=Staffing(
                baseline="recorded" if data.get("baseline") == "recorded" else "required",
                scenario="required" if data.get("scenario_staffing") == "required" else "keep",
            ),
            changes=tuple(changes),
        )

    def add_scenario_error(self, error: ScenarioError) -> None:
        """Show a problem found when the scenario was read against the council's data."""
        field = FIELD_OF.get(error.field)
        if field is None and error.field.startswith("changes["):
            index = int(error.field[len("changes[") :].split("]")[0])
            field = self.change_fields[index]
        self.add_error(field or "from", error.message[:1].upper() + error.message[1:])

"""The filters of the managers' contact dashboards (channels, demand, visits): GET forms, so
every view is a link to share.

Every field is optional: an empty one takes the default the view gives it. A value that is there
but wrong is an error the page names (and answers 400). The parameters are those of the call
dashboards (`from`, `to`, `period`), plus `service`, `venue`, `baseline_from` and `baseline_to`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from civicdesk.backoffice.forms.dates import ReportDateField
from civicdesk.backoffice.forms.performance import range_too_long
from civicdesk.catalogue.models import Service, Venue
from civicdesk.performance.models import Period

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
PERIODS = [(p.value, p.label) for p in (Period.MONTH, Period.WEEK, Period.DAY)]  # default first
LONGEST_DAYS = 366  # by day, at most a year, so a page stays a page


def _date_field(label: str) -> forms.DateField:
    return ReportDateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={
            "invalid": f"Enter the '{label.lower()}' date as a real date, like 2023-03-31"
        },
    )


def _in_order(form: forms.Form, start_name: str, end_name: str, what: str = "") -> None:
    start, end = form.cleaned_data.get(start_name), form.cleaned_data.get(end_name)
    if isinstance(start, date) and isinstance(end, date) and start > end:
        form.add_error(
            end_name, f"The '{what}to' date must be the same as or after the '{what}from' date"
        )


class RangeForm(forms.Form):
    """?from=2023-01-01&to=2023-12-31"""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from"] = _date_field("From")
        self.fields["to"] = _date_field("To")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _in_order(self, "from", "to")
        return data


class ServiceRangeForm(RangeForm):
    """?service=<code>&from=...&to=..."""

    def __init__(self, *args: Any, services: list[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.services = {service.code: service for service in services}
        self.fields["service"] = forms.ChoiceField(
            label="Service",
            required=False,
            choices=[("", "All services"), *((s.code, s.name) for s in services)],
            error_messages={"invalid_choice": "Choose a service from the list"},
        )
        self.order_fields(["service", "from", "to"])

    def service(self) -> Service | None:
        return self.services.get(self.cleaned_data.get("service") or "")


class ChannelsForm(ServiceRangeForm):
    """... &period=month&baseline_from=2022-01-01&baseline_to=2022-12-31"""

    def __init__(self, *args: Any, services: list[Service], **kwargs: Any) -> None:
        super().__init__(*args, services=services, **kwargs)
        self.fields["period"] = forms.ChoiceField(
            label="Show contacts by",
            required=False,
            choices=PERIODS,
            error_messages={"invalid_choice": "Choose month, week or day"},
        )
        self.fields["baseline_from"] = _date_field("Baseline from")
        self.fields["baseline_to"] = _date_field("Baseline to")
        self.order_fields(["service", "period", "from", "to", "baseline_from", "baseline_to"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _in_order(self, "baseline_from", "baseline_to", "baseline ")
        start, end = data.get("from"), data.get("to")
        if isinstance(start, date) and isinstance(end, date):
            message = range_too_long(data.get("period") or "", start, end)
            if message:  # the calls dashboards' rule: by day a year, by week three years
                self.add_error("from", message)
        return data


class VisitsForm(RangeForm):
    """?venue=<code>&from=...&to=..."""

    def __init__(self, *args: Any, venues: list[Venue], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.venues = {venue.code: venue for venue in venues}
        self.fields["venue"] = forms.ChoiceField(
            label="Venue",
            required=False,
            choices=[("", "All venues"), *((v.code, v.name) for v in venues)],
            error_messages={"invalid_choice": "Choose a venue from the list"},
        )
        self.order_fields(["venue", "from", "to"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if isinstance(start, date) and isinstance(end, date) and (end - start).days >= LONGEST_DAYS:
            self.add_error("from", "Choose a range of at most a year: the table has a row per day")
        return data

    def venue(self) -> Venue | None:
        return self.venues.get(self.cleaned_data.get("venue") or "")

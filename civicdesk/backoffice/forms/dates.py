"""The date box of the report filters: a real date within the years reports can cover.

A date Python can hold is not enough: the reports step by days, months and years from it, so
0001-01-01 or 9999-12-31 would run off the calendar (and a range of 8,000 years would be a
query no database takes). Council figures start long after 1900 and stop long before 2100.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

EARLIEST = date(1900, 1, 1)
LATEST = date(2099, 12, 31)


class ReportDateField(forms.DateField):
    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, date) and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(
                f"{self.label} must be a date from {EARLIEST.year} to {LATEST.year}",
                code="out_of_range",
            )

"""Form fields for a query type's questions (its Open311 attributes), one kind per datatype.

Each field cleans to the answer as the case stores it, by question code: text for string and text,
a plain decimal for number, ISO 8601 with the UK offset for datetime, the key for a single choice
and the list of keys for a multiple choice. Error messages name the question, as GOV.UK asks.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from civicdesk.catalogue.models import QueryTypeQuestion, QuestionType

DATE_PARTS = ("day", "month", "year")
# The same limits as the Open311 API, so a report one accepts the other accepts too.
MAX_TEXT = {QuestionType.STRING: 1000, QuestionType.TEXT: 4000}
MAX_NUMBER = Decimal("1e15")

_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")
_DATE_NUMBER = re.compile(r"[0-9]{1,4}")
_WORD_TIMES = {"midday": time(12), "noon": time(12), "midnight": time(0)}


def _real_date(year: str, month: str, day: str) -> date | None:
    """The date typed in the three boxes, each up to 4 digits 0 to 9; None if it is not a real
    one (so "99999999999999999999", "-1", "\u00b2" or 30 February are refused in words)."""
    if not all(_DATE_NUMBER.fullmatch(part) for part in (year, month, day)):
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def field_name(question: QueryTypeQuestion) -> str:
    return f"q-{question.code}"


def parse_time(text: str) -> time | None:
    """ "9:30am", "9am", "9.30 pm", "14:15", "midday" → a time; None if it is not one."""
    text = text.strip().lower()
    if text in _WORD_TIMES:
        return _WORD_TIMES[text]
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    suffix = (match[3] or "").replace(".", "")
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class DateTimeWidget(forms.Widget):
    """Day, month and year boxes and a time box, posted as `<name>-day` … `<name>-time`."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> dict[str, str]:
        return {part: str(data.get(f"{name}-{part}", "")).strip() for part in (*DATE_PARTS, "time")}

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False


class DateTimeAnswerField(forms.Field):
    """A moment as the GOV.UK date input pattern asks for it, plus a time."""

    widget = DateTimeWidget

    def __init__(self, *, question: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.question = question

    def clean(self, value: Any) -> str:
        parts = value if isinstance(value, dict) else {}
        given = {p: parts.get(p, "") for p in (*DATE_PARTS, "time")}
        q = self.question
        if not any(given.values()):
            if self.required:
                raise ValidationError(f"Enter the date and time for \u2018{q}\u2019", "required")
            return ""
        missing = [p for p in DATE_PARTS if not given[p]]
        if len(missing) == len(DATE_PARTS):
            raise ValidationError(f"Enter the date for \u2018{q}\u2019", "date")
        if missing:
            names = " and ".join(f"a {p}" for p in missing)
            raise ValidationError(
                f"The date for \u2018{q}\u2019 must include {names}", ",".join(missing)
            )
        day = _real_date(given["year"], given["month"], given["day"])
        if day is None:
            raise ValidationError(f"The date for \u2018{q}\u2019 must be a real date", "date")
        if day.year < 1900:
            raise ValidationError(f"The year for \u2018{q}\u2019 must include 4 numbers", "year")
        if not given["time"]:
            raise ValidationError(f"Enter the time for \u2018{q}\u2019, like 9:30am", "time")
        moment = parse_time(given["time"])
        if moment is None:
            raise ValidationError(
                f"The time for \u2018{q}\u2019 must be a real time, like 9:30am or 14:15", "time"
            )
        zone = ZoneInfo(settings.TIME_ZONE)
        return datetime.combine(day, moment, tzinfo=zone).isoformat()


class NumberAnswerField(forms.CharField):
    def __init__(self, *, question: str, **kwargs: Any) -> None:
        super().__init__(max_length=30, **kwargs)
        self.question = question

    def clean(self, value: Any) -> int | float | None:
        text = str(super().clean(value)).replace(",", "").strip()
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            raise ValidationError(f"\u2018{self.question}\u2019 must be a number", "invalid")
        if abs(number) >= MAX_NUMBER:
            raise ValidationError(f"\u2018{self.question}\u2019 is too big a number", "invalid")
        return int(number) if number == number.to_integral_value() else float(number)


def question_field(question: QueryTypeQuestion) -> forms.Field:
    q = question.question
    required = question.required
    datatype = question.datatype
    if datatype == QuestionType.NUMBER:
        return NumberAnswerField(
            question=q,
            required=required,
            error_messages={"required": f"Enter a number for \u2018{q}\u2019"},
        )
    if datatype == QuestionType.DATETIME:
        return DateTimeAnswerField(question=q, required=required)
    if datatype in (QuestionType.SINGLE_VALUE_LIST, QuestionType.MULTI_VALUE_LIST):
        choices = [(str(v["key"]), str(v["name"])) for v in question.values]
        if datatype == QuestionType.SINGLE_VALUE_LIST:
            return forms.ChoiceField(
                choices=choices,
                required=required,
                error_messages={
                    "required": f"Select an answer for \u2018{q}\u2019",
                    "invalid_choice": f"Select one of the answers listed for \u2018{q}\u2019",
                },
            )
        return forms.MultipleChoiceField(
            choices=choices,
            required=required,
            error_messages={
                "required": f"Select at least one answer for \u2018{q}\u2019",
                "invalid_choice": f"Select only answers listed for \u2018{q}\u2019",
            },
        )
    limit = MAX_TEXT.get(QuestionType(datatype), 1000)
    return forms.CharField(
        max_length=limit,
        required=required,
        error_messages={
            "required": f"Enter an answer for \u2018{q}\u2019",
            "max_length": f"The answer for \u2018{q}\u2019 must be {limit:,} characters or fewer",
        },
    )


def answer_text(question: QueryTypeQuestion, answer: Any) -> str:
    """An answer as a person reads it: list keys become their names."""
    names = {str(v["key"]): str(v["name"]) for v in question.values or []}
    if isinstance(answer, list):
        return ", ".join(names.get(str(a), str(a)) for a in answer)
    if question.datatype == QuestionType.DATETIME and answer:
        moment = datetime.fromisoformat(str(answer))
        return f"{moment:%d/%m/%Y %H:%M}"
    return names.get(str(answer), str(answer))

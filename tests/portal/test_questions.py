"""The answer fields on their own: times as people write them, numbers, and UK dates."""

from __future__ import annotations

from datetime import time

import pytest
from django.core.exceptions import ValidationError

from civicdesk.portal.questions import DateTimeAnswerField, NumberAnswerField, parse_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:30am", time(9, 30)),
        ("9am", time(9)),
        ("9.30 PM", time(21, 30)),
        ("12am", time(0)),
        ("12pm", time(12)),
        ("14:15", time(14, 15)),
        ("midday", time(12)),
        ("13pm", None),
        ("24:00", None),
        ("9:61", None),
        ("soon", None),
    ],
)
def test_times_as_people_write_them(text: str, expected: time | None) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("3", 3), ("1,000", 1000), ("2.5", 2.5), ("", None)]
)
def test_numbers_are_kept_as_numbers(text: str, expected: float | None) -> None:
    assert NumberAnswerField(question="How many?", required=False).clean(text) == expected


@pytest.mark.parametrize("text", ["NaN", "Infinity", "1e20", "two"])
def test_what_is_not_a_number_we_can_keep_is_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        NumberAnswerField(question="How many?", required=False).clean(text)


def test_a_moment_carries_the_uk_offset_of_its_day() -> None:
    field = DateTimeAnswerField(question="When?", required=True)
    summer = {"day": "1", "month": "7", "year": "2026", "time": "9:30am"}
    winter = {"day": "1", "month": "12", "year": "2026", "time": "9:30am"}
    assert field.clean(summer) == "2026-07-01T09:30:00+01:00"
    assert field.clean(winter) == "2026-12-01T09:30:00+00:00"


def test_a_two_digit_year_is_refused() -> None:
    field = DateTimeAnswerField(question="When?", required=True)
    with pytest.raises(ValidationError, match="4 numbers"):
        field.clean({"day": "1", "month": "7", "year": "26", "time": "9am"})

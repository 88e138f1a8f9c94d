"""The standards page's words for figures: percentages, durations, periods, verdicts."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from civicdesk.performance.standards import Measure, Window
from civicdesk.portal.standards_words import (
    MET,
    NOT_MEASURED,
    NOT_MET,
    duration,
    percent,
    verdict,
    window_words,
)


def test_percentages_as_published() -> None:
    assert [percent(s) for s in (0.8, 0.805, 0.4, 1.0, 0.0, 0.667)] == [
        "80%",
        "80.5%",
        "40%",
        "100%",
        "0%",
        "66.7%",
    ]


@given(st.integers(0, 1000))
def test_a_published_share_reads_back_as_itself(thousandths: int) -> None:
    text = percent(thousandths / 1000)
    assert re.fullmatch(r"\d{1,3}(\.\d)?%", text)
    assert round(float(text[:-1]) * 10) == thousandths


def test_durations_in_words() -> None:
    assert [duration(s) for s in (0, 1, 45, 60, 73, 120, 3600, 3725)] == [
        "0 seconds",
        "1 second",
        "45 seconds",
        "1 minute",
        "1 minute 13 seconds",
        "2 minutes",
        "1 hour",
        "1 hour 2 minutes 5 seconds",
    ]


@given(st.integers(0, 10 * 3600))
def test_a_duration_in_words_adds_up_to_its_seconds(seconds: int) -> None:
    unit = {"hour": 3600, "minute": 60, "second": 1}
    words = duration(seconds).split()
    pairs = zip(words[::2], words[1::2], strict=True)
    assert sum(int(n) * unit[w.removesuffix("s")] for n, w in pairs) == seconds


def test_periods_in_words() -> None:
    assert window_words(Window(date(2023, 3, 1), date(2023, 3, 31))) == "1 to 31 March 2023"
    assert window_words(Window(date(2023, 1, 1), date(2023, 8, 31))) == (
        "1 January to 31 August 2023"
    )


def test_verdicts_are_words_whatever_their_colour() -> None:
    assert verdict(Measure(0.8, 0.8)) == MET
    assert verdict(Measure(0.8, 0.799)) == NOT_MET
    assert verdict(Measure(300, 301, at_most=True)) == NOT_MET
    assert verdict(Measure(300, None, at_most=True)) == NOT_MEASURED
    assert {v.words for v in (MET, NOT_MET, NOT_MEASURED)} == {"Met", "Not met", "Not measured"}

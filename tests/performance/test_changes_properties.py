"""The direction of a change, and its verdict, for any two figures."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from civicdesk.performance.changes import (
    change_in_seconds,
    change_in_share,
    change_in_volume,
    is_whole_months,
    span_size,
)

seconds = st.floats(min_value=0, max_value=10_000, allow_nan=False)
shares = st.floats(min_value=0, max_value=1, allow_nan=False)
counts = st.integers(min_value=0, max_value=1_000_000)
FLIP = {"up": "down", "down": "up", "same": "same"}
OPPOSITE = {"better": "worse", "worse": "better", "neutral": "neutral"}


@given(seconds, seconds)
def test_swapping_the_years_flips_the_direction_and_the_verdict(a: float, b: float) -> None:
    forward, back = change_in_seconds(a, b, good="down"), change_in_seconds(b, a, good="down")
    assert forward.direction is not None
    assert back.direction is not None
    assert back.direction == FLIP[forward.direction]
    assert forward.verdict is not None
    assert back.verdict == OPPOSITE[forward.verdict]


@given(seconds, seconds)
def test_a_longer_wait_is_worse_and_a_same_looking_time_is_the_same(a: float, b: float) -> None:
    change = change_in_seconds(a, b, good="down")
    if round(a) == round(b):
        assert (change.direction, change.words) == ("same", "same")
    elif b > a:
        assert change.words == "up, worse"
    else:
        assert change.words == "down, better"


@given(shares, shares)
def test_a_higher_share_answered_is_better(a: float, b: float) -> None:
    change = change_in_share(a, b, good="up")
    if round(a * 1000) != round(b * 1000):
        assert change.verdict == ("better" if b > a else "worse")


@given(counts, counts, st.integers(min_value=1, max_value=12))
def test_volume_is_compared_per_month_and_never_judged(a: int, b: int, months: int) -> None:
    change = change_in_volume(a, 12, b, months, good="neither")
    assert change.verdict in ("neutral", None)
    if a and b * 12 > a * months * 1.001:
        assert change.direction == "up"
    if a and b * 12 < a * months * 0.999:
        assert change.direction == "down"


def test_missing_figures_are_not_comparable() -> None:
    assert change_in_seconds(None, 30.0, good="down").words == "not comparable"
    assert change_in_share(0.5, None, good="up").arrow == ""


def test_span_sizes() -> None:
    assert is_whole_months(date(2023, 1, 1), date(2023, 8, 31))
    assert not is_whole_months(date(2023, 1, 1), date(2023, 8, 30))
    assert span_size(date(2023, 1, 1), date(2023, 8, 31), in_months=True) == 8
    assert span_size(date(2022, 1, 1), date(2022, 12, 31), in_months=False) == 365
    # Seed 001: 436,950 calls in 2022, 254,875 to the end of August 2023: "12.5%" down.
    seed = change_in_volume(436_950, 12, 254_875, 8, good="neither")
    assert seed.relative is not None
    assert round(seed.relative * 100, 1) == -12.5

"""The load test's figures: nearest-rank percentiles, as the table reports p50 and p99."""

from __future__ import annotations

import pytest

from loadtest.stats import percentile, rate


def test_p50_and_p99_of_a_hundred_answers_are_the_50th_and_99th_slowest() -> None:
    times = [float(n) for n in range(100, 0, -1)]  # 1..100 ms, in any order
    assert percentile(times, 0.5) == 50.0
    assert percentile(times, 0.99) == 99.0
    assert percentile(times, 1.0) == 100.0


def test_one_slow_answer_in_a_hundred_is_not_the_p99_but_two_are() -> None:
    assert percentile([10.0] * 99 + [5000.0], 0.99) == 10.0
    assert percentile([10.0] * 98 + [5000.0] * 2, 0.99) == 5000.0


def test_a_single_answer_is_every_percentile_and_none_is_zero() -> None:
    assert percentile([7.0], 0.5) == percentile([7.0], 0.99) == 7.0
    assert percentile([], 0.99) == 0.0


def test_a_fraction_outside_0_to_1_is_refused() -> None:
    with pytest.raises(ValueError, match="fraction"):
        percentile([1.0], 0)
    with pytest.raises(ValueError, match="fraction"):
        percentile([1.0], 99)


def test_rate_of_nothing_in_no_time_is_zero() -> None:
    assert rate(600, 2.0) == 300.0
    assert rate(5, 0.0) == 0.0

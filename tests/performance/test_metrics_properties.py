"""Properties of the pure metrics, over any calls."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from civicdesk.performance.metrics import (
    Call,
    LineFigures,
    figures_as_dict,
    line_metrics,
    outcomes_add_up,
)

START = datetime(2023, 1, 1, tzinfo=UTC)
OUTCOMES = ["answered", "abandoned_ivr", "abandoned_queue", "callback", "transferred"]


@st.composite
def calls(draw: st.DrawFn) -> Call:
    outcome = draw(st.sampled_from(OUTCOMES))
    gaps = draw(st.lists(st.integers(0, 600), min_size=4, max_size=4))
    presented = START + timedelta(seconds=draw(st.integers(0, 86_400)))
    queued = draw(st.booleans()) or outcome == "abandoned_queue"
    ivr_exit = presented + timedelta(seconds=gaps[0])
    queue_entered = ivr_exit if queued else None
    picked_up = (queue_entered or ivr_exit) + timedelta(seconds=gaps[1])
    answered = picked_up if outcome in ("answered", "transferred") else None
    ended = picked_up + timedelta(seconds=gaps[2])
    return Call(
        line=draw(st.sampled_from(["A", "B"])),
        outcome=outcome,
        presented_at=presented,
        ivr_exit_at=ivr_exit,
        queue_entered_at=queue_entered,
        queue_exited_at=picked_up if queued else None,
        answered_at=answered,
        ended_at=ended,
        wrap_seconds=draw(st.none() | st.integers(0, 300)),
    )


COUNTS = (
    "presented",
    "answered",
    "abandoned_ivr",
    "abandoned_queue",
    "short_abandons",
    "callbacks",
    "transferred",
)


def _by_line(figures: list[LineFigures]) -> dict[str, LineFigures]:
    return {f.line: f for f in figures}


@given(st.lists(calls(), max_size=40), st.integers(0, 120))
def test_outcomes_partition_the_presented_calls(batch: list[Call], target: int) -> None:
    for f in line_metrics(batch, service_level_seconds=target):
        parts = f.answered + f.abandoned_ivr + f.abandoned_queue + f.short_abandons + f.callbacks
        assert parts == f.presented
        assert f.transferred <= f.answered
        assert f.service_level is None or 0 <= f.service_level <= 1
        assert f.transfer_rate is None or 0 <= f.transfer_rate <= 1
        for mean in (f.ata_seconds, f.mean_wait_seconds, f.aht_seconds):
            assert mean is None or mean >= 0


@given(st.lists(calls(), max_size=30), st.lists(calls(), max_size=30))
def test_counts_of_two_lists_add_up(first: list[Call], second: list[Call]) -> None:
    one, two = _by_line(line_metrics(first)), _by_line(line_metrics(second))
    both = _by_line(line_metrics(first + second))
    assert set(both) == set(one) | set(two)
    for line, figures in both.items():
        for name in COUNTS:
            expected = sum(getattr(part[line], name) for part in (one, two) if line in part)
            assert getattr(figures, name) == expected


@given(st.lists(calls(), min_size=1, max_size=30))
def test_a_longer_target_never_lowers_the_service_level(batch: list[Call]) -> None:
    strict, lenient = line_metrics(batch, service_level_seconds=10), line_metrics(batch)
    for low, high in zip(strict, lenient, strict=True):
        assert (low.service_level or 0) <= (high.service_level or 0)


@given(
    st.lists(calls(), max_size=40),
    st.integers(0, 120),
    st.dictionaries(st.sampled_from(["A", "B"]), st.integers(0, 60)),
)
def test_the_published_counts_add_up_to_presented_whatever_the_thresholds(
    batch: list[Call], target: int, own: dict[str, int]
) -> None:
    for f in line_metrics(batch, service_level_seconds=target, short_abandon_by_line=own):
        row = figures_as_dict(f)
        parts = ("answered", "abandoned_ivr", "abandoned_queue", "short_abandons", "callbacks")
        assert sum(int(row[key]) for key in parts) == row["presented"]  # type: ignore[call-overload]
        assert outcomes_add_up(f)
        assert row["transfer_rate"] == (
            None if not f.answered else round(f.transferred / f.answered, 4)
        )


@given(st.lists(calls(), max_size=40), st.integers(0, 60))
def test_a_lines_own_short_abandon_threshold_is_used_for_it_alone(
    batch: list[Call], seconds: int
) -> None:
    mixed = _by_line(line_metrics(batch, short_abandon_by_line={"A": seconds}))
    only_a = _by_line(
        line_metrics([c for c in batch if c.line == "A"], short_abandon_seconds=seconds)
    )
    default = _by_line(line_metrics([c for c in batch if c.line == "B"]))
    assert mixed.get("A") == only_a.get("A")
    assert mixed.get("B") == default.get("B")

"""Properties of the cost arithmetic, over any contacts and any prices."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from civicdesk.contacts.vocabulary import ContactChannel
from civicdesk.performance.costs import (
    DEFAULT_PENCE,
    cost_pence,
    cost_per_contact_pence,
    saving_pence,
)

CHANNELS = [str(c) for c in ContactChannel]
counts = st.dictionaries(st.sampled_from(CHANNELS), st.integers(0, 100_000), max_size=6)
prices = st.fixed_dictionaries({c: st.integers(0, 2_000) for c in CHANNELS})


def test_every_channel_has_a_default_cost() -> None:
    assert set(DEFAULT_PENCE) == set(ContactChannel)
    assert (DEFAULT_PENCE["face_to_face"], DEFAULT_PENCE["phone"], DEFAULT_PENCE["web_form"]) == (
        500,
        150,
        15,
    )


@given(counts, counts, prices)
def test_costs_add_up_over_any_split(
    first: dict[str, int], second: dict[str, int], p: dict[str, int]
) -> None:
    both = {c: first.get(c, 0) + second.get(c, 0) for c in set(first) | set(second)}
    assert cost_pence(both, p) == cost_pence(first, p) + cost_pence(second, p)


@given(counts, st.integers(1, 50), prices)
def test_the_same_mix_saves_nothing(
    baseline: dict[str, int], times: int, p: dict[str, int]
) -> None:
    # The period has the baseline's channel mix exactly: each channel `times` as many contacts.
    period = {c: n * times for c, n in baseline.items()}
    saving = saving_pence(period, baseline, p)
    assert saving == (0 if sum(baseline.values()) else None)


@given(counts, counts, prices)
def test_the_saving_is_the_baseline_mean_times_contacts_less_the_cost(
    period: dict[str, int], baseline: dict[str, int], p: dict[str, int]
) -> None:
    saving = saving_pence(period, baseline, p)
    mean = cost_per_contact_pence(baseline, p)
    if mean is None:
        assert saving is None
        return
    exact = mean * sum(period.values()) - cost_pence(period, p)
    assert saving is not None
    assert abs(Decimal(saving) - exact) <= Decimal("0.5")


@given(st.integers(1, 1_000), st.integers(1, 1_000))
def test_moving_calls_online_saves_the_difference_in_price(calls: int, moved: int) -> None:
    moved = min(moved, calls)
    baseline = {"phone": calls}
    period = {"phone": calls - moved, "web_form": moved}
    assert saving_pence(period, baseline, DEFAULT_PENCE) == moved * (150 - 15)

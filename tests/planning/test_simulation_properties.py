"""The fast queue against a plain event-by-event simulation of the same rules, over any inputs.

`reference_queue` below is the obvious simulation: a clock, a queue of waiting calls, a count of
busy agents and a list of future events (arrivals, ends of handling, residents giving up,
interval boundaries). `queue_line` takes a shortcut (one pass over calls in order of arrival);
given the same calls both must answer the same calls at the same moments and lose the others at
the same moments, to the last bit.
"""

from __future__ import annotations

import heapq
from collections import deque

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from civicdesk.planning.simulation import LineModel, simulate
from civicdesk.planning.simulation_inputs import (
    HandleTimes,
    close_times,
    draw_patience,
    forecast_arrivals,
)
from civicdesk.planning.simulation_queue import queue_line

INTERVAL = 600.0
ARRIVE, END, GIVE_UP, BOUNDARY = "arrive", "end", "give up", "boundary"


def reference_queue(
    arrivals: np.ndarray,
    patience: np.ndarray,
    handle: np.ndarray,
    staffing: np.ndarray,
    opened: np.ndarray,
) -> tuple[list[float], list[bool]]:
    """When each call left the queue and whether it was answered, event by event."""
    events: list[tuple[float, int, str, int]] = []
    order = 0

    def schedule(time: float, kind: str, call: int = -1) -> None:
        nonlocal order
        heapq.heappush(events, (time, order, kind, call))
        order += 1

    for call, arrived in enumerate(arrivals.tolist()):
        schedule(arrived, ARRIVE, call)
    for k in range(1, staffing.size + 1):
        schedule(k * INTERVAL, BOUNDARY, k)
    exits = [0.0] * arrivals.size
    answered = [False] * arrivals.size
    waiting: deque[int] = deque()
    busy, agents = 0, int(staffing[0])
    while events:
        now, _, kind, call = heapq.heappop(events)
        if kind == ARRIVE:
            waiting.append(call)
            schedule(now + float(patience[call]), GIVE_UP, call)
        elif kind == END:
            busy -= 1
        elif kind == GIVE_UP and call in waiting:
            waiting.remove(call)
            exits[call] = now
        elif kind == BOUNDARY:
            closes = call == staffing.size or (opened[call - 1] and not opened[call])
            while closes and waiting:  # the line closes: calls still waiting are ended
                exits[waiting.popleft()] = now
            agents = int(staffing[call]) if call < staffing.size else 0
        while waiting and busy < agents:
            started = waiting.popleft()
            exits[started], answered[started] = now, True
            busy += 1
            schedule(now + float(handle[started]), END)
    return exits, answered


@st.composite
def lines(draw: st.DrawFn) -> dict[str, object]:
    intervals = draw(st.integers(1, 10))
    return {
        "seed": draw(st.integers(0, 2**32 - 1)),
        "staffing": np.array(
            draw(st.lists(st.integers(0, 4), min_size=intervals, max_size=intervals))
        ),
        "opened": np.array(draw(st.lists(st.booleans(), min_size=intervals, max_size=intervals))),
        "calls": draw(st.floats(0, 30)),
        "patience": draw(st.none() | st.floats(10, 2000)),
        "handle": draw(st.floats(30, 1200)),
    }


@settings(max_examples=300, deadline=None)
@given(lines())
def test_the_fast_queue_matches_an_event_by_event_simulation(line: dict) -> None:
    rng = np.random.default_rng(line["seed"])
    staffing, opened = line["staffing"], line["opened"]
    arrivals = forecast_arrivals(rng, np.full(staffing.size, line["calls"]), INTERVAL)
    arrivals = arrivals[opened[(arrivals // INTERVAL).astype(int)]]
    patience = draw_patience(rng, line["patience"], arrivals.size)
    handle = rng.exponential(line["handle"], arrivals.size)
    closing = close_times(opened, INTERVAL)[(arrivals // INTERVAL).astype(int)]
    exits, answered = queue_line(
        arrivals, np.minimum(arrivals + patience, closing), handle, staffing, INTERVAL
    )
    expected_exits, expected_answered = reference_queue(
        arrivals, patience, handle, staffing, opened
    )
    assert answered.tolist() == expected_answered
    assert exits.tolist() == expected_exits


@settings(max_examples=100, deadline=None)
@given(lines())
def test_every_presented_call_is_answered_or_abandoned_in_the_queue(line: dict) -> None:
    model = LineModel("Line", HandleTimes("exponential", line["handle"]), line["patience"])
    result = simulate(
        [model],
        staffing=line["staffing"][None, :],
        arrivals=np.full((1, line["staffing"].size), line["calls"]),
        open_intervals=line["opened"][None, :],
        interval_seconds=INTERVAL,
        seed=line["seed"],
    ).lines["Line"]
    figures, calls = result.figures, result.calls
    assert figures.answered + figures.abandoned_queue + figures.short_abandons == figures.presented
    assert figures.abandoned_ivr == 0
    assert (calls.wait >= 0).all()
    assert (calls.wait[calls.answered] <= calls.patience[calls.answered]).all()
    answered_at = calls.left_queue[calls.answered]
    assert (np.diff(answered_at) >= 0).all()  # first come, first served
    # Whenever a call is answered, fewer calls are being handled than agents are on shift.
    ends = calls.ended[calls.answered]
    busy = (answered_at[None, :] < ends[:, None]) & (answered_at[:, None] <= answered_at[None, :])
    agents = line["staffing"][(answered_at // INTERVAL).astype(int)]
    assert (busy.sum(axis=0) <= agents).all()

"""One line's queue: first come, first served, staffing per interval, residents who hang up.

The rules, for calls presented to the line (arriving while it is open) in order of arrival:

- A call is answered at the first moment `t`, not before it arrived, when fewer calls are being
  handled than the agents on shift at `t` (the staffing of `t`'s interval). Agents are counted,
  not named: when staffing drops at an interval boundary, agents busy then finish their call,
  and no new call is answered until fewer than the new number are busy.
- First come, first served: a call is never answered before one that arrived earlier and is
  still waiting.
- A call not answered by `arrival + patience` gives up then (abandoned in the queue). A resident
  whose patience ends at the very moment an agent frees up gives up.
- When the line closes (the end of a run of open intervals, or the end of the period), calls
  still waiting are ended then and count as abandoned in the queue: no call is answered while
  the line is closed. Calls being handled at closing time are finished.

Under first come, first served the answer time of each call depends only on the calls before it,
so one pass in order of arrival settles every call (the Kiefer-Wolfowitz recursion, with calls
that give up taking no agent). The state is the sorted list of the end times of calls answered
so far: fewer than `n` agents are busy at `t` exactly when the `n`-th latest end time is at or
before `t`. Only the latest `max(staffing)` end times can ever matter, so the list stays short.
Each call costs a comparison and a sorted insert; a call that must wait also walks the intervals
until one has a free agent.
"""

from __future__ import annotations

from bisect import insort

import numpy as np

from civicdesk.planning.simulation_inputs import BoolArray, FloatArray, IntArray


def _first_free(
    ends: list[float],
    arrived: float,
    limit: float,
    interval: int,
    staffing: list[int],
    interval_seconds: float,
) -> float:
    """When a call that arrived at `arrived` (in `interval`) is answered, or `inf` if it would
    not be before `limit`. The result may be at or after `limit`; the caller compares."""
    size = len(ends)
    t = arrived
    k = interval
    while True:
        agents = staffing[k]
        interval_end = (k + 1) * interval_seconds
        if agents:
            if size >= agents:
                freed = ends[size - agents]
                start = freed if freed > t else t
            else:
                start = t
            if start < interval_end:
                return start
        if interval_end >= limit:
            return float("inf")
        t = interval_end
        k += 1


def queue_line(
    arrivals: FloatArray,
    limits: FloatArray,
    handle: FloatArray,
    staffing: IntArray,
    interval_seconds: float,
) -> tuple[FloatArray, BoolArray]:
    """Answer or lose each call of one line.

    `arrivals` are sorted seconds from the start of the period, each in an open interval;
    `limits[i]` is when call `i` stops waiting: `min(arrival + patience, closing time)`;
    `handle[i]` its handle time if answered; `staffing[k]` the agents on shift in interval `k`.
    Returns, per call, when it left the queue (answered, gave up, or the line closed) and
    whether it was answered.
    """
    staff: list[int] = staffing.tolist()
    agents_at: list[int] = staffing[(arrivals // interval_seconds).astype(np.int64)].tolist()
    keep = max(staff, default=0)
    cap = 2 * keep + 16
    ends: list[float] = []
    size = 0  # len(ends)
    starts: list[float] = []  # when each call was answered; NaN for calls lost
    lost, start_, insert = float("nan"), starts.append, insort
    for arrived, limit, hold, agents in zip(
        arrivals.tolist(), limits.tolist(), handle.tolist(), agents_at, strict=True
    ):
        if agents > size or (agents and ends[size - agents] <= arrived):
            start = arrived  # an agent is free: answered at once
        else:
            start = _first_free(
                ends, arrived, limit, int(arrived // interval_seconds), staff, interval_seconds
            )
            if start >= limit:
                start_(lost)
                continue
        insert(ends, start + hold)
        size += 1
        if size > cap:
            del ends[: size - keep]
            size = keep
        start_(start)
    answered_at = np.array(starts, dtype=np.float64)
    answered = ~np.isnan(answered_at)
    return np.where(answered, answered_at, limits), answered

"""The agents on each line before a change: enough for the standard, or as recorded. Pure.

- `required_agents`: the fewest agents per interval meeting each line's published standard, by
  Erlang A (`erlang_a_required_grid`): the service level within T and, when the standard has
  one, the largest abandonment rate.
- `matched_agents`: agents in proportion to each interval's offered load, with one factor per
  line chosen so that Erlang A gives the abandonment rate the line's calls recorded. The
  recorded calls say how many residents gave up, not how many agents were on the phones; this
  infers a staffing that would have given that, so that the baseline looks like the period as
  it was (long waits included) rather than as the standard would have it.
"""

from __future__ import annotations

import numpy as np

from civicdesk.planning.erlang_a import erlang_a_grid, erlang_a_required_grid
from civicdesk.planning.scenario_baseline import Baseline, BoolArray, FloatArray, IntArray


def required_agents(baseline: Baseline, calls: FloatArray, aht: FloatArray) -> IntArray:
    """The fewest agents per interval meeting each line's standard, by Erlang A.

    Worked out once for each line and number of calls: a line's intervals with the same calls
    need the same agents, and a period of months has a few hundred distinct ones, not tens of
    thousands of intervals."""
    agents = np.zeros(calls.shape, dtype=np.int64)
    groups: dict[tuple[float, float | None], list[int]] = {}
    for index, line in enumerate(baseline.lines):
        key = (line.service_level_target, line.max_abandonment)
        groups.setdefault(key, []).append(index)
    for (level, abandonment), members in groups.items():
        rows = np.array(members)
        lines = [baseline.lines[i] for i in members]
        grid = calls[rows]
        line_of = np.broadcast_to(np.arange(len(members)).reshape(-1, 1, 1), grid.shape)
        pairs = np.stack([line_of.ravel(), grid.ravel()], axis=1)
        distinct, inverse = np.unique(pairs, axis=0, return_inverse=True)
        which = distinct[:, 0].astype(np.int64)
        found = erlang_a_required_grid(
            calls=distinct[:, 1],
            interval_seconds=baseline.interval_seconds,
            aht_seconds=aht[rows][which],
            patience_seconds=np.array([x.patience_seconds for x in lines])[which],
            target_seconds=np.array([x.answer_within_seconds for x in lines])[which],
            target_service_level=level,
            max_abandonment=abandonment,
        ).agents
        agents[rows] = found.reshape(-1)[inverse.reshape(-1)].reshape(grid.shape)
    return agents


MATCH_ROUNDS = 24


def matched_agents(baseline: Baseline, calls: FloatArray, aht: FloatArray) -> IntArray:
    """Agents in proportion to each interval's offered load, ``ceil(c x load)``, with one
    factor ``c`` per line: the smallest for which Erlang A's abandonment over the period is at
    most the line's recorded abandonment (bisection on every line at once). Lines with no
    recorded abandonment get the required agents."""
    lines = baseline.lines
    shape = (len(lines), 1, 1)
    load = calls * aht.reshape(shape) / baseline.interval_seconds
    target = np.array(
        [np.nan if x.recorded_abandonment is None else x.recorded_abandonment for x in lines]
    )
    total = calls.sum(axis=(1, 2))
    patience = np.array([x.patience_seconds for x in lines]).reshape(shape)
    within = np.array([x.answer_within_seconds for x in lines]).reshape(shape)

    def agents_at(factor: FloatArray) -> IntArray:
        return np.where(calls > 0, np.ceil(factor.reshape(shape) * load - 1e-9), 0).astype(np.int64)

    def meets(factor: FloatArray) -> BoolArray:
        grid = erlang_a_grid(
            calls=calls,
            interval_seconds=baseline.interval_seconds,
            aht_seconds=aht.reshape(shape),
            patience_seconds=patience,
            agents=np.maximum(agents_at(factor), (calls > 0).astype(np.int64)),
            target_seconds=within,
        )
        lost = (calls * grid.p_abandon).sum(axis=(1, 2))
        rate = np.divide(lost, total, out=np.zeros_like(total), where=total > 0)
        return np.asarray(rate <= np.nan_to_num(target, nan=1.0) + 1e-12, dtype=np.bool_)

    low, high = np.zeros(len(lines)), np.full(len(lines), 2.0)
    for _ in range(8):  # widen until every line meets its target
        failing = ~meets(high)
        if not failing.any():
            break
        high[failing] *= 2
    for _ in range(MATCH_ROUNDS):
        middle = (low + high) / 2
        ok = meets(middle)
        high = np.where(ok, middle, high)
        low = np.where(ok, low, middle)
    agents = np.maximum(agents_at(high), (calls > 0).astype(np.int64))
    unknown = np.isnan(target)
    if unknown.any():
        agents[unknown] = required_agents(baseline, calls, aht)[unknown]
    return agents

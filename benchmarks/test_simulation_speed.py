"""A year of the contact centre simulated (issue 6): 437,000 residents' calls over 16 lines.

Run with `make bench`. The target is under 1 second. The same year also runs through a SimPy
model of the same system (benchmarks/peers/simpy_model.py, `pip install -e .[bench]`); it
consumes the same random numbers, so it must give the same figures, and the benchmark checks
that it does before reporting the ratio of the two times (`extra_info["ratio_to_civicdesk"]`).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from datetime import date, timedelta

import holidays
import numpy as np
import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from civicdesk.performance.metrics import LineFigures
from civicdesk.planning.simulation import LineModel, SimulationResult, simulate, tally_of
from civicdesk.planning.simulation_inputs import HandleTimes

CALLS = 437_000  # residents' calls in the year, before transfers to tier 2
FIRST_DAY, DAYS = date(2025, 1, 1), 365
HALF_HOUR = 1800.0
SEED = 2025
# Tier 1: name, share of the calls, mean handle time (s), sigma of its log, mean patience (s),
# staffing safety (agents above the load, in square roots of the load: below 0 is short-staffed).
TIER_1 = [
    ("Council Tax", 0.20, 330, 0.7, 300, 0.6),
    ("Housing Benefits tier 1", 0.15, 420, 0.8, 360, -0.2),
    ("Waste and Recycling", 0.12, 240, 0.6, 240, 0.8),
    ("Housing Options", 0.10, 480, 0.9, 420, 0.0),
    ("Parking", 0.08, 270, 0.6, 240, 0.5),
    ("Business Rates", 0.07, 360, 0.7, 300, 0.7),
    ("Adult Social Care", 0.06, 540, 0.9, 420, 0.3),
    ("Registrars", 0.06, 300, 0.5, 300, 0.9),
    ("Planning", 0.05, 420, 0.8, 360, 0.1),
    ("Environmental Health", 0.05, 330, 0.7, 300, 0.4),
    ("Electoral Registration", 0.03, 240, 0.5, 240, 1.0),
    ("Blue Badges", 0.03, 360, 0.6, 300, 0.2),
]
# Tier 2: name, mean handle time, sigma, patience, and the share of each tier-1 line it takes.
TIER_2 = [
    ("Council Tax tier 2", 720, 0.7, 420, 0.10),
    ("Housing Benefits tier 2", 900, 0.8, 480, 0.15),
    ("Housing Options tier 2", 840, 0.8, 480, 0.12),
    ("Social Care tier 2", 960, 0.9, 480, 0.08),
]
FEEDS = [0, 1, 3, 1, 0, 0, 3, 2, 2, 0, 2, 3]  # the tier-2 line each tier-1 line transfers to
WEEKDAY = np.array([1.25, 1.05, 1.0, 0.95, 0.85, 0, 0])
MONTH = np.array([1.15, 1.05, 1.2, 1.3, 1.0, 0.95, 0.9, 0.85, 1.0, 1.0, 0.95, 0.8])


@dataclass(frozen=True)
class Year:
    lines: list[LineModel]
    staffing: np.ndarray
    arrivals: np.ndarray
    open_intervals: np.ndarray


def _intraday(first: int, last: int) -> np.ndarray:
    """A day's shape over half hours: a morning peak at 10:00, a lunchtime dip, a quiet end."""
    hours = (np.arange(48) + 0.5) / 2
    shape = 1 + 0.8 * np.exp(-((hours - 10) ** 2) / 2) - 0.25 * np.exp(-((hours - 13) ** 2))
    shape[:first] = shape[last:] = 0
    return shape


def _open(first: int, last: int) -> np.ndarray:
    days = [FIRST_DAY + timedelta(days=d) for d in range(DAYS)]
    bank = holidays.country_holidays("GB", subdiv="ENG", years=FIRST_DAY.year)
    open_days = np.array([d.weekday() < 5 and d not in bank for d in days])
    return np.repeat(open_days, 48) & np.tile(_intraday(first, last) > 0, DAYS)


def _staffing(load: np.ndarray, safety: float, opened: np.ndarray) -> np.ndarray:
    agents = np.ceil(load + safety * np.sqrt(load))
    return np.where(opened, np.maximum(agents, 1), 0).astype(np.int64)


def the_year() -> Year:
    """The forecast, opening hours (tier 1 08:30-17:30, tier 2 09:00-17:00, weekdays but bank
    holidays) and staffing planned from the forecast, for 16 lines over 2025 in half hours."""
    days = [FIRST_DAY + timedelta(days=d) for d in range(DAYS)]
    daily = np.array([WEEKDAY[d.weekday()] * MONTH[d.month - 1] for d in days])
    tier1_open, tier2_open = _open(17, 35), _open(18, 34)
    profile = np.repeat(daily, 48) * np.tile(_intraday(17, 35), DAYS) * tier1_open
    profile *= CALLS / profile.sum()
    lines, arrivals, staffing, opened = [], [], [], []
    for i, (name, share, aht, sigma, patience, safety) in enumerate(TIER_1):
        handle = HandleTimes("lognormal", aht, sigma)
        target, *_, transfer_share = TIER_2[FEEDS[i]]
        lines.append(LineModel(name, handle, patience, target, transfer_share))
        arrivals.append(share * profile)
        staffing.append(_staffing(share * profile * aht / HALF_HOUR, safety, tier1_open))
        opened.append(tier1_open)
    for j, (name, aht, sigma, patience, _) in enumerate(TIER_2):
        lines.append(LineModel(name, HandleTimes("lognormal", aht, sigma), patience))
        sent = sum(TIER_1[i][1] * TIER_2[j][4] for i in range(len(TIER_1)) if FEEDS[i] == j)
        arrivals.append(np.zeros_like(profile))
        staffing.append(_staffing(sent * profile * aht / HALF_HOUR, 0.5, tier2_open))
        opened.append(tier2_open)
    return Year(lines, np.array(staffing), np.array(arrivals), np.array(opened))


def simulate_year(year: Year) -> SimulationResult:
    return simulate(
        year.lines,
        staffing=year.staffing,
        arrivals=year.arrivals,
        open_intervals=year.open_intervals,
        interval_seconds=HALF_HOUR,
        seed=SEED,
    )


YEAR = the_year()
TIMES: dict[str, float] = {}


def test_a_year_of_437000_calls_over_16_lines(benchmark: BenchmarkFixture) -> None:
    result = benchmark(simulate_year, YEAR)
    if benchmark.stats:
        TIMES["civicdesk"] = benchmark.stats.stats.median
    residents = sum(int((~line.calls.from_transfer).sum()) for line in result.lines.values())
    total = result.total()
    benchmark.extra_info.update(
        residents_calls=residents, presented=total.presented, transferred=total.transferred
    )
    assert len(result.lines) == 16
    assert residents == pytest.approx(CALLS, rel=0.01)
    assert total.transferred > 0
    assert 0 < total.service_level < 1


@pytest.mark.skipif(
    importlib.util.find_spec("simpy") is None,
    reason="the SimPy peer needs simpy: pip install -e .[bench]",
)
def test_the_same_year_in_simpy(benchmark: BenchmarkFixture) -> None:
    from benchmarks.peers.simpy_model import simulate_simpy

    peer = benchmark.pedantic(
        simulate_simpy,
        args=(YEAR.lines,),
        kwargs={
            "staffing": YEAR.staffing,
            "arrivals": YEAR.arrivals,
            "open_intervals": YEAR.open_intervals,
            "interval_seconds": HALF_HOUR,
            "seed": SEED,
        },
        rounds=1,
    )
    ours = simulate_year(YEAR)
    for name, (calls, refused) in peer.items():
        figures = tally_of(calls, service_level_seconds=20, short_abandon_seconds=5).figures(name)
        assert_same(ours.lines[name].figures, figures)
        assert ours.lines[name].refused == refused
    if benchmark.stats and "civicdesk" in TIMES:
        ratio = benchmark.stats.stats.median / TIMES["civicdesk"]
        benchmark.extra_info["ratio_to_civicdesk"] = round(ratio, 1)


def assert_same(ours: LineFigures, peer: LineFigures) -> None:
    """Counts equal; averages equal up to SimPy's clock (it adds delays to the current time)."""
    assert ours.presented == peer.presented
    assert ours.answered == peer.answered
    assert ours.abandoned_queue == peer.abandoned_queue
    assert ours.short_abandons == peer.short_abandons
    assert ours.transferred == peer.transferred
    assert ours.service_level == peer.service_level
    for mine, theirs in [
        (ours.ata_seconds, peer.ata_seconds),
        (ours.mean_wait_seconds, peer.mean_wait_seconds),
        (ours.aht_seconds, peer.aht_seconds),
    ]:
        assert mine == pytest.approx(theirs, rel=1e-9)
